package dev.kontextbot.adapter.slack;

import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Downloads a file someone shared, with the bot token, only from Slack's own file hosts: the token must never
 * travel to a host named in a message.
 */
final class SlackFiles {
    private final OkHttpClient http;
    private final SlackSettings settings;

    SlackFiles(OkHttpClient http, SlackSettings settings) {
        this.http = http;
        this.settings = settings;
    }

    /** The bytes, or empty with a reason a person can read. */
    Download download(String urlPrivate) {
        HttpUrl url = urlPrivate == null ? null : HttpUrl.parse(urlPrivate);
        if (url == null || !settings.fileHosts().contains(url.host())) {
            return Download.failed("That file is not stored on Slack, so I can't fetch it.");
        }
        Request request = new Request.Builder().url(url).header("Authorization", "Bearer " + settings.botToken()).get().build();
        try (Response response = http.newCall(request).execute()) {
            if (!response.isSuccessful()) {
                return Download.failed("Slack would not hand me that file (HTTP " + response.code() + "). Is the bot in this channel?");
            }
            try (InputStream in = response.body().byteStream()) {
                byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, settings.maxFileBytes() + 1));
                if (bytes.length > settings.maxFileBytes()) {
                    return Download.failed("That file is larger than " + settings.maxFileBytes() / (1024 * 1024) + " MB.");
                }
                return new Download(Optional.of(bytes), null);
            }
        } catch (IOException e) {
            return Download.failed("I couldn't download that file from Slack; try again in a moment.");
        }
    }

    record Download(Optional<byte[]> bytes, String problem) {
        static Download failed(String problem) {
            return new Download(Optional.empty(), problem);
        }
    }
}
