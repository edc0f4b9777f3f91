package dev.kontextbot.provider.bfl;

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
import dev.kontextbot.engine.port.GeneratedImage;
import dev.kontextbot.engine.port.JobProgress;
import dev.kontextbot.engine.port.PollOutcome;
import dev.kontextbot.engine.port.SubmitOutcome;
import dev.kontextbot.provider.Offers;
import dev.kontextbot.provider.ProviderRoutes;
import dev.kontextbot.provider.RoutedProvider;
import dev.kontextbot.provider.http.AnswerReading;
import dev.kontextbot.provider.http.FanOutJob;
import dev.kontextbot.provider.http.InputImages;
import dev.kontextbot.provider.http.HttpAnswer;
import dev.kontextbot.provider.http.JobTokens;
import dev.kontextbot.provider.http.ProviderHttp;
import okhttp3.HttpUrl;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Black Forest Labs' own API. It has no num_images: n variants are n tasks with seeds s, s+1, …, each polled
 * at the polling_url it was given (which names the region running it). Every look polls every running task, and each
 * result is downloaded exactly once, when its task is Ready, and handed to the engine at once (result URLs expire,
 * and may work only once); the job token records what became of each task ({@link FanOutJob}).
 */
public final class BflProvider implements RoutedProvider {
    private static final String SERVICE = "BFL";
    /** A sample URL lasts 10 minutes from when the task is Ready (shared/providers.md); we see it a poll later. */
    static final Duration RESULT_LIFETIME = Duration.ofMinutes(8);

    private final BflConfig config;
    private final ProviderHttp http;
    private final JobTokens<FanOutJob> tokens;
    private final AnswerReading reading;
    private final InputImages inputs;

    public BflProvider(BflConfig config, ProviderHttp http) {
        this(config, http, Clock.systemUTC());
    }

    /** {@code clock}: what result URLs' expiry is measured by. */
    public BflProvider(BflConfig config, ProviderHttp http, Clock clock) {
        this.config = config;
        this.http = http;
        this.tokens = FanOutJob.tokens(http.mapper());
        this.reading = new AnswerReading(SERVICE, config.apiKey());
        this.inputs = new InputImages(name(), RESULT_LIFETIME, clock);
    }

    @Override
    public String name() {
        return "bfl";
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
        Optional<ProviderRefusal> guidance = Offers.guidance(SERVICE, params.model(), route, params.guidanceScale());
        if (guidance.isPresent()) {
            return guidance;
        }
        if (route.size() == SizeMode.ASPECT_RATIO && inputImages > 0) {
            Optional<ProviderRefusal> editing = Offers.editingSafety(SERVICE, params.safetyTolerance());
            if (editing.isPresent()) {
                return editing;
            }
        }
        // BFL's Kontext takes 0–6, FLUX.2 0–5 (shared/providers.md); 0 is its strictest, which the other providers lack.
        return Offers.safetyTolerance(SERVICE, params.safetyTolerance(), (int) route.safety().min(), (int) route.safety().max())
                .or(() -> Offers.outputFormat(SERVICE, params.outputFormat(), OutputFormat.JPEG, OutputFormat.PNG));
    }

    /**
     * Sends every task not sent yet (all of them, or with {@link EditRequest#started()} the rest). A refused task stops
     * the round ({@link FanOutJob#refused}): refused for now, the rest waits for the engine's retry; for good, the rest
     * is refused alike and not sent. Once one task runs (and costs), the answer is always Submitted, so nothing started
     * is ever sent again.
     */
    @Override
    public SubmitOutcome submit(EditRequest request) {
        TurnParams params = request.params();
        Route route = config.routes().require(params.model());
        String url = config.baseUrl().replaceAll("/+$", "") + "/" + route.pathFor(request.images().size()).replaceAll("^/+", "");
        FanOutJob job = request.started().map(tokens::read).orElseGet(() -> FanOutJob.of(params));
        InputImages.Sending sending = inputs.sending(request);
        for (int i = 0; i < job.parts().size(); i++) {
            FanOutJob.Part task = job.parts().get(i);
            if (task.state() != FanOutJob.State.UNSENT) {
                continue;
            }
            HttpAnswer answer = http.post(url, headers(), body(request, sending, route, task.seed()));
            if (sending.resendWithBytes(answer)) {
                answer = http.post(url, headers(), body(request, sending, route, task.seed()));
            }
            String id = answer.body().path("id").asText(null);
            if (answer.ok() && id != null) {
                String pollingUrl = absolute(answer.body().path("polling_url").asText(null), id);
                Double credits = answer.body().path("cost").isNumber() ? answer.body().path("cost").asDouble() : null;
                job = job.with(i, t -> t.running(id, pollingUrl, null, credits, null, false));
                continue;
            }
            SubmitOutcome failure = answer.ok()
                    ? new SubmitOutcome.Rejected(FailureKind.PROVIDER_ERROR, new ProviderFailure.Plain(SERVICE, ProviderFailure.Situation.NO_TASK_ID))
                    : reading.submitFailure(answer, AnswerReading.detail(answer.body()));
            return job.refused(failure, tokens);
        }
        return new SubmitOutcome.Submitted(tokens.write(job));
    }

