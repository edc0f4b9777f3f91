package dev.kontextbot.adapter.slack;

import dev.kontextbot.adapter.words.Words;
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
    Download download(Words words, String urlPrivate) {
        GuardedGet.Outcome outcome = files.get(urlPrivate, Headers.of("Authorization", "Bearer " + settings.botToken()), settings.maxFileBytes());
        if (outcome instanceof GuardedGet.Outcome.Fetched fetched) {
            return new Download(Optional.of(fetched.bytes()), null);
        }
        GuardedGet.Outcome.Refused refused = (GuardedGet.Outcome.Refused) outcome;
        return Download.failed(switch (refused.reason()) {
            case NOT_A_URL, SCHEME, HOST, ADDRESS, REDIRECT_NOWHERE, TOO_MANY_REDIRECTS -> words.say("slack.file.notSlack");
            case HTTP_STATUS -> words.say("slack.file.status", "status", refused.detail());
            case TOO_LARGE -> words.say("slack.file.tooLarge", "megabytes", settings.maxFileBytes() / (1024 * 1024));
            case UNKNOWN_HOST, TIMEOUT, UNREACHABLE -> words.say("slack.file.failed");
        });
    }

    record Download(Optional<byte[]> bytes, String problem) {
        static Download failed(String problem) {
            return new Download(Optional.empty(), problem);
        }
    }
}
