package dev.kontextbot.engine;

import dev.kontextbot.engine.model.ProviderFailure;
import dev.kontextbot.engine.model.ProviderRefusal;
import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.TurnParams;
import dev.kontextbot.engine.port.EditRequest;
import dev.kontextbot.engine.port.FailureKind;
import dev.kontextbot.engine.port.GeneratedImage;
import dev.kontextbot.engine.port.KontextProvider;
import dev.kontextbot.engine.port.PollOutcome;
import dev.kontextbot.engine.port.SubmitOutcome;
import dev.kontextbot.testing.TestImages;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A remote Kontext service in memory: submit gives a job, polls say pending until the job is released (or
 * after a set number of polls), then return images whose pixels encode the prompt, seed and input. One instance
 * can outlive an engine, like a real service outlives a bot restart.
 */
class FakeProvider implements KontextProvider {

    /** What the next submits answer, in order; when empty, submit succeeds. */
    final Deque<SubmitOutcome> scriptedSubmits = new ConcurrentLinkedDeque<>();
    /** What polls answer before the normal behaviour, in order. */
    final Deque<PollOutcome> scriptedPolls = new ConcurrentLinkedDeque<>();
    final List<EditRequest> submitted = new CopyOnWriteArrayList<>();
    final List<String> cancelled = new CopyOnWriteArrayList<>();
    final AtomicInteger polls = new AtomicInteger();
    volatile int pollsUntilDone = 0;
    /** While true, jobs stay pending until {@link #release(String)}. */
    volatile boolean holdJobs = false;
    /** The most images (image 1 and its references) a turn may give it; any number unless set. */
    volatile int maxImages = Integer.MAX_VALUE;

    private final Map<String, EditRequest> jobs = new ConcurrentHashMap<>();
    private final Map<String, Integer> pollCounts = new ConcurrentHashMap<>();
    private final Map<String, Boolean> released = new ConcurrentHashMap<>();
    private final AtomicInteger nextJob = new AtomicInteger();

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public Optional<ProviderRefusal> refusal(TurnParams params, int inputImages) {
        if (inputImages > maxImages) {
            return Optional.of(new ProviderRefusal.ServiceTakesFewerImages("The fake provider", maxImages, inputImages));
        }
        return params.guidanceScale() == 19.5
                ? Optional.of(new ProviderRefusal.ServiceLacks("The fake provider", Optional.of(params.model()), ProviderRefusal.Parameter.GUIDANCE_SCALE,
                Optional.of(TurnParams.DEFAULT_GUIDANCE))) : Optional.empty();
    }

    @Override
    public SubmitOutcome submit(EditRequest request) {
        SubmitOutcome scripted = scriptedSubmits.poll();
        if (scripted != null) {
            return scripted;
        }
        // A remote service is sent every input, as bytes when no URL of it is known: this one reads them all.
        request.images().forEach(image -> request.sent().add(image.bytes().length));
        submitted.add(request);
        String job = "job-" + nextJob.incrementAndGet();
        jobs.put(job, request);
        return new SubmitOutcome.Submitted(job);
    }

    @Override
    public PollOutcome poll(String job) {
        polls.incrementAndGet();
        PollOutcome scripted = scriptedPolls.poll();
        if (scripted != null) {
            return scripted;
        }
        EditRequest request = jobs.get(job);
        if (request == null) {
            return new PollOutcome.Failed(FailureKind.PROVIDER_ERROR, new ProviderFailure.Worded("unknown job " + job));
        }
        int count = pollCounts.merge(job, 1, Integer::sum);
        boolean ready = holdJobs ? released.containsKey(job) : count > pollsUntilDone;
        if (!ready) {
            return PollOutcome.Pending.running();
        }
        List<GeneratedImage> images = new ArrayList<>();
        for (int i = 0; i < request.params().numImages(); i++) {
            long seed = request.params().seedOf(i);
            images.add(GeneratedImage.of(png(request, seed), "image/png", seed));
        }
        return new PollOutcome.Completed(images);
    }

    void release(String job) {
        released.put(job, true);
    }

    void releaseAll() {
        jobs.keySet().forEach(this::release);
    }

    int submits() {
        return submitted.size();
    }

    @Override
    public void cancel(String job) {
        cancelled.add(job);
    }

    @Override
    public long pricePerImageMicros(ModelId tier) {
        return ModelId.KONTEXT_MAX.equals(tier) ? 80_000 : 40_000;
    }

    static SubmitOutcome.RetryLater busy(Duration after) {
        return new SubmitOutcome.RetryLater(after, "HTTP 503");
    }

    /** A 4×4 PNG whose colour is a function of the request, so every distinct edit has distinct bytes. */
    static byte[] png(EditRequest request, long seed) {
        int parentHash = request.image().map(image -> java.util.Arrays.hashCode(image.bytes())).orElse(0);
        int rgb = (request.prompt().hashCode() * 31 + Long.hashCode(seed)) * 31 + parentHash;
        return TestImages.encode(TestImages.drawn(4, 4, (x, y) -> rgb + x * 7 + y), "png");
    }
}
