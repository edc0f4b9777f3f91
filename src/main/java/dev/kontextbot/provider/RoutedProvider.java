package dev.kontextbot.provider;

import dev.kontextbot.engine.catalogue.Route;
import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.ProviderRefusal;
import dev.kontextbot.engine.model.TurnParams;
import dev.kontextbot.engine.port.KontextProvider;

import java.util.Optional;

/**
 * A provider that serves the catalogue's routes: its refusals start with the shared checks, in one order for every
 * service (is the model served here, with this many images: {@link ProviderRoutes#refusal}), then its own
 * ({@link #ownRefusal}); its price is the catalogue's. The order is BFL's: when two reasons apply, the person hears
 * first whether the model runs here at all.
 */
public interface RoutedProvider extends KontextProvider {
    /** The service's name as people know it ("BFL", "fal.ai"), as refusals name it. */
    String service();

    ProviderRoutes routes();

    /** What this service refuses of a turn the shared checks let through, on {@code route}: the model's route here. */
    Optional<ProviderRefusal> ownRefusal(TurnParams params, int inputImages, Route route);

    @Override
    default Optional<ProviderRefusal> refusal(TurnParams params, int inputImages) {
        return routes().refusal(service(), params.model(), inputImages)
                .or(() -> ownRefusal(params, inputImages, routes().require(params.model())));
    }

    @Override
    default long pricePerImageMicros(ModelId model) {
        return routes().pricePerImageMicros(model);
    }

    @Override
    default java.util.List<ModelId> models() {
        return routes().models();
    }
}
