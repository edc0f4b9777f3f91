package dev.kontextbot.engine.catalogue;

import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.ProviderRefusal;
import dev.kontextbot.engine.model.ProviderRefusal.Parameter;
import dev.kontextbot.engine.model.TurnParams;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The catalogue against the providers this bot has: which route serves each model, and what a turn may ask of it.
 * A parameter a model lacks is refused here, naming the models that have it; it is never dropped.
 */
public final class ModelLineup {
    private final ModelCatalogue catalogue;
    private final Map<ModelId, ServedModel> served;

    /**
     * {@code choose}: for each entry, the route that serves it, or why none does (the app decides from its
     * providers' keys and the {@code provider:} setting).
     */
    public ModelLineup(ModelCatalogue catalogue, Function<ModelEntry, ServedModel> choose) {
        this.catalogue = catalogue;
        this.served = catalogue.entries().stream().collect(Collectors.toUnmodifiableMap(ModelEntry::id, choose));
    }

    public ModelCatalogue catalogue() {
        return catalogue;
    }

    /** Every model in catalogue order, available or not. */
    public List<ServedModel> models() {
        return catalogue.entries().stream().map(entry -> served.get(entry.id())).toList();
    }

    /** Every model as surfaces list it, in catalogue order. */
    public List<ModelChoice> choices() {
        return models().stream().map(ModelChoice::of).toList();
    }

    public Optional<ServedModel> find(ModelId id) {
        return Optional.ofNullable(served.get(id));
    }

    public Optional<Route> route(ModelId id) {
        return find(id).flatMap(ServedModel::route);
    }

    /** Why a turn of these parameters with this many input images cannot run on its model; empty when it can. */
    public Optional<ProviderRefusal> refusal(TurnParams params, int inputImages) {
        ModelId id = params.model();
        Optional<ServedModel> model = find(id);
        if (model.isEmpty()) {
            return Optional.of(new ProviderRefusal.UnknownModel(id, available(r -> true)));
        }
        if (model.get().route().isEmpty()) {
            return Optional.of(new ProviderRefusal.ModelUnavailable(id, model.get().unavailable().orElseThrow(), available(r -> true)));
        }
        Route route = model.get().route().get();
        if (inputImages > route.maxImages()) {
            return Optional.of(new ProviderRefusal.TooManyImages(id, route.maxImages(), inputImages, available(r -> r.maxImages() >= inputImages)));
        }
        if (route.guidance().isEmpty() && params.guidanceScale() != TurnParams.DEFAULT_GUIDANCE) {
            return Optional.of(new ProviderRefusal.ParameterNotOffered(id, Parameter.GUIDANCE_SCALE, Optional.of(TurnParams.DEFAULT_GUIDANCE),
                    available(r -> r.guidance().isPresent())));
        }
        if (route.guidance().isPresent() && !route.guidance().get().contains(params.guidanceScale())) {
            Range guidance = route.guidance().get();
            return Optional.of(new ProviderRefusal.OutOfRange(id, Parameter.GUIDANCE_SCALE, guidance.min(), guidance.max(), params.guidanceScale(),
                    available(r -> r.guidance().map(g -> g.contains(params.guidanceScale())).orElse(false))));
        }
        if (!route.safety().contains(params.safetyTolerance())) {
            return Optional.of(new ProviderRefusal.OutOfRange(id, Parameter.SAFETY_TOLERANCE, route.safety().min(), route.safety().max(),
                    params.safetyTolerance(), available(r -> r.safety().contains(params.safetyTolerance()))));
        }
        if (!route.formats().contains(params.outputFormat())) {
            return Optional.of(new ProviderRefusal.FormatNotMade(id, params.outputFormat(), available(r -> r.formats().contains(params.outputFormat()))));
        }
        if (params.enhancePrompt() && !route.promptUpsampling()) {
            return Optional.of(new ProviderRefusal.ParameterNotOffered(id, Parameter.ENHANCE_PROMPT, Optional.empty(), available(Route::promptUpsampling)));
        }
        return Optional.empty();
    }

    /** The available models whose route passes {@code test}, in catalogue order. */
    private List<ModelId> available(Predicate<Route> test) {
        return models().stream().filter(m -> m.route().filter(test).isPresent()).map(m -> m.entry().id()).toList();
    }

    /**
     * The most one variant of this turn can cost before it runs: its model's price for the largest output the model
     * makes (1 MP where it keeps the input's size) and {@code inputImages} inputs of 1 MP; 0 on a free route.
     */
    public long estimateMicros(TurnParams params, int inputImages) {
        Optional<ServedModel> model = find(params.model());
        if (model.isEmpty() || model.get().route().map(Route::free).orElse(false)) {
            return 0;
        }
        return model.get().entry().price().estimateMicros(1, inputImages);
    }

    /** The estimate per variant of an edit of one image, as budgets count a queued turn (see {@link ServedModel#typicalMicros}). */
    public long perImageMicros(ModelId id) {
        return find(id).map(ServedModel::typicalMicros).orElse(0L);
    }
}
