package dev.kontextbot.app;

import dev.kontextbot.app.config.AppConfig;
import dev.kontextbot.app.config.CatalogueSettings;
import dev.kontextbot.engine.catalogue.ModelCatalogue;
import dev.kontextbot.engine.catalogue.ModelEntry;
import dev.kontextbot.engine.catalogue.ModelLineup;
import dev.kontextbot.engine.catalogue.Route;
import dev.kontextbot.engine.catalogue.ServedModel;
import dev.kontextbot.engine.image.ImageDecoder;
import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.Unavailability;
import dev.kontextbot.engine.port.KontextProvider;
import dev.kontextbot.provider.routing.ModelRouter;
import okhttp3.OkHttpClient;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Turns {@code provider:}, the API keys and the model catalogue into the engine's provider: each model served by the
 * first of its catalogue providers that is configured ({@code auto}), or by the one provider named; the offline
 * editor stands in for every model only when no service is configured (as before there was a catalogue).
 */
final class ProviderSelection {
    private final AppConfig config;
    private final OkHttpClient http;
    private final ImageDecoder decoder;
    private final ModelCatalogue catalogue;

    /** {@code decoder}: the offline editor decodes through the bot's one decoder. */
    ProviderSelection(AppConfig config, OkHttpClient http, ImageDecoder decoder) {
        this.config = config;
        this.http = http;
        this.decoder = decoder;
        this.catalogue = new CatalogueSettings(ProviderFactories.NAMES).catalogue(config.models());
    }

    /** The providers turns may go to: the one named, or with auto every service with a key (else the offline editor). */
    Set<String> enabled() {
        if (!config.provider().equals("auto")) {
            return Set.of(config.provider());
        }
        Set<String> keyed = ProviderFactories.ALL.stream().filter(f -> !f.name().equals(ProviderFactories.LOCAL))
                .filter(f -> f.missing().apply(config).isEmpty()).map(ProviderFactories.Factory::name)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        return keyed.isEmpty() ? Set.of(ProviderFactories.LOCAL) : keyed;
    }

    ModelLineup lineup() {
        Set<String> enabled = enabled();
        return new ModelLineup(catalogue, entry -> served(entry, enabled));
    }

    private ServedModel served(ModelEntry entry, Set<String> enabled) {
        Optional<Route> route = entry.routes().stream().filter(r -> enabled.contains(r.provider())).findFirst();
        if (route.isPresent()) {
            return new ServedModel(entry, route, Optional.empty());
        }
        Unavailability reason;
        if (!config.provider().equals("auto")) {
            reason = new Unavailability.NotServedBy(config.provider(), ProviderFactories.named(config.provider()).label());
        } else {
            reason = new Unavailability.NeedsSetup(entry.routes().stream().map(Route::provider).filter(p -> !p.equals(ProviderFactories.LOCAL))
                    .map(ProviderFactories::named).map(f -> new Unavailability.Service(f.name(), f.label(), f.missing().apply(config)))
                    .toList());
        }
        return new ServedModel(entry, Optional.empty(), Optional.of(reason));
    }

    /** {@code wrap}: what each provider is wrapped in (metrics), before routing. */
    KontextProvider choose(UnaryOperator<KontextProvider> wrap) {
        ModelLineup lineup = lineup();
        ProviderFactories.Context context = ProviderFactories.context(config, http, decoder, catalogue);
        List<KontextProvider> built = new ArrayList<>();
        for (String name : enabled()) {
            built.add(wrap.apply(ProviderFactories.named(name).build().apply(context)));
        }
        String primaryName = lineup.route(ModelId.parse(config.defaults().model())).map(Route::provider).orElse(built.get(0).name());
        KontextProvider primary = built.stream().filter(p -> p.name().equals(primaryName)).findFirst().orElse(built.get(0));
        return new ModelRouter(lineup, built, primary);
    }
}
