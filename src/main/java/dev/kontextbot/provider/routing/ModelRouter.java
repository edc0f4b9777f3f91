package dev.kontextbot.provider.routing;

import dev.kontextbot.engine.catalogue.ModelLineup;
import dev.kontextbot.engine.catalogue.Route;
import dev.kontextbot.engine.catalogue.ServedModel;
import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.ProviderRefusal;
import dev.kontextbot.engine.model.TurnParams;
import dev.kontextbot.engine.port.EditRequest;
import dev.kontextbot.engine.port.KontextProvider;
import dev.kontextbot.engine.port.PollOutcome;
import dev.kontextbot.engine.port.SubmitOutcome;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The engine's one provider when several are configured: each turn goes to the provider of its model's route in the
 * catalogue lineup, and its job token is prefixed with that provider's name, so a poll after a restart reaches the
 * provider that started it. A token without the prefix was written before routing: it belongs to {@code primary}, the
 * provider that used to serve every turn. The catalogue's refusals (a parameter the model lacks, more images than it
 * takes, a model not available here) come first, naming the models that can; then the chosen provider's own.
 */
public final class ModelRouter implements KontextProvider {
    private static final String PREFIX = "route:";

    private final ModelLineup lineup;
    private final Map<String, KontextProvider> providers;
    private final KontextProvider primary;

    /** {@code primary}: serves the default model, names this bot in health and logs, and owns pre-routing job tokens. */
    public ModelRouter(ModelLineup lineup, List<KontextProvider> providers, KontextProvider primary) {
        this.lineup = lineup;
        Map<String, KontextProvider> byName = new LinkedHashMap<>();
        providers.forEach(provider -> byName.put(provider.name(), provider));
        byName.putIfAbsent(primary.name(), primary);
        this.providers = java.util.Collections.unmodifiableMap(byName);
        this.primary = primary;
    }

    @Override
    public Optional<ModelLineup> lineup() {
        return Optional.of(lineup);
    }

    @Override
    public String name() {
        return primary.name();
    }

    @Override
    public String nameFor(TurnParams params) {
        return lineup.route(params.model()).map(Route::provider).orElse(primary.name());
    }

    @Override
    public boolean runs(String providerName) {
        return providers.containsKey(providerName);
    }

    @Override
    public Optional<ProviderRefusal> refusal(TurnParams params, int inputImages) {
        return lineup.refusal(params, inputImages).or(() -> providerOf(params).refusal(params, inputImages));
    }

    @Override
    public SubmitOutcome submit(EditRequest request) {
        KontextProvider provider = providerOf(request.params());
        EditRequest unwrapped = request.started().isEmpty() ? request
                : new EditRequest(request.prompt(), request.params(), request.images(), request.started().map(job -> split(job).token()),
                request.sent());
        SubmitOutcome outcome = provider.submit(unwrapped);
        if (outcome instanceof SubmitOutcome.Submitted submitted) {
            return new SubmitOutcome.Submitted(PREFIX + provider.name() + ":" + submitted.job(), submitted.unsent());
        }
        return outcome;
    }

    @Override
    public PollOutcome poll(String job) {
        Routed routed = split(job);
        PollOutcome outcome = routed.provider().poll(routed.token());
        if (outcome instanceof PollOutcome.Progress progress) {
            return new PollOutcome.Progress(progress.images(), PREFIX + routed.provider().name() + ":" + progress.job());
        }
        return outcome;
    }

    @Override
    public void cancel(String job) {
        Routed routed = split(job);
        routed.provider().cancel(routed.token());
    }

    /** What a cancel leaves running, said by any provider whose cancel cannot stop a job (Runflow). */
    @Override
    public Optional<String> cancelLimit() {
        return providers.values().stream().map(KontextProvider::cancelLimit).flatMap(Optional::stream).findFirst();
    }

    @Override
    public int maxAttempts() {
        return providers.values().stream().mapToInt(KontextProvider::maxAttempts).min().orElse(Integer.MAX_VALUE);
    }

    @Override
    public boolean resubmitIsHarmless() {
        return providers.values().stream().allMatch(KontextProvider::resubmitIsHarmless);
    }

    @Override
    public Optional<String> vocabulary() {
        return primary.vocabulary();
    }

    @Override
    public String example() {
        return primary.example();
    }

    @Override
    public boolean usesModelSettings() {
        return primary.usesModelSettings();
    }

    @Override
    public long pricePerImageMicros(ModelId model) {
        return lineup.perImageMicros(model);
    }

    @Override
    public List<ModelId> models() {
        return lineup.models().stream().filter(ServedModel::available).map(m -> m.entry().id()).toList();
    }

    private KontextProvider providerOf(TurnParams params) {
        return lineup.route(params.model()).map(Route::provider).map(providers::get).orElse(primary);
    }

    private record Routed(KontextProvider provider, String token) {
    }

    private Routed split(String job) {
        if (job.startsWith(PREFIX)) {
            int colon = job.indexOf(':', PREFIX.length());
            KontextProvider provider = colon < 0 ? null : providers.get(job.substring(PREFIX.length(), colon));
            if (provider != null) {
                return new Routed(provider, job.substring(colon + 1));
            }
            throw new IllegalStateException("a job of a provider that is not configured here: "
                    + job.substring(0, Math.min(job.length(), colon < 0 ? PREFIX.length() : colon)));
        }
        return new Routed(primary, job);
    }
}
