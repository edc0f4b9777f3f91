package dev.kontextbot.provider.comfyui;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kontextbot.engine.catalogue.PixelSize;
import dev.kontextbot.engine.catalogue.Route;
import dev.kontextbot.engine.model.OutputFormat;
import dev.kontextbot.engine.model.ProviderFailure;
import dev.kontextbot.engine.model.ProviderRefusal;
import dev.kontextbot.engine.model.TurnParams;
import dev.kontextbot.engine.port.EditRequest;
import dev.kontextbot.engine.port.FailureKind;
import dev.kontextbot.engine.port.JobProgress;
import dev.kontextbot.engine.port.PollOutcome;
import dev.kontextbot.engine.port.SourceImage;
import dev.kontextbot.engine.port.SubmitOutcome;
import dev.kontextbot.provider.Offers;
import dev.kontextbot.provider.ProviderRoutes;
import dev.kontextbot.provider.RoutedProvider;
import dev.kontextbot.provider.http.AnswerReading;
import dev.kontextbot.provider.http.HttpAnswer;
import dev.kontextbot.provider.http.JobTokens;
import dev.kontextbot.provider.http.ProviderHttp;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.RequestBody;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * FLUX.1 Kontext [dev] on the operator's own ComfyUI: uploads the images, queues the workflow with them filled in,
 * follows it through {@code /queue}, the websocket's sampler steps and {@code /history}, and cancels with
 * {@code /queue} delete or {@code /interrupt}. The job token is the prompt id, so a restarted bot finds its prompt in
 * {@code /history} and never queues it again.
 */
public final class ComfyUiProvider implements RoutedProvider, AutoCloseable {
    static final String SERVICE = "ComfyUI";
    private static final Map<String, String> NO_HEADERS = Map.of();

    private final ComfyUiConfig config;
    private final ProviderHttp http;
    private final JobTokens<Job> tokens;
    private final AnswerReading reading;
    private final ComfyUiSocket socket;
    private final ComfyUiResults results;
    private final String clientId = UUID.randomUUID().toString();

    public ComfyUiProvider(ComfyUiConfig config, ProviderHttp http) {
        this.config = config;
        this.http = http;
        this.tokens = new JobTokens<>(http.mapper(), Job.class);
        this.reading = new AnswerReading(SERVICE, null);
        this.socket = new ComfyUiSocket(config.baseUrl(), clientId, http.mapper());
        this.results = new ComfyUiResults(config.baseUrl(), http, reading, config.maxResultBytes());
    }

    /** {@code format}: the output format asked for, as ComfyUI's SaveImage writes PNG whatever it is. */
    record Job(String promptId, long seed, String format) {
    }

    @Override
    public String name() {
        return "comfyui";
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
        if (inputImages == 0 && route.textPath().isEmpty()) {
            return Optional.of(new ProviderRefusal.NeedsAnImage(SERVICE, Optional.of(params.model())));
        }
        return Offers.enhancePrompt(SERVICE, Optional.empty(), false, params.enhancePrompt())
                .or(() -> Offers.outputFormat(SERVICE, params.outputFormat(), OutputFormat.JPEG, OutputFormat.PNG));
    }

    @Override
    public SubmitOutcome submit(EditRequest request) {
        socket.start();
        TurnParams params = request.params();
        Route route = config.routes().require(params.model());
        Map<String, Object> values = new HashMap<>();
        for (int i = 0; i < request.images().size(); i++) {
            HttpAnswer upload = upload(request.images().get(i), i + 1);
            if (!upload.ok()) {
                return submitFailure(upload);
            }
            String name = upload.body().path("name").asText("");
            if (name.isBlank()) {
                return new SubmitOutcome.Rejected(FailureKind.PROVIDER_ERROR, new ProviderFailure.UploadNotNamed(SERVICE, i + 1));
            }
            String subfolder = upload.body().path("subfolder").asText("");
            values.put("image_" + (i + 1), subfolder.isBlank() ? name : subfolder + "/" + name);
        }
        PixelSize size = size(params, request.image());
        values.put("prompt", request.prompt());
        values.put("seed", params.seed());
        values.put("steps", config.steps());
        values.put("guidance", params.guidanceScale());
        values.put("width", size.width());
        values.put("height", size.height());
        values.put("batch_size", params.numImages());
        Map<String, Object> body = Map.of("prompt", config.workflows().forImages(route, request.images().size()).fill(values), "client_id", clientId);
        HttpAnswer queued = http.post(config.baseUrl() + "/prompt", NO_HEADERS, body);
        if (queued.status() == 400 && queued.body().has("node_errors")) {
            return new SubmitOutcome.Rejected(FailureKind.BAD_REQUEST, new ProviderFailure.WorkflowRefused(SERVICE, NodeErrors.describe(queued.body())));
        }
        if (!queued.ok()) {
            return submitFailure(queued);
        }
        String promptId = queued.body().path("prompt_id").asText("");
        if (promptId.isBlank()) {
            return new SubmitOutcome.Rejected(FailureKind.PROVIDER_ERROR, new ProviderFailure.Plain(SERVICE, ProviderFailure.Situation.NO_PROMPT_ID));
        }
        return new SubmitOutcome.Submitted(tokens.write(new Job(promptId, params.seed(), params.outputFormat().wireName())));
    }

