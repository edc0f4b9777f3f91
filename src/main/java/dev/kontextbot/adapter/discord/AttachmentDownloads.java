package dev.kontextbot.adapter.discord;

import dev.kontextbot.adapter.words.Words;
import dev.kontextbot.adapter.fetch.GuardedGet;
import okhttp3.Headers;

/**
 * Downloads a file someone attached, only from Discord's own CDN over https (an attachment's URL could otherwise
 * be used to make the bot fetch anything), redirects included, with the size capped while streaming.
 */
final class AttachmentDownloads {
    private final GuardedGet cdn;
    private final long maxBytes;

    /** {@code cdn}: reaches Discord's attachment hosts and the configured API base URL only. */
    AttachmentDownloads(GuardedGet cdn, long maxBytes) {
        this.cdn = cdn;
        this.maxBytes = maxBytes;
    }

    sealed interface Download {
        record Fetched(byte[] bytes) implements Download {
        }

        record Refused(String message) implements Download {
        }
    }

    Download download(Words words, String url, long declaredSize) {
        if (declaredSize > maxBytes) {
            return tooLarge(words);
        }
        GuardedGet.Outcome outcome = cdn.get(url, Headers.of(), maxBytes);
        if (outcome instanceof GuardedGet.Outcome.Fetched fetched) {
            return new Download.Fetched(fetched.bytes());
        }
        GuardedGet.Outcome.Refused refused = (GuardedGet.Outcome.Refused) outcome;
        return switch (refused.reason()) {
            case NOT_A_URL, SCHEME, HOST, ADDRESS, REDIRECT_NOWHERE, TOO_MANY_REDIRECTS ->
                    new Download.Refused(words.say("discord.download.notDiscord"));
            case HTTP_STATUS -> new Download.Refused(words.say("discord.download.status", "status", refused.detail()));
            case TOO_LARGE -> tooLarge(words);
            case UNKNOWN_HOST, TIMEOUT, UNREACHABLE ->
                    new Download.Refused(words.say("discord.download.failed"));
        };
    }

    private Download tooLarge(Words words) {
        return new Download.Refused(words.say("discord.download.tooLarge", "megabytes", maxBytes / (1024 * 1024)));
    }
}
