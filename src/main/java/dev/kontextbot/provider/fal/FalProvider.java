package dev.kontextbot.provider.fal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kontextbot.engine.catalogue.PixelSize;
import dev.kontextbot.engine.catalogue.Route;
import dev.kontextbot.engine.catalogue.SizeMode;
import dev.kontextbot.engine.model.OutputFormat;
import dev.kontextbot.engine.model.ProviderFailure;
import dev.kontextbot.engine.model.ProviderRefusal;
import dev.kontextbot.engine.model.TurnParams;
import dev.kontextbot.engine.port.EditRequest;
import dev.kontextbot.engine.port.FailureKind;
import dev.kontextbot.engine.port.PollOutcome;
import dev.kontextbot.engine.port.SubmitOutcome;
import dev.kontextbot.provider.Offers;
import dev.kontextbot.provider.ProviderRoutes;
import dev.kontextbot.provider.RoutedProvider;
import dev.kontextbot.provider.http.AnswerReading;
import dev.kontextbot.provider.http.InputImages;
import dev.kontextbot.provider.http.HttpAnswer;
import dev.kontextbot.provider.http.JobTokens;
import dev.kontextbot.provider.http.ProviderHttp;
import dev.kontextbot.provider.http.ResultImages;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * fal.ai's queue API for the Kontext endpoints: submit, then the status_url / response_url / cancel_url it
 * returns (they drop the model's subpath, so they are stored, never rebuilt).
 */
public final class FalProvider implements RoutedProvider {
    private static final String SERVICE = "fal.ai";
    /**
     * fal's docs name no lifetime for its CDN's result files; they outlive an hour in practice [unverified], so an hour is
     * assumed, and a URL it cannot fetch any more is sent again as bytes.
     */
    static final Duration RESULT_LIFETIME = Duration.ofHours(1);

    private final FalConfig config;
    private final ProviderHttp http;
    private final JobTokens<Job> tokens;
    private final AnswerReading reading;
    private final ResultImages results;
    private final InputImages inputs;
    private final FalStorage storage;

    public FalProvider(FalConfig config, ProviderHttp http) {
        this(config, http, Clock.systemUTC());
    }

    /** {@code clock}: what result URLs' expiry is measured by. */
    public FalProvider(FalConfig config, ProviderHttp http, Clock clock) {
        this.config = config;
        this.http = http;
        this.tokens = new JobTokens<>(http.mapper(), Job.class);
        this.reading = new AnswerReading(SERVICE, config.apiKey());
        this.inputs = new InputImages(name(), RESULT_LIFETIME, clock);
        this.results = new ResultImages(http, reading, SERVICE, config.maxResultBytes(), inputs);
        this.storage = new FalStorage(config, http, inputs);
    }

    /** {@code images}: the variants asked for; 0 in tokens written before it was kept (then what returns is counted). */
    record Job(String requestId, String statusUrl, String responseUrl, String cancelUrl, long seed, int images) {
    }

    @Override
    public String name() {
        return "fal";
    }

    @Override
    public String service() {
        return SERVICE;
    }

    @Override
    public ProviderRoutes routes() {
        return config.routes();
    }

    @Override
    public Optional<ProviderRefusal> ownRefusal(TurnParams params, int inputImages, Route route) {
        if (!route.nativeNumImages() && params.numImages() > 1) {
            return Optional.of(new ProviderRefusal.OneImagePerRequest(SERVICE, params.model()));
        }
        return Offers.safetyTolerance(SERVICE, params.safetyTolerance(), (int) route.safety().min(), (int) route.safety().max())
                .or(() -> Offers.outputFormat(SERVICE, params.outputFormat(), OutputFormat.JPEG, OutputFormat.PNG));
    }

    @Override
    public SubmitOutcome submit(EditRequest request) {
        TurnParams params = request.params();
        Route route = config.routes().require(params.model());
        // Without an image fal serves the model's text-to-image endpoint; several images go to Kontext's multi endpoint.
        String url = config.baseUrl().replaceAll("/+$", "") + "/" + route.pathFor(request.images().size()).replaceAll("^/+", "");
        InputImages.Sending sending = inputs.sending(request);
        HttpAnswer answer = http.post(url, headers(), body(request, sending, route));
        if (sending.resendWithBytes(answer)) {
            answer = http.post(url, headers(), body(request, sending, route));
        }
        if (!answer.ok()) {
            if (answer.status() == 422 && AnswerReading.isContentPolicy(answer.body())) {
                return new SubmitOutcome.Rejected(FailureKind.MODERATED, new ProviderFailure.Plain(SERVICE, ProviderFailure.Situation.CONTENT_FILTER_REFUSED));
            }
            return reading.submitFailure(answer, AnswerReading.detail(answer.body()));
        }
        var body = answer.body();
        if (!body.path("request_id").isTextual() || !body.path("status_url").isTextual() || !body.path("response_url").isTextual()) {
            return new SubmitOutcome.Rejected(FailureKind.PROVIDER_ERROR, new ProviderFailure.Plain(SERVICE, ProviderFailure.Situation.NO_FOLLOW_URL));
        }
        return new SubmitOutcome.Submitted(tokens.write(new Job(body.get("request_id").asText(), body.get("status_url").asText(),
                body.get("response_url").asText(), body.path("cancel_url").asText(null), params.seed(), params.numImages())));
    }

    /**
     * One image goes as image_url on Kontext's own endpoint; several (Kontext multi) and every FLUX.2 edit as
     * image_urls[]. Kontext takes named ratios, guidance and num_images; FLUX.2 an image_size and one image a request.
     */
    private Map<String, Object> body(EditRequest request, InputImages.Sending sending, Route route) {
        TurnParams params = request.params();
        boolean flux2 = route.size() == SizeMode.WIDTH_HEIGHT;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("prompt", request.prompt());
        if (request.images().size() == 1 && !flux2) {
            body.put("image_url", sending.urlUploadedOrDataUri(request.images().get(0), storage, config.inlineMaxBytes()));
        } else if (!request.images().isEmpty()) {
            body.put("image_urls", request.images().stream().map(image -> sending.urlUploadedOrDataUri(image, storage, config.inlineMaxBytes())).toList());
        }
        if (params.aspectRatio() != null && !flux2) {
            // fal names ratios "16:9"; both square sizes are "1:1".
            body.put("aspect_ratio", params.aspectRatio().ratio());
        } else if (params.aspectRatio() != null) {
            PixelSize size = PixelSize.of(params.aspectRatio()).within(route.maxMegapixels());
            body.put("image_size", Map.of("width", size.width(), "height", size.height()));
        }
        if (route.guidance().isPresent()) {
            body.put("guidance_scale", params.guidanceScale());
        }
        if (route.nativeNumImages()) {
            body.put("num_images", params.numImages());
        }
        body.put("output_format", params.outputFormat().wireName());
        body.put("safety_tolerance", Integer.toString(params.safetyTolerance()));
        if (route.promptUpsampling()) {
            body.put("enhance_prompt", params.enhancePrompt());
        }
        body.put("seed", params.seed());
        return body;
    }

    @Override
    public PollOutcome poll(String token) {
        Job job = tokens.read(token);
        HttpAnswer status = http.get(job.statusUrl(), headers());
        if (!status.ok()) {
            return reading.pollFailure(status, AnswerReading.detail(status.body()));
        }
        String state = status.body().path("status").asText("");
        switch (state) {
            case "IN_QUEUE":
                return PollOutcome.Pending.queued("fal", queuePlace(status.body().path("queue_position")));
            case "IN_PROGRESS":
                return PollOutcome.Pending.running();
            case "COMPLETED":
                break;
            case "FAILED":
                return new PollOutcome.Failed(FailureKind.PROVIDER_ERROR, new ProviderFailure.CouldNotRun(SERVICE, AnswerReading.detail(status.body())));
            case "CANCELED", "CANCELLED":
                // As with Runflow: the service stopped it, so the turn ends cancelled, not failed.
                return new PollOutcome.Failed(FailureKind.CANCELLED, new ProviderFailure.Plain(SERVICE, ProviderFailure.Situation.REQUEST_CANCELLED));
            default:
                return new PollOutcome.Unrecognised(state);
        }
        HttpAnswer result = http.get(job.responseUrl(), headers());
        if (!result.ok()) {
            if (result.status() == 422 && AnswerReading.isContentPolicy(result.body())) {
                return new PollOutcome.Failed(FailureKind.MODERATED, new ProviderFailure.Plain(SERVICE, ProviderFailure.Situation.CONTENT_FILTER_FLAGGED));
            }
            return reading.pollFailure(result, AnswerReading.detail(result.body()));
        }
        return results.fetch(result.body(), job.seed(), job.images(), ProviderFailure.Fate.NOT_RETURNED);
    }

    @Override
    public void cancel(String token) {
        Job job = tokens.read(token);
        if (job.cancelUrl() != null) {
            http.put(job.cancelUrl(), headers());
        }
    }

    private Map<String, String> headers() {
        return Map.of("Authorization", "Key " + config.apiKey());
    }

    /** fal counts its queue from 0 (next in line); people count from 1. Missing or not a number: unknown (-1). */
    private static int queuePlace(JsonNode position) {
        return position.isInt() && position.asInt() >= 0 ? position.asInt() + 1 : -1;
    }
}
