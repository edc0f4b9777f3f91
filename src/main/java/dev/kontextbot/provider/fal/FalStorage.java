package dev.kontextbot.provider.fal;

import dev.kontextbot.engine.port.SourceImage;
import dev.kontextbot.provider.http.HttpAnswer;
import dev.kontextbot.provider.http.InputImages;
import dev.kontextbot.provider.http.ProviderHttp;
import dev.kontextbot.provider.http.UploadName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * fal's storage upload, as its own clients do it [unverified: not in fal's API reference, read from fal-js
 * {@code storage.ts} and fal-client]: {@code POST /storage/upload/initiate?storage_type=fal-cdn-v3} with
 * {@code {file_name, content_type}} answers {@code {upload_url, file_url}}; a {@code PUT} of the bytes to
 * {@code upload_url} makes them fetchable at {@code file_url}, which a job then takes like any image URL. A failure
 * here costs nothing: the image goes inline as before.
 */
final class FalStorage implements InputImages.Upload {
    private static final Logger log = LoggerFactory.getLogger(FalStorage.class);
    /** Asked of fal through its lifecycle header, so the file does not stay public for ever [unverified]. */
    static final Duration REQUESTED_LIFETIME = Duration.ofDays(1);
    /** How long the bot offers a file again: half what it asked for, in case fal keeps it shorter. */
    static final Duration FILE_LIFETIME = REQUESTED_LIFETIME.dividedBy(2);

    private final FalConfig config;
    private final ProviderHttp http;
    private final InputImages inputs;

    FalStorage(FalConfig config, ProviderHttp http, InputImages inputs) {
        this.config = config;
        this.http = http;
        this.inputs = inputs;
    }

    /** Uploads the image's bytes; its file URL, or none (logged) when fal did not take them. */
    @Override
    public InputImages.Uploaded upload(SourceImage image) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Key " + config.apiKey());
        headers.put("X-Fal-Object-Lifecycle-Preference", "{\"expiration_duration_seconds\":" + REQUESTED_LIFETIME.toSeconds() + "}");
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("file_name", UploadName.of(image.mime()));
        file.put("content_type", image.mime());
        HttpAnswer initiated = http.post(config.storageUrl() + "/storage/upload/initiate?storage_type=fal-cdn-v3", headers, file);
        String uploadUrl = initiated.body().path("upload_url").asText("");
        String fileUrl = initiated.body().path("file_url").asText("");
        if (!initiated.ok() || !isHttp(uploadUrl) || !isHttp(fileUrl)) {
            log.info("fal storage did not start an upload ({}); the image goes inline", initiated.summary());
            return InputImages.Uploaded.failed(0);
        }
        byte[] bytes = image.bytes();
        HttpAnswer put = http.putBytes(uploadUrl, bytes, image.mime());
        long sent = InputImages.Uploaded.reached(put, bytes);
        if (!put.ok()) {
            log.info("fal storage did not take the upload ({}); the image goes inline", put.summary());
            return InputImages.Uploaded.failed(sent);
        }
        return InputImages.Uploaded.at(inputs.uploadedUrl(fileUrl, FILE_LIFETIME), sent);
    }

    private static boolean isHttp(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        return lower.startsWith("https://") || lower.startsWith("http://");
    }

}
