package dev.kontextbot.engine.port;

import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.TurnParams;

import java.util.Objects;
import java.util.Optional;

/**
 * A provider that hands every call to another one: a decorator overrides only what it adds. The one place that
 * lists the port's methods for wrappers, so a method added to {@link KontextProvider} reaches every wrapped
 * provider instead of falling back to the interface's default in one of them.
 */
public abstract class ForwardingProvider implements KontextProvider {
    private final KontextProvider delegate;

    protected ForwardingProvider(KontextProvider delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public Optional<dev.kontextbot.engine.model.ProviderRefusal> refusal(TurnParams params, int inputImages) {
        return delegate.refusal(params, inputImages);
    }

    @Override
    public SubmitOutcome submit(EditRequest request) {
        return delegate.submit(request);
    }

    @Override
    public PollOutcome poll(String job) {
        return delegate.poll(job);
    }

    @Override
    public void cancel(String job) {
        delegate.cancel(job);
    }

    @Override
    public Optional<String> cancelLimit() {
        return delegate.cancelLimit();
    }

    @Override
    public int maxAttempts() {
        return delegate.maxAttempts();
    }

    @Override
    public boolean resubmitIsHarmless() {
        return delegate.resubmitIsHarmless();
    }

    @Override
    public Optional<String> vocabulary() {
        return delegate.vocabulary();
    }

    @Override
    public String example() {
        return delegate.example();
    }

    @Override
    public boolean usesModelSettings() {
        return delegate.usesModelSettings();
    }

    @Override
    public long pricePerImageMicros(ModelId tier) {
        return delegate.pricePerImageMicros(tier);
    }

    @Override
    public String nameFor(TurnParams params) {
        return delegate.nameFor(params);
    }

    @Override
    public java.util.List<ModelId> models() {
        return delegate.models();
    }

    @Override
    public Optional<dev.kontextbot.engine.catalogue.ModelLineup> lineup() {
        return delegate.lineup();
    }

    @Override
    public boolean runs(String providerName) {
        return delegate.runs(providerName);
    }
}
