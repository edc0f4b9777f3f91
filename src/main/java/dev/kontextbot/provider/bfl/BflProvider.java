package dev.kontextbot.provider.bfl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kontextbot.engine.model.ModelTier;
import dev.kontextbot.engine.model.TurnParams;
import dev.kontextbot.engine.port.EditRequest;
import dev.kontextbot.engine.port.FailureKind;
import dev.kontextbot.engine.port.GeneratedImage;
import dev.kontextbot.engine.port.KontextProvider;
import dev.kontextbot.engine.port.PollOutcome;
import dev.kontextbot.engine.port.SubmitOutcome;
import dev.kontextbot.provider.http.AnswerReading;
import dev.kontextbot.provider.http.DataUri;
import dev.kontextbot.provider.http.HttpAnswer;
import dev.kontextbot.provider.http.JobTokens;
import dev.kontextbot.provider.http.ProviderHttp;
import okhttp3.HttpUrl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Black Forest Labs' own API. It has no num_images: n variants are n tasks with seeds s, s+1, …, each polled
 * at the polling_url it was given (which names the region running it).
 */
public final class BflProvider implements KontextProvider {
    private static final String SERVICE = "BFL";

    private final BflConfig config;
    private final ProviderHttp http;
    private final JobTokens<Job> tokens;
    private final AnswerReading reading;

    public BflProvider(BflConfig config, ProviderHttp http) {
        this.config = config;
        this.http = http;
        this.tokens = new JobTokens<>(http.mapper(), Job.class);
        this.reading = new AnswerReading(SERVICE, config.apiKey());
    }

    /** What the engine stores to poll after a restart. */
    record Job(List<Task> tasks) {
    }

    record Task(String id, String pollingUrl, long seed) {
    }

    @Override
    public String name() {
        return "bfl";
    }

    @Override
    public Optional<String> refusal(TurnParams params, boolean hasInputImage) {
        if (params.guidanceScale() != TurnParams.DEFAULT_GUIDANCE) {
            return Optional.of("BFL's Kontext API has no guidance_scale; leave it at 3.5 or use another provider.");
        }
        if (hasInputImage && params.safetyTolerance() > 2) {
            return Optional.of("BFL allows safety_tolerance up to 2 when editing an image; you asked for " + params.safetyTolerance() + ".");
        }
        return Optional.empty();
    }

    @Override
    public SubmitOutcome submit(EditRequest request) {
        TurnParams params = request.params();
        String url = config.baseUrl().replaceAll("/+$", "") + "/v1/flux-kontext-" + params.model().wireName();
        List<Task> started = new ArrayList<>();
        for (int i = 0; i < params.numImages(); i++) {
            long seed = params.seedOf(i);
            HttpAnswer answer = http.post(url, headers(), body(request, seed));
            if (!answer.ok() || !answer.body().path("id").isTextual()) {
                if (started.isEmpty()) {
                    return answer.ok() ? new SubmitOutcome.Rejected(FailureKind.PROVIDER_ERROR, "BFL accepted the edit but returned no task id.")
                            : reading.submitFailure(answer, AnswerReading.detail(answer.body()));
                }
                // Some tasks already run (and cost); keep them rather than resubmit and pay twice.
                break;
            }
            String pollingUrl = answer.body().path("polling_url").asText(null);
            started.add(new Task(answer.body().get("id").asText(), absolute(pollingUrl, answer.body().get("id").asText()), seed));
        }
        return new SubmitOutcome.Submitted(tokens.write(new Job(started)));
    }

    private Map<String, Object> body(EditRequest request, long seed) {
        TurnParams params = request.params();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("prompt", request.prompt());
        request.image().ifPresent(image -> body.put("input_image", DataUri.base64(image)));
        body.put("seed", seed);
        if (params.aspectRatio() != null) {
            body.put("aspect_ratio", params.aspectRatio().ratio());
        }
        body.put("output_format", params.outputFormat().wireName());
        body.put("prompt_upsampling", params.enhancePrompt());
        body.put("safety_tolerance", params.safetyTolerance());
        return body;
    }

    /** BFL documents an absolute polling_url; an old-style reply without one is polled at /v1/get_result. */
    private String absolute(String pollingUrl, String id) {
        String base = config.baseUrl().replaceAll("/+$", "");
        if (pollingUrl == null || pollingUrl.isBlank()) {
            return base + "/v1/get_result?id=" + id;
        }
        HttpUrl resolved = HttpUrl.get(base + "/").resolve(pollingUrl);
        return resolved == null ? pollingUrl : resolved.toString();
    }

    @Override
    public PollOutcome poll(String token) {
        Job job = tokens.read(token);
        List<GeneratedImage> ready = new ArrayList<>();
        String moderated = null;
        String error = null;
        for (Task task : job.tasks()) {
            HttpAnswer answer = http.get(task.pollingUrl(), headers());
            if (!answer.ok()) {
                return reading.pollFailure(answer, AnswerReading.detail(answer.body()));
            }
            String status = answer.body().path("status").asText("");
            switch (status) {
                case "Ready" -> {
                    Object image = fetch(answer.body().path("result"), task);
                    if (image instanceof PollOutcome outcome) {
                        return outcome;
                    }
                    ready.add((GeneratedImage) image);
                }
                case "Request Moderated" -> moderated = "BFL's safety filter flagged the request (the image or the instruction). Nothing was charged.";
                case "Content Moderated" -> moderated = "BFL's safety filter flagged the generated image. Nothing was charged; try another wording.";
                case "Error", "Failed" -> error = "BFL could not run the edit" + detailOf(answer.body()) + ".";
                case "Task not found" -> error = "BFL no longer knows this task. Use Reroll to run it again.";
                default -> {
                    return new PollOutcome.Pending(status.isBlank() ? "running" : status.toLowerCase(java.util.Locale.ROOT), -1);
                }
            }
        }
        if (!ready.isEmpty()) {
            return new PollOutcome.Completed(ready);
        }
        return moderated != null ? new PollOutcome.Failed(FailureKind.MODERATED, moderated)
                : new PollOutcome.Failed(FailureKind.PROVIDER_ERROR, error);
    }

    /** Either the downloaded image or the outcome that stops the poll. */
    private Object fetch(JsonNode result, Task task) {
        String sample = result.path("sample").asText(null);
        if (sample == null) {
            return new PollOutcome.Failed(FailureKind.PROVIDER_ERROR, "BFL reported the task ready but gave no image.");
        }
        ProviderHttp.Download download = http.download(sample, config.maxResultBytes());
        if (download instanceof ProviderHttp.Download.Failed failed) {
            return reading.downloadFailure(failed);
        }
        ProviderHttp.Download.Fetched fetched = (ProviderHttp.Download.Fetched) download;
        long seed = result.path("seed").canConvertToLong() ? result.path("seed").asLong() : task.seed();
        return GeneratedImage.of(fetched.bytes(), fetched.mime(), seed);
    }

    private static String detailOf(JsonNode body) {
        String detail = body.path("details").isTextual() ? body.path("details").asText() : AnswerReading.detail(body);
        return detail == null || detail.isBlank() ? "" : " (" + detail + ")";
    }

    @Override
    public void cancel(String job) {
        // BFL offers no way to stop a task; it finishes and the engine drops the result.
    }

    @Override
    public long pricePerImageMicros(ModelTier tier) {
        return config.prices().of(tier);
    }

    private Map<String, String> headers() {
        return Map.of("x-key", config.apiKey());
    }
}
