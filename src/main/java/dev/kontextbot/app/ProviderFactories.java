package dev.kontextbot.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kontextbot.app.config.AppConfig;
import dev.kontextbot.engine.catalogue.ModelCatalogue;
import dev.kontextbot.engine.image.ImageDecoder;
import dev.kontextbot.engine.port.KontextProvider;
import dev.kontextbot.provider.ProviderRoutes;
import dev.kontextbot.app.config.ConfigException;
import dev.kontextbot.provider.bfl.BflConfig;
import dev.kontextbot.provider.comfyui.ComfyUiConfig;
import dev.kontextbot.provider.comfyui.ComfyUiProvider;
import dev.kontextbot.provider.comfyui.Workflows;
import dev.kontextbot.provider.bfl.BflProvider;
import dev.kontextbot.provider.fal.FalConfig;
import dev.kontextbot.provider.fal.FalProvider;
import dev.kontextbot.provider.http.ProviderHttp;
import dev.kontextbot.provider.offline.OfflineEditorProvider;
import dev.kontextbot.provider.replicate.ReplicateConfig;
import dev.kontextbot.provider.replicate.ReplicateProvider;
import dev.kontextbot.provider.runflow.RunflowConfig;
import dev.kontextbot.provider.runflow.RunflowProvider;
import okhttp3.OkHttpClient;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every provider the bot can use, registered once: its name (as settings, catalogue routes and stored turns write it),
 * how people name it, whether it is configured (its key), and how it is built. In the order {@code provider: auto}
 * prefers them; a new provider (ComfyUI, issue #13) is one more line here plus its catalogue routes.
 */
public final class ProviderFactories {
    /** What a factory gets to build its provider. */
    record Context(AppConfig config, ProviderHttp http, ImageDecoder decoder, ModelCatalogue catalogue, long maxResultBytes) {
        ProviderRoutes routes(String provider) {
            return new ProviderRoutes(catalogue, provider);
        }
    }

    /**
     * @param missing the environment variable that is not set ("BFL_API_KEY"), empty when the provider is configured
     */
    record Factory(String name, String label, Function<AppConfig, Optional<String>> missing, Function<Context, KontextProvider> build) {
    }

    static final List<Factory> ALL = List.of(
            new Factory("runflow", "Runflow", c -> key(c.providers().runflow().remote(), "RUNFLOW_API_KEY"), ctx -> {
                AppConfig.Runflow r = ctx.config().providers().runflow();
                return new RunflowProvider(new RunflowConfig(r.baseUrl(), r.apiKey().value(), ctx.routes("runflow"), ctx.maxResultBytes(),
                        r.maxEnabled(), r.cancelRoute(), r.maxAttempts(), r.inlineMaxKb() * 1024L), ctx.http());
            }),
            new Factory("bfl", "BFL", c -> key(c.providers().bfl(), "BFL_API_KEY"), ctx -> new BflProvider(new BflConfig(
                    ctx.config().providers().bfl().baseUrl(), ctx.config().providers().bfl().apiKey().value(), ctx.routes("bfl"),
                    ctx.maxResultBytes()), ctx.http())),
            new Factory("fal", "fal.ai", c -> key(c.providers().fal().remote(), "FAL_KEY"), ctx -> {
                AppConfig.Uploading f = ctx.config().providers().fal();
                return new FalProvider(new FalConfig(f.baseUrl(), f.apiKey().value(), ctx.routes("fal"), ctx.maxResultBytes(),
                        f.inlineMaxBytes()), ctx.http());
            }),
            new Factory("replicate", "Replicate", c -> key(c.providers().replicate().remote(), "REPLICATE_API_TOKEN"), ctx -> {
                AppConfig.Uploading r = ctx.config().providers().replicate();
                return new ReplicateProvider(new ReplicateConfig(r.baseUrl(), r.apiKey().value(), ctx.routes("replicate"),
                        ctx.maxResultBytes(), ReplicateConfig.DEFAULT_WAIT, r.inlineMaxBytes()), ctx.http());
            }),
            new Factory("comfyui", "ComfyUI", c -> c.providers().comfyui().url().isBlank() ? Optional.of("COMFYUI_URL") : Optional.empty(),
                    ProviderFactories::comfyUi),
            new Factory("offline", "the offline editor", c -> Optional.empty(), ctx -> new OfflineEditorProvider(ctx.decoder())));

    /** The names of every registered provider. */
    public static final Set<String> NAMES = ALL.stream().map(Factory::name).collect(Collectors.toUnmodifiableSet());

    /** The one provider that needs no service, standing in for every model when no service is configured. */
    static final String LOCAL = "offline";

    private ProviderFactories() {
    }

    static Factory named(String name) {
        return ALL.stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no provider " + name));
    }

    static Context context(AppConfig config, OkHttpClient http, ImageDecoder decoder, ModelCatalogue catalogue) {
        return new Context(config, new ProviderHttp(http, new ObjectMapper()), decoder, catalogue,
                config.providers().maxResultMb() * 1024L * 1024L);
    }

    /** The workflows are read here, at start: a missing file or placeholder stops start-up naming it. */
    private static KontextProvider comfyUi(Context ctx) {
        AppConfig.ComfyUi c = ctx.config().providers().comfyui();
        ProviderRoutes routes = ctx.routes("comfyui");
        Workflows workflows;
        try {
            workflows = Workflows.load(routes, ctx.http().mapper());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        return new ComfyUiProvider(new ComfyUiConfig(c.urlOrDefault(), routes, workflows, c.steps(), ctx.maxResultBytes()), ctx.http());
    }

    private static Optional<String> key(AppConfig.Remote remote, String variable) {
        return remote.apiKey().isSet() ? Optional.empty() : Optional.of(variable);
    }
}
