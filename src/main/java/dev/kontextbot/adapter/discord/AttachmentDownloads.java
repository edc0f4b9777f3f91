package dev.kontextbot.adapter.discord;

import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

/**
 * Downloads a file someone attached, only from Discord's own CDN (an attachment's URL could otherwise be used
 * to make the bot fetch anything), with the size capped while streaming.
 */
final class AttachmentDownloads {
    private final OkHttpClient http;
    private final Set<String> hosts;
    private final long maxBytes;

    AttachmentDownloads(OkHttpClient http, Set<String> hosts, long maxBytes) {
        this.http = http;
        this.hosts = hosts;
        this.maxBytes = maxBytes;
    }

    sealed interface Download {
        record Fetched(byte[] bytes) implements Download {
        }

        record Refused(String message) implements Download {
        }
    }

    Download download(String url, long declaredSize) {
        HttpUrl parsed = url == null ? null : HttpUrl.parse(url);
        if (parsed == null || !hosts.contains(parsed.host())) {
            return new Download.Refused("That attachment is not stored on Discord, so I can't fetch it.");
        }
        if (declaredSize > maxBytes) {
            return tooLarge();
        }
        try (Response response = http.newCall(new Request.Builder().url(parsed).get().build()).execute()) {
            if (!response.isSuccessful()) {
                return new Download.Refused("Discord would not hand me that attachment (HTTP " + response.code() + "); try uploading it again.");
            }
            try (InputStream in = response.body().byteStream()) {
                byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
                return bytes.length > maxBytes ? tooLarge() : new Download.Fetched(bytes);
            }
        } catch (IOException e) {
            return new Download.Refused("I couldn't download that attachment from Discord; try again in a moment.");
        }
    }

    private Download tooLarge() {
        return new Download.Refused("That file is larger than " + maxBytes / (1024 * 1024) + " MB; send a smaller image.");
    }
}
