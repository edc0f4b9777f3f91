package dev.kontextbot.provider.runflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kontextbot.engine.catalogue.Route;
import dev.kontextbot.engine.model.AspectRatio;
import dev.kontextbot.engine.model.ModelId;
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
import dev.kontextbot.provider.http.HttpAnswer;
import dev.kontextbot.provider.http.InputImages;
import dev.kontextbot.provider.http.JobTokens;
import dev.kontextbot.provider.http.ProviderHttp;
import dev.kontextbot.provider.http.ResultImages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runflow's model API for FLUX.1 Kontext [pro] (and [max] at an undocumented path, off by default), as docs.runflow.io
 * describes it: create a run, poll {@code GET /v1/runs/{id}}, read its normalized output. What the docs leave open is
 * read tolerantly; see docs/providers.md for what is verified and what is not.
 */
public final class RunflowProvider implements RoutedProvider {
    private static final Logger log = LoggerFactory.getLogger(RunflowProvider.class);
    static final String SERVICE = "Runflow";
    /** Fields of a run object the client never needs, and that grow with the input: read past, never kept. */
    private static final Set<String> UNREAD = Set.of("input", "logs", "node_runs", "context");
    /** Runflow's output URLs are presigned for about 3 days [unverified]: an hour is assumed, to be safe. */
    static final Duration RESULT_LIFETIME = Duration.ofHours(1);

    private final RunflowConfig config;
    private final ProviderHttp http;
    private final JobTokens<Job> tokens;
    private final AnswerReading reading;
    private final ResultImages results;
    private final RunflowAssets assets;
    private final InputImages inputs;
    /** The aspect_ratio form Runflow last accepted: its docs list both, so the other is tried on a 422 that names it. */
    private final AtomicReference<RatioForm> ratioForm = new AtomicReference<>(RatioForm.RATIO);

    public RunflowProvider(RunflowConfig config, ProviderHttp http) {
        this(config, http, Clock.systemUTC());
    }

    /** {@code clock}: what result URLs' expiry is measured by. */
    public RunflowProvider(RunflowConfig config, ProviderHttp http, Clock clock) {
        this.config = config;
        this.http = http;
        this.tokens = new JobTokens<>(http.mapper(), Job.class);
        this.reading = new AnswerReading(SERVICE, config.apiKey());
        this.inputs = new InputImages(name(), RESULT_LIFETIME, clock);
        this.results = new ResultImages(http, reading, SERVICE, config.maxResultBytes(), inputs);
        this.assets = new RunflowAssets(base(), http, this::headers, inputs);
    }

    /** {@code images}: the variants asked for (0 in tokens written before it was kept: then unknown). */
    record Job(String id, long seed, int images) {
    }

    /**
     * The model page lists {@code 21:9 … 9:21} as the allowed values and {@code square_hd … landscape_16_9} as the
     * options. The allowed values are what a validator checks, so they go first.
     */
    enum RatioForm {
        RATIO, NAMED;

        String of(AspectRatio ratio) {
            return this == RATIO ? ratio.ratio() : ratio.wireName();
        }

        RatioForm other() {
            return this == RATIO ? NAMED : RATIO;
        }
    }

    @Override
    public String name() {
        return "runflow";
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
        if (inputImages == 0) {
            return Optional.of(new ProviderRefusal.NeedsAnImage(SERVICE, Optional.empty()));
        }
        if (params.model().equals(ModelId.KONTEXT_MAX) && !config.maxEnabled()) {
            return Optional.of(new ProviderRefusal.NotOfferedThrough(SERVICE, params.model(), ModelId.KONTEXT_PRO));
        }
        return Offers.safetyTolerance(SERVICE, params.safetyTolerance(), 1, 6)
                .or(() -> Offers.outputFormat(SERVICE, params.outputFormat(), OutputFormat.JPEG, OutputFormat.PNG));
    }

