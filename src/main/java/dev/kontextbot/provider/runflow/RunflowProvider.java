package dev.kontextbot.provider.runflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kontextbot.engine.model.ModelTier;
import dev.kontextbot.engine.model.OutputFormat;
import dev.kontextbot.engine.model.TurnParams;
import dev.kontextbot.engine.port.EditRequest;
import dev.kontextbot.engine.port.FailureKind;
import dev.kontextbot.engine.port.KontextProvider;
import dev.kontextbot.engine.port.PollOutcome;
import dev.kontextbot.engine.port.SubmitOutcome;
import dev.kontextbot.provider.Offers;
import dev.kontextbot.provider.http.AnswerReading;
import dev.kontextbot.provider.http.DataUri;
import dev.kontextbot.provider.http.HttpAnswer;
import dev.kontextbot.provider.http.JobTokens;
import dev.kontextbot.provider.http.ProviderHttp;
import dev.kontextbot.provider.http.ResultImages;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Runflow's model API for FLUX.1 Kontext [pro] and [max], whose parameter set is the product's: submit a run,
 * poll {@code /v1/runs/{id}}, read its output. The [max] model path and the output shape are unverified
 * (see shared/providers.md), so the output is read tolerantly.
 */
public final class RunflowProvider implements KontextProvider {
    private static final String SERVICE = "Runflow";

    private final RunflowConfig config;
    private final ProviderHttp http;
    private final JobTokens<Job> tokens;
    private final AnswerReading reading;
    private final ResultImages results;

    public RunflowProvider(RunflowConfig config, ProviderHttp http) {
        this.config = config;
        this.http = http;
        this.tokens = new JobTokens<>(http.mapper(), Job.class);
        this.reading = new AnswerReading(SERVICE, config.apiKey());
        this.results = new ResultImages(http, reading, SERVICE, config.maxResultBytes());
    }

    record Job(String id, long seed) {
    }

    @Override
    public String name() {
        return "runflow";
    }

    @Override
    public Optional<String> refusal(TurnParams params, boolean hasInputImage) {
        if (!hasInputImage) {
            return Optional.of("Runflow's Kontext models edit an image: attach one, or use BFL or fal.ai to generate from text.");
        }
        return Offers.safetyTolerance(SERVICE, params.safetyTolerance(), 1, 6)
                .or(() -> Offers.outputFormat(SERVICE, params.outputFormat(), OutputFormat.JPEG, OutputFormat.PNG));
    }

    @Override
    public SubmitOutcome submit(EditRequest request) {
        String model = request.params().model() == ModelTier.MAX ? "/kontext/max" : "/kontext";
        String url = base() + "/v1/models/black-forest-labs/flux-pro" + model + "/runs";
        HttpAnswer answer = http.post(url, headers(), Map.of("input", input(request)));
        if (!answer.ok()) {
            return reading.submitFailure(answer, AnswerReading.detail(answer.body()));
        }
        String id = answer.body().path("id").asText(null);
        if (id == null || id.isBlank()) {
            return new SubmitOutcome.Rejected(FailureKind.PROVIDER_ERROR, "Runflow accepted the edit but returned no run id.");
        }
        return new SubmitOutcome.Submitted(tokens.write(new Job(id, request.params().seed())));
    }

    private static Map<String, Object> input(EditRequest request) {
        TurnParams params = request.params();
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("prompt", request.prompt());
        request.image().ifPresent(image -> input.put("image_url", DataUri.of(image)));
        if (params.aspectRatio() != null) {
            input.put("aspect_ratio", params.aspectRatio().wireName());
        }
        input.put("num_images", params.numImages());
        input.put("guidance_scale", params.guidanceScale());
        input.put("output_format", params.outputFormat().wireName());
        input.put("safety_tolerance", params.safetyTolerance());
        input.put("enhance_prompt", params.enhancePrompt());
        input.put("seed", params.seed());
        return input;
    }

    @Override
    public PollOutcome poll(String token) {
        Job job = tokens.read(token);
        HttpAnswer answer = http.get(base() + "/v1/runs/" + job.id(), headers());
        if (!answer.ok()) {
            return reading.pollFailure(answer, AnswerReading.detail(answer.body()));
        }
        JsonNode run = answer.body();
        String status = run.path("status_code").asText(run.path("status").asText("")).toLowerCase(Locale.ROOT);
        return switch (status) {
            case "queued", "dispatching" -> new PollOutcome.Pending("queued", -1);
            case "running" -> new PollOutcome.Pending("running", -1);
            case "succeeded", "partial_succeeded" -> results.fetch(run.path("output"), job.seed());
            case "failed" -> failed(run);
            case "cancelled", "canceled" -> new PollOutcome.Failed(FailureKind.PROVIDER_ERROR, "The run was cancelled at Runflow.");
            default -> new PollOutcome.Unrecognised(status);
        };
    }

    /** Moderation only when Runflow says so in a code; the message alone is shown as it is. */
    private static PollOutcome failed(JsonNode run) {
        String message = run.path("failure_message").asText("");
        String code = (run.path("failure_code").asText("") + " " + run.path("error").path("code").asText("")).toLowerCase(Locale.ROOT);
        if (code.contains("content_policy") || code.contains("moderat") || code.contains("nsfw")) {
            return new PollOutcome.Failed(FailureKind.MODERATED, "Runflow's safety filter flagged this edit"
                    + (message.isBlank() ? "." : ": " + message));
        }
        return new PollOutcome.Failed(FailureKind.PROVIDER_ERROR, "Runflow could not run the edit" + (message.isBlank() ? "." : ": " + message));
    }

    /** Best effort; Runflow's cancel route is not documented in what we have (unverified). */
    @Override
    public void cancel(String token) {
        http.post(base() + "/v1/runs/" + tokens.read(token).id() + "/cancel", headers(), Map.of());
    }

    @Override
    public long pricePerImageMicros(ModelTier tier) {
        return config.prices().of(tier);
    }

    private String base() {
        return config.baseUrl().replaceAll("/+$", "");
    }

    private Map<String, String> headers() {
        return Map.of("Authorization", "Bearer " + config.apiKey());
    }
}
