package dev.kontextbot.provider.comfyui;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kontextbot.engine.model.OutputFormat;
import dev.kontextbot.engine.model.ProviderFailure;
import dev.kontextbot.engine.port.FailureKind;
import dev.kontextbot.engine.port.GeneratedImage;
import dev.kontextbot.engine.port.PollOutcome;
import dev.kontextbot.provider.http.AnswerReading;
import dev.kontextbot.provider.http.ProviderHttp;
import okhttp3.HttpUrl;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One ended prompt of {@code /history}: its saved images fetched through {@code /view}, or why it made none (the
 * node that failed, or that it was interrupted).
 */
final class ComfyUiResults {
    private final String baseUrl;
    private final ProviderHttp http;
    private final AnswerReading reading;
    private final long maxBytes;

    ComfyUiResults(String baseUrl, ProviderHttp http, AnswerReading reading, long maxBytes) {
        this.baseUrl = baseUrl;
        this.http = http;
        this.reading = reading;
        this.maxBytes = maxBytes;
    }

    /** {@code entry}: {@code {outputs: {node: {images: [{filename, subfolder, type}]}}, status: {status_str, messages}}}. */
    PollOutcome read(JsonNode entry, long seed, OutputFormat format) {
        JsonNode status = entry.path("status");
        for (JsonNode message : status.path("messages")) {
            String kind = message.path(0).asText("");
            JsonNode data = message.path(1);
            if (kind.equals("execution_interrupted")) {
                return new PollOutcome.Failed(FailureKind.CANCELLED, new ProviderFailure.Plain(ComfyUiProvider.SERVICE, ProviderFailure.Situation.EDIT_STOPPED));
            }
            if (kind.equals("execution_error")) {
                return new PollOutcome.Failed(FailureKind.PROVIDER_ERROR, new ProviderFailure.CouldNotRun(ComfyUiProvider.SERVICE,
                        data.path("node_type").asText("a node") + " (node " + data.path("node_id").asText("?") + ") failed: "
                        + shortened(data.path("exception_message").asText("no reason given").strip())));
            }
        }
        if (status.path("status_str").asText("").equals("error")) {
            return new PollOutcome.Failed(FailureKind.PROVIDER_ERROR, new ProviderFailure.Plain(ComfyUiProvider.SERVICE, ProviderFailure.Situation.FAILED_WITHOUT_REASON));
        }
        List<GeneratedImage> images = new ArrayList<>();
        for (JsonNode node : entry.path("outputs")) {
            for (JsonNode image : node.path("images")) {
                // Previews (type temp) are a node's look at an intermediate image, not a result.
                if (!image.path("type").asText("output").equals("output") || !image.path("filename").isTextual()) {
                    continue;
                }
                ProviderHttp.Download download = http.download(view(image), maxBytes);
                if (download instanceof ProviderHttp.Download.Failed failed) {
                    return reading.downloadFailure(failed);
                }
                ProviderHttp.Download.Fetched fetched = (ProviderHttp.Download.Fetched) download;
                try {
                    images.add(as(format, fetched, seed));
                } catch (IOException e) {
                    return new PollOutcome.Failed(FailureKind.PROVIDER_ERROR, new ProviderFailure.UnreadableResult(ComfyUiProvider.SERVICE, e.getMessage()));
                }
            }
        }
        if (images.isEmpty()) {
            return new PollOutcome.Failed(FailureKind.PROVIDER_ERROR,
                    new ProviderFailure.Plain(ComfyUiProvider.SERVICE, ProviderFailure.Situation.FINISHED_WITHOUT_SAVING));
        }
        return new PollOutcome.Completed(images);
    }

    private String view(JsonNode image) {
        return HttpUrl.get(baseUrl + "/view").newBuilder()
                .addQueryParameter("filename", image.path("filename").asText())
                .addQueryParameter("subfolder", image.path("subfolder").asText(""))
                .addQueryParameter("type", "output")
                .build().toString();
    }

    /**
     * SaveImage writes PNG. A JPEG asked for is encoded here, and the PNG kept as the lossless context of the next
     * turn; every variant of one batch shares the batch's seed, as ComfyUI draws its noise from it.
     */
    private static GeneratedImage as(OutputFormat format, ProviderHttp.Download.Fetched fetched, long seed) throws IOException {
        String mime = fetched.mime() == null ? "image/png" : fetched.mime();
        if (format != OutputFormat.JPEG || mime.equals(OutputFormat.JPEG.mime())) {
            return GeneratedImage.of(fetched.bytes(), mime, seed);
        }
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(fetched.bytes()));
        if (decoded == null) {
            throw new IOException("not an image ImageIO reads: " + mime);
        }
        BufferedImage rgb = new BufferedImage(decoded.getWidth(), decoded.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        try {
            g.drawImage(decoded, 0, 0, java.awt.Color.WHITE, null);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(rgb, "jpeg", jpeg);
        return new GeneratedImage(jpeg.toByteArray(), OutputFormat.JPEG.mime(), seed, fetched.bytes(), mime);
    }

    private static String shortened(String text) {
        String line = text.lines().findFirst().orElse("");
        return line.length() > 300 ? line.substring(0, 299) + "…" : line;
    }
}
