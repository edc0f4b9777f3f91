package dev.kontextbot.provider.replicate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kontextbot.engine.catalogue.Route;
import dev.kontextbot.engine.catalogue.SizeMode;
import dev.kontextbot.engine.model.OutputFormat;
import dev.kontextbot.engine.model.ProviderFailure;
import dev.kontextbot.engine.model.ProviderRefusal;
import dev.kontextbot.engine.model.TurnParams;
import dev.kontextbot.engine.port.EditRequest;
import dev.kontextbot.engine.port.FailureKind;
import dev.kontextbot.engine.port.GeneratedImage;
import dev.kontextbot.engine.port.JobProgress;
import dev.kontextbot.engine.port.PollOutcome;
import dev.kontextbot.engine.port.SourceImage;
import dev.kontextbot.engine.port.SubmitOutcome;
import dev.kontextbot.provider.Offers;
import dev.kontextbot.provider.ProviderRoutes;
import dev.kontextbot.provider.RoutedProvider;
import dev.kontextbot.provider.http.AnswerReading;
import dev.kontextbot.provider.http.FanOutJob;
import dev.kontextbot.provider.http.HttpAnswer;
import dev.kontextbot.provider.http.InputImages;
import dev.kontextbot.provider.http.JobTokens;
import dev.kontextbot.provider.http.ProviderHttp;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Replicate's predictions API for Black Forest Labs' models: {@code POST /v1/models/{owner}/{name}/predictions}, held
 * open a few seconds ({@code Prefer: wait}) for a job that finishes quickly, then {@code urls.get} polled. Kontext makes
 * one image a prediction, so n variants are n predictions with seeds s, s+1, … ({@link FanOutJob}). Output files are
 * deleted after an hour: each is downloaded as soon as its prediction succeeds, and its URL offered to the next turn
 * meanwhile. Inputs go as {@link InputImages} orders them; the upload API is Replicate's files ({@link ReplicateFiles}),
 * for an image larger than {@link ReplicateConfig#inlineMaxBytes()}.
 */
public final class ReplicateProvider implements RoutedProvider {
    static final String SERVICE = "Replicate";
    /** Create and get answers echo the input (our images as data URIs): read past it. */
    private static final Set<String> ECHOED = Set.of("input");
    /** An output file lasts an hour from when the prediction ended (shared/providers.md); we see it a poll later. */
    static final Duration RESULT_LIFETIME = Duration.ofMinutes(50);

    private final ReplicateConfig config;
    private final ProviderHttp http;
    private final JobTokens<FanOutJob> tokens;
    private final AnswerReading reading;
    private final InputImages inputs;
    private final ReplicateFiles files;
    private final PredictionAnswers answers;

    public ReplicateProvider(ReplicateConfig config, ProviderHttp http) {
        this(config, http, Clock.systemUTC());
    }

    /** {@code clock}: what result and file URLs' expiry is measured by. */
    public ReplicateProvider(ReplicateConfig config, ProviderHttp http, Clock clock) {
        this.config = config;
        this.http = http;
        this.tokens = FanOutJob.tokens(http.mapper());
        this.reading = new AnswerReading(SERVICE, config.apiToken());
        this.inputs = new InputImages(name(), RESULT_LIFETIME, clock);
        this.files = new ReplicateFiles(base(), name(), http, () -> headers(false), clock);
        this.answers = new PredictionAnswers(config.apiToken());
    }

    @Override
    public String name() {
        return "replicate";
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
        Optional<ProviderRefusal> guidance = Offers.guidance(SERVICE, params.model(), route, params.guidanceScale())
                .or(() -> Offers.enhancePrompt(SERVICE, Optional.of(params.model()), route.promptUpsampling(), params.enhancePrompt()));
        if (guidance.isPresent()) {
            return guidance;
        }
        if (kontext(route) && inputImages > 0) {
            Optional<ProviderRefusal> editing = Offers.editingSafety(SERVICE, params.safetyTolerance());
            if (editing.isPresent()) {
                return editing;
            }
        }
        return Offers.safetyTolerance(SERVICE, params.safetyTolerance(), (int) route.safety().min(), (int) route.safety().max())
                .or(() -> Offers.outputFormat(SERVICE, params.outputFormat(), route.formats().toArray(OutputFormat[]::new)));
    }

    /**
     * Creates every prediction not created yet (all, or with {@link EditRequest#started()} the rest). One refused stops
     * the round ({@link FanOutJob#refused}): for now, the rest waits for the engine's retry; for good, it is not sent. Once one was created (and
     * costs), the answer is always Submitted, so nothing created is ever created again. Only the last create is held
     * open ({@code Prefer: wait}): the others start at once and run meanwhile, so a turn blocks its thread for one
     * wait at most, however many variants it has. A create answered {@code failed} at once because Replicate could not
     * fetch a URL input is sent once more with the bytes ({@link #resent}).
     */
    @Override
    public SubmitOutcome submit(EditRequest request) {
        Route route = config.routes().require(request.params().model());
        String url = base() + "/v1/models/" + route.path().replaceAll("^/+|/+$", "") + "/predictions";
        FanOutJob job = request.started().map(tokens::read).orElseGet(() -> FanOutJob.of(request.params()));
        InputImages.Sending sending = job.resendsInline() ? inputs.sendingBytes(request) : inputs.sending(request);
        int last = job.lastUnsent();
        for (int i = 0; i < job.parts().size(); i++) {
            FanOutJob.Part prediction = job.parts().get(i);
            if (prediction.state() != FanOutJob.State.UNSENT) {
                continue;
            }
            HttpAnswer answer = resent(url, i == last, request, sending, route, prediction.seed());
            JsonNode body = answer.body();
            String id = body.path("id").asText(null);
            String get = body.path("urls").path("get").asText(null);
            if (answer.ok() && id != null && get != null) {
                List<String> ready = "succeeded".equals(body.path("status").asText()) ? PredictionAnswers.outputs(body.path("output")) : null;
                job = job.with(i, p -> p.running(id, get, body.path("urls").path("cancel").asText(null), null, ready, sending.sendsUrls()));
                continue;
            }
            SubmitOutcome failure = answer.ok() || answer.tooLarge()
                    ? new SubmitOutcome.Rejected(FailureKind.PROVIDER_ERROR, new ProviderFailure.Plain(SERVICE, ProviderFailure.Situation.NO_FOLLOW_URL))
                    : reading.submitFailure(answer, AnswerReading.detail(body));
            return job.refused(failure, tokens);
        }
        return new SubmitOutcome.Submitted(tokens.write(job));
    }

    /**
     * One create, and once more with the bytes when Replicate could not fetch a URL input: a refusing 4xx as the other
     * services answer, or (Replicate's own way) the prediction back {@code failed} at once with an {@code error} naming an
     * image, a URL, a download or a fetch [unverified: the wording; read tolerantly, a safety refusal excepted]. Only
     * a held create ({@code Prefer: wait}) sees the failure this early; one found when polling is sent again by the
     * engine ({@link PollOutcome.Progress#resending}).
     */
    private HttpAnswer resent(String url, boolean held, EditRequest request, InputImages.Sending sending, Route route, long seed) {
        HttpAnswer answer = http.post(url, headers(held), Map.of("input", input(request, sending, route, seed)), ECHOED);
        boolean fetchFailed = answer.ok() && answers.couldNotFetch(answer.body()) && sending.resendWithBytes(PredictionAnswers.errorText(answer.body().path("error")));
        if (fetchFailed || sending.resendWithBytes(answer)) {
            return http.post(url, headers(held), Map.of("input", input(request, sending, route, seed)), ECHOED);
        }
        return answer;
    }

    /**
     * Kontext: {@code input_image}, a named ratio (the input's own when none), png|jpg, {@code prompt_upsampling}.
     * FLUX.2 [pro]: {@code input_images[]}, a named ratio, a 1 MP {@code resolution} (what the catalogue prices), webp too.
     */
    private Map<String, Object> input(EditRequest request, InputImages.Sending sending, Route route, long seed) {
        TurnParams params = request.params();
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("prompt", request.prompt());
        if (kontext(route)) {
            request.image().ifPresent(image -> input.put("input_image", imageValue(image, sending)));
        } else if (!request.images().isEmpty()) {
            input.put("input_images", request.images().stream().map(image -> imageValue(image, sending)).toList());
        }
        if (params.aspectRatio() != null) {
            input.put("aspect_ratio", params.aspectRatio().ratio());
        } else if (!request.images().isEmpty()) {
            input.put("aspect_ratio", "match_input_image");
        }
        if (!kontext(route)) {
            input.put("resolution", "1 MP");
        }
        input.put("output_format", params.outputFormat() == OutputFormat.JPEG ? "jpg" : params.outputFormat().wireName());
        input.put("safety_tolerance", params.safetyTolerance());
        if (route.promptUpsampling()) {
            input.put("prompt_upsampling", params.enhancePrompt());
        }
        input.put("seed", seed);
        return input;
    }

    /**
     * The one place a source image becomes the request's value: a URL Replicate may fetch (its own output or file, a
     * public or presigned one), else a small image inline, else the image through the files API (once: its file URL is
     * kept with the image for later turns), else inline.
     */
    private String imageValue(SourceImage image, InputImages.Sending sending) {
        return sending.urlUploadedOrDataUri(image, files, config.inlineMaxBytes());
    }

    /** Kontext's routes name ratios; FLUX.2's are width-height in the catalogue (Replicate still takes ratios for it). */
    private static boolean kontext(Route route) {
        return route.size() == SizeMode.ASPECT_RATIO;
    }

    @Override
    public PollOutcome poll(String token) {
        FanOutJob job = tokens.read(token);
        List<GeneratedImage> arrived = new ArrayList<>();
        boolean changed = false;
        PollOutcome notNow = null;
        String unknown = null;
        JobProgress slowest = null;
        boolean resend = false;
        for (int i = 0; i < job.parts().size(); i++) {
            FanOutJob.Part prediction = job.parts().get(i);
            if (prediction.state() != FanOutJob.State.RUNNING) {
                continue;
            }
            Look look = look(prediction);
            if (look instanceof Look.Arrived arrival) {
                arrived.addAll(arrival.images());
                job = job.with(i, FanOutJob.Part::delivered);
            } else if (look instanceof Look.Lost lost) {
                job = job.with(i, p -> p.lost(lost.why().kind(), lost.why().failure()));
                changed = true;
            } else if (look instanceof Look.Unfetched unfetched) {
                job = job.with(i, p -> p.resentInline(unfetched.why().failure()));
                resend = true;
            } else if (look instanceof Look.NotNow later) {
                notNow = later.outcome();
            } else if (look instanceof Look.Unknown strange) {
                unknown = strange.status();
            } else if (look instanceof Look.Working working) {
                slowest = slower(slowest, working.progress());
            } else {
                throw new IllegalStateException("unhandled look at a Replicate prediction: " + look);
            }
        }
        if (resend) {
            return PollOutcome.Progress.resending(arrived, tokens.write(job));
        }
        if (!job.anyRunning()) {
            return job.ended(arrived, SERVICE);
        }
        if (!arrived.isEmpty() || changed) {
            return new PollOutcome.Progress(arrived, tokens.write(job));
        }
        if (notNow != null) {
            return notNow;
        }
        if (unknown != null) {
            return new PollOutcome.Unrecognised(unknown);
        }
        return new PollOutcome.Pending(slowest == null ? JobProgress.Generating.started() : slowest);
    }

    /** Several predictions make one turn: it is as far as the least advanced (queued before generating, fewer percent first). */
    private static JobProgress slower(JobProgress so, JobProgress far) {
        if (so == null) {
            return far;
        }
        return rank(far) < rank(so) ? far : so;
    }

    private static int rank(JobProgress progress) {
        if (progress instanceof JobProgress.Generating generating) {
            return generating.percent().isPresent() ? 1 + generating.percent().getAsInt() : 0;
        }
        return -1;
    }

    private sealed interface Look {
        record Arrived(List<GeneratedImage> images) implements Look {
        }

        record Lost(PollOutcome.Failed why) implements Look {
        }

        /** Failed without starting: Replicate could not fetch a URL input (sent again with bytes, once). */
        record Unfetched(PollOutcome.Failed why) implements Look {
        }

        record NotNow(PollOutcome outcome) implements Look {
        }

        record Unknown(String status) implements Look {
        }

        record Working(JobProgress progress) implements Look {
        }

        static Look of(PollOutcome outcome) {
            return outcome instanceof PollOutcome.Failed failed ? new Lost(failed) : new NotNow(outcome);
        }
    }

    private Look look(FanOutJob.Part prediction) {
        if (prediction.outputs() != null) {
            return fetch(prediction.outputs(), prediction.seed());
        }
        HttpAnswer answer = http.get(prediction.url(), headers(false), ECHOED);
        if (!answer.ok()) {
            return Look.of(reading.pollFailure(answer, AnswerReading.detail(answer.body())));
        }
        JsonNode body = answer.body();
        String status = body.path("status").asText("");
        return switch (status) {
            case "starting" -> new Look.Working(JobProgress.Queued.at(SERVICE, -1));
            case "processing" -> new Look.Working(ProgressBars.last(body.path("logs").asText(null))
                    .<JobProgress>map(p -> p).orElse(JobProgress.Generating.started()));
            case "succeeded" -> {
                List<String> urls = PredictionAnswers.outputs(body.path("output"));
                yield urls.isEmpty()
                        ? Look.of(new PollOutcome.Failed(FailureKind.PROVIDER_ERROR, new ProviderFailure.Plain(SERVICE, ProviderFailure.Situation.DONE_WITHOUT_IMAGE)))
                        : fetch(urls, prediction.seed());
            }
            case "failed" -> prediction.byUrl() && answers.couldNotFetch(body) ? new Look.Unfetched(answers.failed(body.path("error"))) : Look.of(answers.failed(body.path("error")));
            case "canceled", "cancelled" -> Look.of(new PollOutcome.Failed(FailureKind.CANCELLED,
                    new ProviderFailure.Plain(SERVICE, ProviderFailure.Situation.PREDICTION_CANCELLED)));
            default -> new Look.Unknown(status.isBlank() ? "(no status)" : status);
        };
    }

    /** Downloads every output now. A "not now" leaves the prediction running, so the next look fetches it again. */
    private Look fetch(List<String> urls, long seed) {
        List<GeneratedImage> images = new ArrayList<>();
        for (int i = 0; i < urls.size(); i++) {
            ProviderHttp.Download download = http.download(urls.get(i), config.maxResultBytes());
            if (download instanceof ProviderHttp.Download.Failed failed) {
                return Look.of(reading.downloadFailure(failed));
            }
            ProviderHttp.Download.Fetched fetched = (ProviderHttp.Download.Fetched) download;
            images.add(GeneratedImage.fetched(fetched.bytes(), fetched.mime(), seed + i, inputs.resultUrl(urls.get(i))));
        }
        return new Look.Arrived(images);
    }

    /** Asks Replicate to stop every prediction still running; one already done is not billed again either way. */
    @Override
    public void cancel(String token) {
        for (FanOutJob.Part prediction : tokens.read(token).parts()) {
            if (prediction.state() == FanOutJob.State.RUNNING && prediction.cancelUrl() != null) {
                http.post(prediction.cancelUrl(), headers(false), Map.of(), ECHOED);
            }
        }
    }

    private String base() {
        return config.baseUrl().replaceAll("/+$", "");
    }

    /** {@code held}: the request may be held open for a prediction that finishes within the configured wait. */
    private Map<String, String> headers(boolean held) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + config.apiToken());
        if (held && !config.preferWait().isZero()) {
            headers.put("Prefer", "wait=" + Math.max(1, config.preferWait().toSeconds()));
        }
        return headers;
    }
}
