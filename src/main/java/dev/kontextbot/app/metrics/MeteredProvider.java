package dev.kontextbot.app.metrics;

import dev.kontextbot.engine.model.ModelTier;
import dev.kontextbot.engine.model.TurnParams;
import dev.kontextbot.engine.port.EditRequest;
import dev.kontextbot.engine.port.FailureKind;
import dev.kontextbot.engine.port.KontextProvider;
import dev.kontextbot.engine.port.PollOutcome;
import dev.kontextbot.engine.port.SubmitOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The provider port, timed and counted on its way through: each submit and poll by outcome, each "not now" (a retry the
 * engine will make), each refusal by kind. Everything else is the provider's own.
 */
final class MeteredProvider implements KontextProvider {
    private final KontextProvider provider;
    private final MeterRegistry registry;

    MeteredProvider(KontextProvider provider, MeterRegistry registry) {
        this.provider = provider;
        this.registry = registry;
    }

    @Override
    public String name() {
        return provider.name();
    }

    @Override
    public Optional<String> refusal(TurnParams params, boolean hasInputImage) {
        return provider.refusal(params, hasInputImage);
    }

    @Override
    public SubmitOutcome submit(EditRequest request) {
        long start = System.nanoTime();
        SubmitOutcome outcome = provider.submit(request);
        String result;
        if (outcome instanceof SubmitOutcome.Submitted) {
            result = "submitted";
        } else if (outcome instanceof SubmitOutcome.Finished) {
            result = "finished";
        } else if (outcome instanceof SubmitOutcome.RetryLater) {
            result = "retry";
            retried("submit");
        } else if (outcome instanceof SubmitOutcome.Rejected rejected) {
            result = "rejected";
            failed(rejected.kind());
        } else {
            throw new IllegalStateException("unknown submit outcome " + outcome);
        }
        timed("submit", result, start);
        return outcome;
    }

    @Override
    public PollOutcome poll(String job) {
        long start = System.nanoTime();
        PollOutcome outcome = provider.poll(job);
        String result;
        if (outcome instanceof PollOutcome.Pending) {
            result = "pending";
        } else if (outcome instanceof PollOutcome.Completed) {
            result = "completed";
        } else if (outcome instanceof PollOutcome.RetryLater) {
            result = "retry";
            retried("poll");
        } else if (outcome instanceof PollOutcome.Failed failed) {
            result = "failed";
            failed(failed.kind());
        } else {
            throw new IllegalStateException("unknown poll outcome " + outcome);
        }
        timed("poll", result, start);
        return outcome;
    }

    @Override
    public void cancel(String job) {
        provider.cancel(job);
    }

    @Override
    public Optional<String> cancelLimit() {
        return provider.cancelLimit();
    }

    @Override
    public int maxAttempts() {
        return provider.maxAttempts();
    }

    @Override
    public boolean resubmitIsHarmless() {
        return provider.resubmitIsHarmless();
    }

    @Override
    public Optional<String> vocabulary() {
        return provider.vocabulary();
    }

    @Override
    public String example() {
        return provider.example();
    }

    @Override
    public boolean usesModelSettings() {
        return provider.usesModelSettings();
    }

    @Override
    public long pricePerImageMicros(ModelTier tier) {
        return provider.pricePerImageMicros(tier);
    }

    private void timed(String call, String result, long startNanos) {
        Timer.builder("kontext.provider.calls").description("One call to the provider's API, by call and outcome")
                .tags("provider", provider.name(), "call", call, "outcome", result)
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(2))
                .register(registry).record(Duration.ofNanos(System.nanoTime() - startNanos));
    }

    private void retried(String call) {
        Counter.builder("kontext.provider.retries").description("Provider answers of 'not now' (429, 5xx, network): the engine retries")
                .tags("provider", provider.name(), "call", call).register(registry).increment();
    }

    private void failed(FailureKind kind) {
        Counter.builder("kontext.provider.errors").description("Provider refusals and failures, by kind")
                .tags("provider", provider.name(), "kind", kind.name().toLowerCase(Locale.ROOT)).register(registry).increment();
    }
}
