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

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One Kontext service shared by several bot instances, as the real one is: jobs are ready a fixed time after
 * submission. Prompts name their session and step ("s7 step 2"); the service records every submission and notes
 * each one that came before the session's previous step was collected — a broken per-session order.
 */
final class QueueService implements KontextProvider {
    private final long latencyNanos;
    private final AtomicInteger nextJob = new AtomicInteger();
    private final Map<String, EditRequest> jobs = new ConcurrentHashMap<>();
    private final Map<String, Long> readyAt = new ConcurrentHashMap<>();
    /** Prompt → how often it was submitted. */
    final Map<String, Integer> submissions = new ConcurrentHashMap<>();
    /** Session → the highest step whose result has been collected. */
    private final Map<String, Integer> collected = new ConcurrentHashMap<>();
    final List<String> outOfOrder = new CopyOnWriteArrayList<>();
    /** Prompt → looks at its job. */
    final Map<String, Integer> polls = new ConcurrentHashMap<>();
    /** Prompt → milliseconds from the job's submission to the first look at it. */
    final Map<String, Long> firstLookAfter = new ConcurrentHashMap<>();
    private final Map<String, Long> submittedAt = new ConcurrentHashMap<>();

    QueueService(long latencyMillis) {
        this.latencyNanos = latencyMillis * 1_000_000;
    }

    static String prompt(int session, int step) {
        return "s" + session + " step " + step;
    }

    @Override
    public String name() {
        return "queue";
    }

    @Override
    public Optional<ProviderRefusal> refusal(TurnParams params, int inputImages) {
        return Optional.empty();
    }

    @Override
    public SubmitOutcome submit(EditRequest request) {
        String[] words = request.prompt().split(" ");
        int step = Integer.parseInt(words[2]);
        if (step > 0 && collected.getOrDefault(words[0], -1) != step - 1) {
            outOfOrder.add(request.prompt());
        }
        submissions.merge(request.prompt(), 1, Integer::sum);
        String job = "job-" + nextJob.incrementAndGet();
        jobs.put(job, request);
        readyAt.put(job, System.nanoTime() + latencyNanos);
        submittedAt.put(job, System.nanoTime());
        return new SubmitOutcome.Submitted(job);
    }

    @Override
    public PollOutcome poll(String job) {
        EditRequest request = jobs.get(job);
        if (request == null) {
            return new PollOutcome.Failed(FailureKind.PROVIDER_ERROR, new ProviderFailure.Worded("unknown job " + job));
        }
        polls.merge(request.prompt(), 1, Integer::sum);
        firstLookAfter.putIfAbsent(request.prompt(), (System.nanoTime() - submittedAt.get(job)) / 1_000_000);
        if (System.nanoTime() < readyAt.get(job)) {
            return PollOutcome.Pending.running();
        }
        String[] words = request.prompt().split(" ");
        collected.merge(words[0], Integer.parseInt(words[2]), Math::max);
        long seed = request.params().seed();
        return new PollOutcome.Completed(List.of(GeneratedImage.of(FakeProvider.png(request, seed), "image/png", seed)));
    }

    @Override
    public void cancel(String job) {
    }

    @Override
    public long pricePerImageMicros(ModelId tier) {
        return 40_000;
    }
}
