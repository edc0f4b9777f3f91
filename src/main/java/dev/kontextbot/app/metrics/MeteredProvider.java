package dev.kontextbot.app.metrics;

import dev.kontextbot.engine.port.EditRequest;
import dev.kontextbot.engine.port.FailureKind;
import dev.kontextbot.engine.port.ForwardingProvider;
import dev.kontextbot.engine.port.KontextProvider;
import dev.kontextbot.engine.port.PollOutcome;
import dev.kontextbot.engine.port.SubmitOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The provider port, timed and counted on its way through: each submit and poll by outcome, each "not now" (a retry the
 * engine will make), each refusal by kind. Everything else is forwarded untouched.
 */
final class MeteredProvider extends ForwardingProvider {
    private final MeterRegistry registry;

    MeteredProvider(KontextProvider provider, MeterRegistry registry) {
        super(provider);
        this.registry = registry;
    }

    @Override
    public SubmitOutcome submit(EditRequest request) {
        return measured("submit", () -> super.submit(request), MeteredProvider::answer);
    }

    @Override
    public PollOutcome poll(String job) {
        return measured("poll", () -> super.poll(job), MeteredProvider::answer);
    }

    /** One call, timed and tagged by what its answer counts as; the answer itself passes through untouched. */
    private <T> T measured(String call, Supplier<T> action, Function<T, Answer> classify) {
        long start = System.nanoTime();
        T outcome = action.get();
        Answer answer = classify.apply(outcome);
        if (answer.retry()) {
            retried(call);
        }
        answer.failure().ifPresent(this::failed);
        timed(call, answer.outcome(), start);
        return outcome;
    }

    private static Answer answer(SubmitOutcome outcome) {
        if (outcome instanceof SubmitOutcome.Submitted) {
            return Answer.of("submitted");
        } else if (outcome instanceof SubmitOutcome.Finished) {
            return Answer.of("finished");
        } else if (outcome instanceof SubmitOutcome.RetryLater) {
            return Answer.RETRY;
        } else if (outcome instanceof SubmitOutcome.Rejected rejected) {
            return Answer.failure("rejected", rejected.kind());
        }
        // Counted, then handed on: the engine's own last branch ends the turn loudly (metering must not be where it breaks).
        return Answer.of("unknown");
    }

    private static Answer answer(PollOutcome outcome) {
        if (outcome instanceof PollOutcome.Pending) {
            return Answer.of("pending");
        } else if (outcome instanceof PollOutcome.Completed) {
            return Answer.of("completed");
        } else if (outcome instanceof PollOutcome.Progress) {
            return Answer.of("progress");
        } else if (outcome instanceof PollOutcome.Unrecognised) {
            return Answer.of("unrecognised");
        } else if (outcome instanceof PollOutcome.RetryLater) {
            return Answer.RETRY;
        } else if (outcome instanceof PollOutcome.Failed failed) {
            return Answer.failure("failed", failed.kind());
        }
        return Answer.of("unknown");
    }

    /** What one provider answer counts as: its outcome tag, whether the engine will retry, and the refusal's kind if any. */
    private record Answer(String outcome, boolean retry, Optional<FailureKind> failure) {
        static final Answer RETRY = new Answer("retry", true, Optional.empty());

        static Answer of(String outcome) {
            return new Answer(outcome, false, Optional.empty());
        }

        static Answer failure(String outcome, FailureKind kind) {
            return new Answer(outcome, false, Optional.of(kind));
        }
    }

    private void timed(String call, String result, long startNanos) {
        Timer.builder("kontext.provider.calls").description("One call to the provider's API, by call and outcome")
                .tags("provider", name(), "call", call, "outcome", result)
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(2))
                .register(registry).record(Duration.ofNanos(System.nanoTime() - startNanos));
    }

    private void retried(String call) {
        Counter.builder("kontext.provider.retries").description("Provider answers of 'not now' (429, 5xx, network): the engine retries")
                .tags("provider", name(), "call", call).register(registry).increment();
    }

    private void failed(FailureKind kind) {
        Counter.builder("kontext.provider.errors").description("Provider refusals and failures, by kind")
                .tags("provider", name(), "kind", kind.name().toLowerCase(Locale.ROOT)).register(registry).increment();
    }
}
