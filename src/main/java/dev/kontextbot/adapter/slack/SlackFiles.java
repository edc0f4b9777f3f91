package dev.kontextbot.adapter.slack;

import dev.kontextbot.adapter.fetch.GuardedGet;
import okhttp3.Headers;

import java.util.Optional;

/**
 * Downloads a file someone shared, with the bot token, only from Slack's own file hosts over https, redirects
 * included: the token must never travel to a host named in a message.
 */
final class SlackFiles {
    private final GuardedGet files;
    private final SlackSettings settings;

    /** {@code files}: reaches {@link SlackSettings#fileHosts()} and the configured API base URL only. */
    SlackFiles(GuardedGet files, SlackSettings settings) {
        this.files = files;
        this.settings = settings;
    }

    /** The bytes, or empty with a reason a person can read. */
    Download download(String urlPrivate) {
        GuardedGet.Outcome outcome = files.get(urlPrivate, Headers.of("Authorization", "Bearer " + settings.botToken()), settings.maxFileBytes());
        if (outcome instanceof GuardedGet.Outcome.Fetched fetched) {
            return new Download(Optional.of(fetched.bytes()), null);
        }
        GuardedGet.Outcome.Refused refused = (GuardedGet.Outcome.Refused) outcome;
        return Download.failed(switch (refused.reason()) {
            case NOT_A_URL, SCHEME, HOST, ADDRESS, REDIRECT_NOWHERE, TOO_MANY_REDIRECTS -> "That file is not stored on Slack, so I can't fetch it.";
            case HTTP_STATUS -> "Slack would not hand me that file (HTTP " + refused.detail() + "). Is the bot in this channel?";
            case TOO_LARGE -> "That file is larger than " + settings.maxFileBytes() / (1024 * 1024) + " MB.";
            case UNKNOWN_HOST, TIMEOUT, UNREACHABLE -> "I couldn't download that file from Slack; try again in a moment.";
        });
    }

    record Download(Optional<byte[]> bytes, String problem) {
        static Download failed(String problem) {
            return new Download(Optional.empty(), problem);
        }
    }
}