    @Override
    public SubmitOutcome submit(EditRequest request) {
        TurnParams params = request.params();
        InputImages.Sending sending = inputs.sending(request);
        Optional<SubmitOutcome> tooLarge = tooLargeToSend(request, sending);
        if (tooLarge.isPresent()) {
            return tooLarge.get();
        }
        String imageUrl = imageUrl(request, sending);
        RatioForm form = ratioForm.get();
        HttpAnswer answer = create(request, imageUrl, form);
        if (sending.resendWithBytes(answer)) {
            tooLarge = tooLargeToSend(request, sending);
            if (tooLarge.isPresent()) {
                return tooLarge.get();
            }
            imageUrl = imageUrl(request, sending);
            answer = create(request, imageUrl, form);
        }
        if (params.aspectRatio() != null && refusesAspectRatio(answer)) {
            // A 422 started no run, so the other documented form may be sent without charging twice.
            HttpAnswer second = create(request, imageUrl, form.other());
            if (second.ok() || !refusesAspectRatio(second)) {
                if (second.ok()) {
                    ratioForm.compareAndSet(form, form.other());
                }
                answer = second;
            } else {
                return new SubmitOutcome.Rejected(FailureKind.BAD_REQUEST, new ProviderFailure.AspectRatioRefused(SERVICE,
                        form.of(params.aspectRatio()), form.other().of(params.aspectRatio()), AnswerReading.detail(second.body())));
            }
        }
        return submitted(answer, request);
    }

    /**
     * Image 1 as Runflow takes it: a URL it can fetch, else up to {@code inline-max-kb} a data URI (its upload guide:
     * fine under 1 MiB), else an uploaded asset's URL (once per image: see {@link RunflowAssets}), else a data URI after
     * all; null when the turn has none.
     */
    private String imageUrl(EditRequest request, InputImages.Sending sending) {
        return request.image().map(image -> sending.urlUploadedOrDataUri(image, assets, config.inlineMaxBytes())).orElse(null);
    }

    /** An image to send as bytes over what Runflow's asset upload takes would not go inline either: said, not sent. */
    private static Optional<SubmitOutcome> tooLargeToSend(EditRequest request, InputImages.Sending sending) {
        return request.image().filter(image -> !sending.hasUrl(image) && image.bytes().length > RunflowAssets.MAX_UPLOAD_BYTES)
                .map(image -> new SubmitOutcome.Rejected(FailureKind.BAD_REQUEST,
                        new ProviderFailure.UploadTooLarge(SERVICE, (int) (RunflowAssets.MAX_UPLOAD_BYTES / (1024 * 1024)))));
    }

    private HttpAnswer create(EditRequest request, String imageUrl, RatioForm form) {
        return http.post(base() + "/v1/models/" + model(request.params().model()) + "/runs", headers(),
                Map.of("input", input(request, imageUrl, form)), UNREAD);
    }

    private SubmitOutcome submitted(HttpAnswer answer, EditRequest request) {
        if (answer.ok() && answer.tooLarge()) {
            return new SubmitOutcome.Rejected(FailureKind.INTERRUPTED, new ProviderFailure.Plain(SERVICE, ProviderFailure.Situation.ACCEPTED_ANSWER_TOO_LARGE));
        }
        if (answer.status() == 404) {
            ModelId asked = request.params().model();
            return new SubmitOutcome.Rejected(FailureKind.BAD_REQUEST, new ProviderFailure.ModelNotFound(SERVICE, asked, model(asked),
                    asked.equals(ModelId.KONTEXT_MAX), "models." + asked + ".serve.runflow.path"));
        }
        if (!answer.ok()) {
            return reading.submitFailure(answer, AnswerReading.detail(answer.body()));
        }
        String id = answer.body().path("id").asText(null);
        if (id == null || id.isBlank()) {
            return new SubmitOutcome.Rejected(FailureKind.PROVIDER_ERROR, new ProviderFailure.Plain(SERVICE, ProviderFailure.Situation.NO_RUN_ID));
        }
        return new SubmitOutcome.Submitted(tokens.write(new Job(id, request.params().seed(), request.params().numImages())));
    }

    private static boolean refusesAspectRatio(HttpAnswer answer) {
        if (answer.status() != 422) {
            return false;
        }
        String detail = String.valueOf(AnswerReading.detail(answer.body())).toLowerCase(Locale.ROOT);
        return detail.contains("aspect_ratio") || detail.contains("aspect ratio");
    }

