package dev.kontextbot.adapter.discord;

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

    Download download(String url, long declaredSize) {
        if (declaredSize > maxBytes) {
            return tooLarge();
        }
        GuardedGet.Outcome outcome = cdn.get(url, Headers.of(), maxBytes);
        if (outcome instanceof GuardedGet.Outcome.Fetched fetched) {
            return new Download.Fetched(fetched.bytes());
        }
        GuardedGet.Outcome.Refused refused = (GuardedGet.Outcome.Refused) outcome;
        return switch (refused.reason()) {
            case NOT_A_URL, SCHEME, HOST, ADDRESS, REDIRECT_NOWHERE, TOO_MANY_REDIRECTS ->
                    new Download.Refused("That attachment is not stored on Discord, so I can't fetch it.");
            case HTTP_STATUS -> new Download.Refused("Discord would not hand me that attachment (HTTP " + refused.detail()
                    + "); try uploading it again.");
            case TOO_LARGE -> tooLarge();
            case UNKNOWN_HOST, TIMEOUT, UNREACHABLE ->
                    new Download.Refused("I couldn't download that attachment from Discord; try again in a moment.");
        };
    }

    private Download tooLarge() {
        return new Download.Refused("That file is larger than " + maxBytes / (1024 * 1024) + " MB; send a smaller image.");
    }
}
