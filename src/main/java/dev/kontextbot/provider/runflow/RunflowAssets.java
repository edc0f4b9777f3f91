package dev.kontextbot.provider.runflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kontextbot.engine.model.ProviderFailure;
import dev.kontextbot.engine.port.FailureKind;
import dev.kontextbot.engine.port.SourceImage;
import dev.kontextbot.engine.port.SubmitOutcome;
import dev.kontextbot.provider.http.AnswerReading;
import dev.kontextbot.provider.http.InputImages;
import dev.kontextbot.provider.http.HttpAnswer;
import dev.kontextbot.provider.http.ProviderHttp;
import dev.kontextbot.provider.http.UploadName;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns the image to edit into the {@code image_url} of a run: a URL Runflow can fetch when one is known
 * ({@link InputImages}); otherwise small images go inline as a data URI (Runflow's upload
 * guide: fine under 1 MiB); larger ones through its documented three-step asset upload — {@code POST
 * /v1/asset-uploads}, a {@code PUT} of the bytes to the presigned {@code upload_url}, {@code POST
 * /v1/asset-uploads/{id}/confirmations} — and the run gets the asset's {@code url}. The guide says to reference the
 * asset "by ID"; the Kontext page asks for a URL, so the asset's URL is sent [unverified: that the model fetches it].
 * Nothing is billed before the run exists, so every failure here may be retried.
 */
final class RunflowAssets {
    /** {@code size_bytes} ≤ 52,428,800 on {@code POST /v1/asset-uploads}. */
    static final long MAX_UPLOAD_BYTES = 52_428_800;

    private final RunflowConfig config;
    private final ProviderHttp http;
    private final AnswerReading reading;

    RunflowAssets(RunflowConfig config, ProviderHttp http, AnswerReading reading) {
        this.config = config;
        this.http = http;
        this.reading = reading;
    }

    sealed interface Reference {
        record Ready(String imageUrl) implements Reference {
        }

        record NotReady(SubmitOutcome outcome) implements Reference {
        }
    }

    Reference of(SourceImage image, InputImages.Sending sending, String base, Map<String, String> auth) {
        java.util.Optional<String> known = sending.url(image);
        if (known.isPresent()) {
            return new Reference.Ready(known.get());
        }
        if (image.bytes().length <= config.inlineMaxBytes()) {
            return new Reference.Ready(sending.dataUri(image));
        }
        if (image.bytes().length > MAX_UPLOAD_BYTES) {
            return new Reference.NotReady(new SubmitOutcome.Rejected(FailureKind.BAD_REQUEST,
                    new ProviderFailure.UploadTooLarge(RunflowProvider.SERVICE, (int) (MAX_UPLOAD_BYTES / (1024 * 1024)))));
        }
        Map<String, Object> create = new LinkedHashMap<>();
        create.put("filename", UploadName.of(image.mime()));
        create.put("mime_type", image.mime());
        create.put("size_bytes", image.bytes().length);
        HttpAnswer created = http.post(base + "/v1/asset-uploads", auth, create);
        String assetId = created.body().path("asset_id").asText("");
        String uploadUrl = created.body().path("upload_url").asText("");
        if (!created.ok() || assetId.isBlank() || uploadUrl.isBlank()) {
            return failed(created, ProviderFailure.UploadStep.CREATE);
        }
        HttpAnswer put = http.putBytes(uploadUrl, image.bytes(), image.mime());
        sending.uploaded(image.bytes().length);
        if (!put.ok()) {
            // 403 is an expired presigned URL: the guide says to create a new upload, which the retry does.
            return put.networkFailed() || put.status() == 403 || put.status() >= 500
                    ? retry(new ProviderFailure.StorageNotNow(RunflowProvider.SERVICE, put.networkFailed() ? put.networkError() : "HTTP " + put.status()))
                    : new Reference.NotReady(new SubmitOutcome.Rejected(FailureKind.PROVIDER_ERROR,
                    new ProviderFailure.StorageRefused(RunflowProvider.SERVICE, put.status())));
        }
        HttpAnswer confirmed = http.post(base + "/v1/asset-uploads/" + assetId + "/confirmations", auth, Map.of());
        String url = confirmed.body().path("url").asText("");
        if (!confirmed.ok() || url.isBlank()) {
            return failed(confirmed, ProviderFailure.UploadStep.CONFIRM);
        }
        return new Reference.Ready(url);
    }

    private Reference failed(HttpAnswer answer, ProviderFailure.UploadStep step) {
        if (answer.networkFailed()) {
            return retry(new ProviderFailure.UploadNotNow(RunflowProvider.SERVICE, step, answer.networkError()));
        }
        if (answer.ok()) {
            return new Reference.NotReady(new SubmitOutcome.Rejected(FailureKind.PROVIDER_ERROR,
                    new ProviderFailure.UploadAnswerIncomplete(RunflowProvider.SERVICE, step)));
        }
        return new Reference.NotReady(reading.submitFailure(answer, AnswerReading.detail(answer.body())));
    }

    private static Reference retry(ProviderFailure reason) {
        return new Reference.NotReady(new SubmitOutcome.RetryLater(null, reason));
    }
}