    /**
     * Kontext takes a named ratio and prompt_upsampling; FLUX.2 takes width/height (none: the input's size) and, on
     * [flex] only, guidance and prompt_upsampling. Images are input_image, input_image_2, … in the turn's order.
     */
    private static Map<String, Object> body(EditRequest request, InputImages.Sending sending, Route route, long seed) {
        TurnParams params = request.params();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("prompt", request.prompt());
        for (int i = 0; i < request.images().size(); i++) {
            body.put(i == 0 ? "input_image" : "input_image_" + (i + 1), sending.urlOrBase64(request.images().get(i)));
        }
        body.put("seed", seed);
        if (params.aspectRatio() != null && route.size() == SizeMode.ASPECT_RATIO) {
            body.put("aspect_ratio", params.aspectRatio().ratio());
        } else if (params.aspectRatio() != null) {
            PixelSize size = PixelSize.of(params.aspectRatio()).within(route.maxMegapixels());
            body.put("width", size.width());
            body.put("height", size.height());
        }
        if (route.guidance().isPresent()) {
            body.put("guidance", params.guidanceScale());
        }
        body.put("output_format", params.outputFormat().wireName());
        if (route.promptUpsampling()) {
            body.put("prompt_upsampling", params.enhancePrompt());
        }
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
        FanOutJob job = tokens.read(token);
        List<GeneratedImage> arrived = new ArrayList<>();
        boolean changed = false;
        PollOutcome notNow = null;
        String unknown = null;
        double slowest = Double.NaN;
        for (int i = 0; i < job.parts().size(); i++) {
            FanOutJob.Part task = job.parts().get(i);
            if (task.state() != FanOutJob.State.RUNNING) {
                continue;
            }
            Look look = look(task);
            if (look instanceof Look.Arrived arrival) {
                arrived.add(arrival.image());
                job = job.with(i, FanOutJob.Part::delivered);
            } else if (look instanceof Look.Lost lost) {
                job = job.with(i, t -> t.lost(lost.why().kind(), lost.why().failure()));
                changed = true;
            } else if (look instanceof Look.NotNow later) {
                notNow = later.outcome();
            } else if (look instanceof Look.Unknown strange) {
                unknown = strange.status();
            } else if (look instanceof Look.Pending pending) {
                // Several tasks make one turn: it is as far as the slowest of them.
                slowest = Double.isNaN(slowest) ? pending.fraction() : Math.min(slowest, pending.fraction());
            } else {
                throw new IllegalStateException("unhandled look at a BFL task: " + look);
            }
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
        return unknown != null ? new PollOutcome.Unrecognised(unknown) : new PollOutcome.Pending(JobProgress.Generating.atFraction(slowest));
    }

    /** One look at one task: its image (downloaded now), why it is lost, a "not now", an unknown status, or still pending. */
    private sealed interface Look {
        record Arrived(GeneratedImage image) implements Look {
        }

        record Lost(PollOutcome.Failed why) implements Look {
        }

        record NotNow(PollOutcome outcome) implements Look {
        }

        record Unknown(String status) implements Look {
        }

        /** {@code fraction}: BFL's {@code progress} (0–1), NaN when it sent none. */
        record Pending(double fraction) implements Look {
        }

        /** A failed poll or download: lost for good, or to be looked at again. */
        static Look of(PollOutcome outcome) {
            return outcome instanceof PollOutcome.Failed failed ? new Lost(failed) : new NotNow(outcome);
        }
    }

    private Look look(FanOutJob.Part task) {
        HttpAnswer answer = http.get(task.url(), headers());
        if (!answer.ok()) {
            return Look.of(reading.pollFailure(answer, AnswerReading.detail(answer.body())));
        }
        String status = answer.body().path("status").asText("");
        return switch (status) {
            case "Pending" -> new Look.Pending(answer.body().path("progress").isNumber()
                    ? answer.body().path("progress").asDouble() : Double.NaN);
            case "Ready" -> fetch(answer.body().path("result"), task);
            case "Request Moderated" -> Look.of(new PollOutcome.Failed(FailureKind.MODERATED,
                    new ProviderFailure.Plain(SERVICE, ProviderFailure.Situation.REQUEST_FLAGGED)));
            case "Content Moderated" -> Look.of(new PollOutcome.Failed(FailureKind.MODERATED,
                    new ProviderFailure.Plain(SERVICE, ProviderFailure.Situation.RESULT_FLAGGED_UNCHARGED)));
            case "Error", "Failed" -> Look.of(new PollOutcome.Failed(FailureKind.PROVIDER_ERROR, new ProviderFailure.TaskFailed(SERVICE, detailOf(answer.body()))));
            case "Task not found" -> Look.of(new PollOutcome.Failed(FailureKind.PROVIDER_ERROR,
                    new ProviderFailure.Plain(SERVICE, ProviderFailure.Situation.TASK_FORGOTTEN)));
            default -> new Look.Unknown(status);
        };
    }

    /** The one download of a Ready task's sample. A "not now" leaves the task running, so the next look fetches it. */
    private Look fetch(JsonNode result, FanOutJob.Part task) {
        String sample = result.path("sample").asText(null);
        if (sample == null) {
            return Look.of(new PollOutcome.Failed(FailureKind.PROVIDER_ERROR, new ProviderFailure.Plain(SERVICE, ProviderFailure.Situation.READY_WITHOUT_IMAGE)));
        }
        ProviderHttp.Download download = http.download(sample, config.maxResultBytes());
        if (download instanceof ProviderHttp.Download.Failed failed) {
            return Look.of(reading.downloadFailure(failed));
        }
        ProviderHttp.Download.Fetched fetched = (ProviderHttp.Download.Fetched) download;
        long seed = result.path("seed").canConvertToLong() ? result.path("seed").asLong() : task.seed();
        return new Look.Arrived(GeneratedImage.fetched(fetched.bytes(), fetched.mime(), seed, inputs.resultUrl(sample)));
    }

    private static String detailOf(JsonNode body) {
        return body.path("details").isTextual() ? body.path("details").asText() : AnswerReading.detail(body);
    }

    @Override
    public void cancel(String job) {
        // BFL offers no way to stop a task; it finishes and the engine drops the result.
    }

    private Map<String, String> headers() {
        return Map.of("x-key", config.apiKey());
    }
}