    private String model(ModelId model) {
        return config.routes().require(model).path().replaceAll("^/+", "");
    }

    private static Map<String, Object> input(EditRequest request, String imageUrl, RatioForm form) {
        TurnParams params = request.params();
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("prompt", request.prompt());
        if (imageUrl != null) {
            input.put("image_url", imageUrl);
        }
        if (params.aspectRatio() != null) {
            input.put("aspect_ratio", form.of(params.aspectRatio()));
        }
        input.put("num_images", params.numImages());
        input.put("guidance_scale", params.guidanceScale());
        input.put("output_format", params.outputFormat().wireName());
        // A string on Runflow ("1"–"6"): a strict validator refuses the number 2.
        input.put("safety_tolerance", String.valueOf(params.safetyTolerance()));
        input.put("enhance_prompt", params.enhancePrompt());
        input.put("seed", params.seed());
        return input;
    }

    @Override
    public PollOutcome poll(String token) {
        Job job = tokens.read(token);
        HttpAnswer answer = http.get(base() + "/v1/runs/" + job.id(), headers(), UNREAD);
        if (answer.tooLarge()) {
            // Reading it again would find it as large: the turn ends here rather than look "running" until its deadline.
            return new PollOutcome.Failed(FailureKind.PROVIDER_ERROR, new ProviderFailure.Plain(SERVICE, ProviderFailure.Situation.RUN_ANSWER_TOO_LARGE));
        }
        if (!answer.ok()) {
            return reading.pollFailure(answer, AnswerReading.detail(answer.body()));
        }
        JsonNode run = answer.body();
        String status = run.path("status_code").asText(run.path("status").asText("")).toLowerCase(Locale.ROOT);
        return switch (status) {
            case "queued", "dispatching" -> PollOutcome.Pending.queued("Runflow", -1);
            case "running" -> PollOutcome.Pending.running();
            case "succeeded" -> results.fetch(run.path("output"), job.seed(), job.images(), ProviderFailure.Fate.NOT_RETURNED);
            case "partial_succeeded" -> results.fetch(run.path("output"), job.seed(), job.images(), ProviderFailure.Fate.PARTLY_RUN);
            case "failed" -> RunflowFailures.of(run);
            // US spelling in status_code, UK in older docs and the callback event: both mean the same end.
            case "canceled", "cancelled" -> new PollOutcome.Failed(FailureKind.CANCELLED, new ProviderFailure.Plain(SERVICE, ProviderFailure.Situation.RUN_CANCELLED));
            case "" -> new PollOutcome.RetryLater(null, new ProviderFailure.Plain(SERVICE, ProviderFailure.Situation.NO_RUN_STATUS));
            // Runflow documents every status above (GET /v1/runs/statuses): another goes to the engine's shared bound.
            default -> new PollOutcome.Unrecognised(status);
        };
    }

    /**
     * Runflow has no public cancel: its docs say a run cannot be stopped, and even the admin route does not abort it.
     * The undocumented route is called only when an operator turned it on.
     */
    @Override
    public void cancel(String token) {
        if (!config.cancelRoute()) {
            return;
        }
        String id = tokens.read(token).id();
        HttpAnswer answer = http.post(base() + "/v1/runs/" + id + "/cancel", headers(), Map.of());
        if (!answer.ok()) {
            log.info("Runflow did not cancel run {} (HTTP {}): POST /v1/runs/{{id}}/cancel is not a documented route", id, answer.status());
        }
    }

    @Override
    public Optional<String> cancelLimit() {
        return config.cancelRoute() ? Optional.empty()
                : Optional.of("Runflow cannot stop a run once it was sent, so it finishes there and is still billed.");
    }

    @Override
    public int maxAttempts() {
        return config.maxAttempts();
    }

    private String base() {
        return config.baseUrl().replaceAll("/+$", "");
    }

    private Map<String, String> headers() {
        return Map.of("Authorization", "Bearer " + config.apiKey());
    }
}
