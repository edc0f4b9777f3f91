package dev.kontextbot.provider.runflow;

import dev.kontextbot.engine.port.SourceImage;
import dev.kontextbot.provider.http.HttpAnswer;
import dev.kontextbot.provider.http.InputImages;
import dev.kontextbot.provider.http.ProviderHttp;
import dev.kontextbot.provider.http.UploadName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runflow's documented three-step asset upload, as an {@link InputImages.Upload}: {@code POST /v1/asset-uploads}, a
 * {@code PUT} of the bytes to the presigned {@code upload_url} (no auth header), {@code POST
 * /v1/asset-uploads/{id}/confirmations}; the run then gets the asset's {@code url}, and later turns on the same image send
 * that URL while it lasts. The guide says to reference the asset "by ID"; the Kontext page asks for a URL, so the asset's
 * URL is sent [unverified: that the model fetches it]. Any failure here costs nothing: nothing is billed before the run
 * exists, and the image goes inline instead (Runflow's {@code image_url} takes a data URI), which only the log says.
 */
final class RunflowAssets implements InputImages.Upload {
    private static final Logger log = LoggerFactory.getLogger(RunflowAssets.class);
    /** {@code size_bytes} ≤ 52,428,800 on {@code POST /v1/asset-uploads}. */
    static final long MAX_UPLOAD_BYTES = 52_428_800;
    /**
     * How long an asset's URL is offered again. Runflow documents no lifetime for assets [unverified]; its presigned
     * output URLs last about 3 days [unverified], so an hour, as for its results, is on the safe side.
     */
    static final Duration ASSET_LIFETIME = RunflowProvider.RESULT_LIFETIME;

    private final String base;
    private final ProviderHttp http;
    private final Supplier<Map<String, String>> auth;
    private final InputImages inputs;

    RunflowAssets(String base, ProviderHttp http, Supplier<Map<String, String>> auth, InputImages inputs) {
        this.base = base;
        this.http = http;
        this.auth = auth;
        this.inputs = inputs;
    }

    @Override
    public InputImages.Uploaded upload(SourceImage image) {
        byte[] bytes = image.bytes();
        if (bytes.length > MAX_UPLOAD_BYTES) {
            log.info("an input of {} bytes is over Runflow's asset limit; it goes inline", bytes.length);
            return InputImages.Uploaded.failed(0);
        }
        Map<String, Object> create = new LinkedHashMap<>();
        create.put("filename", UploadName.of(image.mime()));
        create.put("mime_type", image.mime());
        create.put("size_bytes", bytes.length);
        HttpAnswer created = http.post(base + "/v1/asset-uploads", auth.get(), create);
        String assetId = created.body().path("asset_id").asText("");
        String uploadUrl = created.body().path("upload_url").asText("");
        if (!created.ok() || assetId.isBlank() || uploadUrl.isBlank()) {
            log.info("Runflow did not start an asset upload ({}); the image goes inline", describe(created));
            return InputImages.Uploaded.failed(0);
        }
        HttpAnswer put = http.putBytes(uploadUrl, bytes, image.mime());
        long sent = InputImages.Uploaded.reached(put, bytes);
        if (!put.ok()) {
            log.info("Runflow's storage did not take the asset ({}); the image goes inline", describe(put));
            return InputImages.Uploaded.failed(sent);
        }
        HttpAnswer confirmed = http.post(base + "/v1/asset-uploads/" + assetId + "/confirmations", auth.get(), Map.of());
        String url = confirmed.body().path("url").asText("");
        if (!confirmed.ok() || url.isBlank()) {
            log.info("Runflow did not confirm the asset upload ({}); the image goes inline", describe(confirmed));
            return InputImages.Uploaded.failed(sent);
        }
        try {
            return InputImages.Uploaded.at(inputs.uploadedUrl(url, ASSET_LIFETIME), sent);
        } catch (IllegalArgumentException e) {
            log.info("Runflow confirmed the asset with a url that is not one; the image goes inline");
            return InputImages.Uploaded.failed(sent);
        }
    }

    private static String describe(HttpAnswer answer) {
        return answer.summary() + (answer.ok() ? " without what the next step needs" : "");
    }
}
