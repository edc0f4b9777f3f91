package dev.kontextbot.provider.replicate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kontextbot.engine.port.ImageUrl;
import dev.kontextbot.engine.port.SourceImage;
import dev.kontextbot.provider.http.HttpAnswer;
import dev.kontextbot.provider.http.InputImages;
import dev.kontextbot.provider.http.ProviderHttp;
import dev.kontextbot.provider.http.UploadName;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.RequestBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Replicate's files API as its client libraries use it: {@code POST /v1/files}, multipart with the bytes in a
 * {@code content} part (file name and type), answering the file object ({@code id, size, expires_at, urls: {get}}), whose
 * {@code urls.get} a prediction takes as an input. The file is not deleted after the turn: later turns send its URL
 * while it lasts ({@code expires_at}; one hour when the answer gives none, conservatively), so an image goes up once.
 */
final class ReplicateFiles implements InputImages.Upload {
    /** Assumed when the answer names no {@code expires_at} [unverified: the files' lifetime is not in the docs read]. */
    static final Duration ASSUMED_LIFETIME = Duration.ofHours(1);
    private static final Logger log = LoggerFactory.getLogger(ReplicateFiles.class);

    private final String filesUrl;
    private final String provider;
    private final ProviderHttp http;
    private final Supplier<Map<String, String>> auth;
    private final Clock clock;

    ReplicateFiles(String base, String provider, ProviderHttp http, Supplier<Map<String, String>> auth, Clock clock) {
        this.filesUrl = base + "/v1/files";
        this.provider = provider;
        this.http = http;
        this.auth = auth;
        this.clock = clock;
    }

    @Override
    public InputImages.Uploaded upload(SourceImage image) {
        byte[] bytes = image.bytes();
        RequestBody form = new MultipartBody.Builder().setType(MultipartBody.FORM)
                .addFormDataPart("content", UploadName.of(image.mime()), RequestBody.create(bytes, MediaType.get(image.mime())))
                .build();
        HttpAnswer answer = http.postForm(filesUrl, auth.get(), form);
        long sent = InputImages.Uploaded.reached(answer, bytes);
        String url = answer.body().path("urls").path("get").asText("");
        if (!answer.ok() || url.isBlank()) {
            // The bytes go inline instead, which Replicate always takes: the turn is not held up by its storage.
            log.warn("Replicate's files API did not take an input ({}); sending it inline",
                    answer.summary() + (answer.ok() ? " without urls.get" : ""));
            return InputImages.Uploaded.failed(sent);
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            log.warn("Replicate's files API answered a file URL that is not one; sending the input inline");
            return InputImages.Uploaded.failed(sent);
        }
        Instant until = expiry(answer.body().path("expires_at")).orElse(clock.instant().plus(ASSUMED_LIFETIME));
        return InputImages.Uploaded.at(new ImageUrl(uri, Optional.of(provider), Optional.of(until)), sent);
    }

    private static Optional<Instant> expiry(JsonNode expiresAt) {
        if (!expiresAt.isTextual()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(expiresAt.asText()).toInstant());
        } catch (DateTimeParseException e) {
            log.debug("Replicate named a file's expiry as {}, not a timestamp; assuming {}", expiresAt.asText(), ASSUMED_LIFETIME);
            return Optional.empty();
        }
    }
}