    private HttpAnswer upload(SourceImage image, int number) {
        String extension = image.mime().substring(image.mime().indexOf('/') + 1).replace("jpeg", "jpg");
        RequestBody form = new MultipartBody.Builder().setType(MultipartBody.FORM)
                .addFormDataPart("image", "kontext-" + UUID.randomUUID() + "-" + number + "." + extension,
                        RequestBody.create(image.bytes(), MediaType.get(image.mime())))
                .addFormDataPart("overwrite", "true")
                .addFormDataPart("type", "input")
                .build();
        return http.postForm(config.baseUrl() + "/upload/image", NO_HEADERS, form);
    }

    /** Not reached at all: say where the bot looked, the one thing an operator needs to fix it. */
    private SubmitOutcome submitFailure(HttpAnswer answer) {
        if (answer.networkFailed() && !answer.sent()) {
            return new SubmitOutcome.RetryLater(null, new ProviderFailure.UnreachableAt(SERVICE, config.baseUrl(), answer.networkError()));
        }
        return reading.submitFailure(answer, NodeErrors.message(answer.body()));
    }

    /** The ratio asked for at about a megapixel, or the edited image's own ratio, as Kontext [dev] works best at ~1 MP. */
    private static PixelSize size(TurnParams params, Optional<SourceImage> image) {
        if (params.aspectRatio() != null) {
            return PixelSize.of(params.aspectRatio()).within(1);
        }
        if (image.isEmpty() || image.get().width() < 1 || image.get().height() < 1) {
            return new PixelSize(1024, 1024);
        }
        double scale = Math.sqrt(1024.0 * 1024.0 / ((double) image.get().width() * image.get().height()));
        return new PixelSize(sixteens(image.get().width() * scale), sixteens(image.get().height() * scale));
    }

    private static int sixteens(double pixels) {
        return Math.max(64, (int) Math.round(pixels / 16) * 16);
    }

    @Override
    public PollOutcome poll(String token) {
        socket.start();
        Job job = tokens.read(token);
        HttpAnswer history = history(job);
        if (!history.ok()) {
            return reading.pollFailure(history, NodeErrors.message(history.body()));
        }
        if (history.body().path(job.promptId()).isObject()) {
            return ended(job, history.body().get(job.promptId()));
        }
        HttpAnswer queue = http.get(config.baseUrl() + "/queue", NO_HEADERS);
        if (!queue.ok()) {
            return reading.pollFailure(queue, NodeErrors.message(queue.body()));
        }
        Optional<QueuePlace> place = QueuePlace.of(queue.body(), job.promptId());
        if (place.isEmpty()) {
            return new PollOutcome.RetryLater(null, new ProviderFailure.Plain(SERVICE, ProviderFailure.Situation.QUEUE_ANSWER_INCOMPLETE));
        }
        if (place.get() instanceof QueuePlace.Running) {
            return new PollOutcome.Pending(socket.progress(job.promptId()).map(JobProgress.class::cast).orElse(JobProgress.Generating.started()));
        }
        if (place.get() instanceof QueuePlace.Waiting waiting) {
            return PollOutcome.Pending.queued(SERVICE, waiting.position());
        }
        if (place.get() instanceof QueuePlace.Absent) {
            return lastLook(job);
        }
        throw new IllegalStateException("unhandled queue place " + place.get());
    }

    /** Neither queued nor in the history read a moment ago: it may have ended in between, or ComfyUI restarted. */
    private PollOutcome lastLook(Job job) {
        HttpAnswer again = history(job);
        if (!again.ok()) {
            return reading.pollFailure(again, NodeErrors.message(again.body()));
        }
        if (again.body().path(job.promptId()).isObject()) {
            return ended(job, again.body().get(job.promptId()));
        }
        socket.forget(job.promptId());
        return new PollOutcome.Failed(FailureKind.EXPIRED, new ProviderFailure.Plain(SERVICE, ProviderFailure.Situation.EDIT_FORGOTTEN));
    }

    private HttpAnswer history(Job job) {
        return http.get(config.baseUrl() + "/history/" + job.promptId(), NO_HEADERS);
    }

    private PollOutcome ended(Job job, JsonNode entry) {
        socket.forget(job.promptId());
        return results.read(entry, job.seed(), OutputFormat.parse(job.format()));
    }

    @Override
    public void cancel(String token) {
        Job job = tokens.read(token);
        socket.forget(job.promptId());
        HttpAnswer queue = http.get(config.baseUrl() + "/queue", NO_HEADERS);
        Optional<QueuePlace> place = queue.ok() ? QueuePlace.of(queue.body(), job.promptId()) : Optional.empty();
        // Older servers interrupt whatever runs, whoever sent it: only when it is ours.
        if (place.isPresent() && place.get() instanceof QueuePlace.Running) {
            http.post(config.baseUrl() + "/interrupt", NO_HEADERS, Map.of("prompt_id", job.promptId()));
        } else {
            http.post(config.baseUrl() + "/queue", NO_HEADERS, Map.of("delete", List.of(job.promptId())));
        }
    }

    /** Whether the progress socket is connected (tests; health could show it). */
    boolean socketOpen() {
        return socket.open();
    }

    @Override
    public void close() {
        socket.close();
    }
}
