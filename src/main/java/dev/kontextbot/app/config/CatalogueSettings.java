package dev.kontextbot.app.config;

import dev.kontextbot.engine.catalogue.ModelCatalogue;
import dev.kontextbot.engine.catalogue.ModelEntry;
import dev.kontextbot.engine.catalogue.ModelPrice;
import dev.kontextbot.engine.catalogue.Range;
import dev.kontextbot.engine.catalogue.Route;
import dev.kontextbot.engine.catalogue.SizeMode;
import dev.kontextbot.engine.model.InvalidParameterException;
import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.OutputFormat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code models:} settings as the engine's catalogue, checked entry by entry: a bad entry stops start-up with a
 * message naming it ("models.flux-2-pro.serve.bfl.size must be aspect-ratio or width-height, not 'wide'").
 */
public final class CatalogueSettings {
    private static final Set<OutputFormat> JPEG_PNG = Set.of(OutputFormat.JPEG, OutputFormat.PNG);

    private final Set<String> providers;

    /** {@code providers}: the names the provider factory list registers; a route naming another one is refused. */
    public CatalogueSettings(Set<String> providers) {
        this.providers = Set.copyOf(providers);
    }

    public ModelCatalogue catalogue(Map<String, AppConfig.ModelSetting> models) {
        require(models != null && !models.isEmpty(), "models: the catalogue lists no model");
        List<ModelEntry> entries = new ArrayList<>();
        models.forEach((key, setting) -> entries.add(entry(key, setting)));
        return new ModelCatalogue(entries);
    }

    private ModelEntry entry(String key, AppConfig.ModelSetting setting) {
        String at = "models." + key;
        require(setting != null, at + " is empty");
        ModelId id;
        try {
            id = new ModelId(key);
        } catch (InvalidParameterException e) {
            throw new ConfigException(at + ": " + e.getMessage());
        }
        require(ModelId.parse(key).equals(id), at + ": '" + key + "' is an old name of " + ModelId.parse(key) + "; use that id");
        require(setting.label() != null && !setting.label().isBlank(), at + ".label is missing");
        require(setting.serve() != null && !setting.serve().isEmpty(), at + ".serve names no provider");
        List<Route> routes = new ArrayList<>();
        // A route set to null (serve: {bfl: ~}) is taken out: an override drops a provider for this model.
        setting.serve().forEach((provider, serve) -> {
            if (serve != null) {
                routes.add(route(at + ".serve." + provider, provider, serve));
            }
        });
        require(!routes.isEmpty(), at + ".serve names no provider");
        return new ModelEntry(id, setting.label().trim(), price(at + ".price", setting.price()), routes);
    }

    private static ModelPrice price(String at, AppConfig.PriceSetting p) {
        require(p != null, at + " is missing (per-image, or first and further)");
        if (p.perImage() != null) {
            require(p.first() == null && p.further() == null, at + ": per-image or first/further, not both");
            return new ModelPrice.PerImage(micros(at + ".per-image", p.perImage()));
        }
        require(p.first() != null && p.further() != null, at + " needs per-image, or first and further");
        return new ModelPrice.PerMegapixel(micros(at + ".first", p.first()), micros(at + ".further", p.further()),
                Boolean.TRUE.equals(p.inputs()));
    }

    private static long micros(String at, double dollars) {
        require(dollars >= 0 && dollars < 1000, at + " must be dollars from 0, not " + dollars);
        return Math.round(dollars * 1_000_000);
    }

    private Route route(String at, String provider, AppConfig.ServeSetting s) {
        require(providers.contains(provider), at + ": there is no provider '" + provider + "'; the providers are "
                + String.join(", ", providers.stream().sorted().toList()));
        require(s.path() != null && !s.path().isBlank(), at + ".path is missing");
        int maxImages = s.maxImages() == null ? 1 : s.maxImages();
        require(maxImages >= 1 && maxImages <= 16, at + ".max-images must be 1 to 16, not " + maxImages);
        String numImages = s.numImages() == null ? "native" : s.numImages().toLowerCase(Locale.ROOT);
        require(numImages.equals("native") || numImages.equals("tasks"), at + ".num-images must be native or tasks, not '" + s.numImages() + "'");
        String size = s.size() == null ? "aspect-ratio" : s.size().toLowerCase(Locale.ROOT);
        require(size.equals("aspect-ratio") || size.equals("width-height"), at + ".size must be aspect-ratio or width-height, not '" + s.size() + "'");
        int maxMegapixels = s.maxMegapixels() == null ? 4 : s.maxMegapixels();
        require(maxMegapixels >= 1 && maxMegapixels <= 16, at + ".max-megapixels must be 1 to 16, not " + maxMegapixels);
        Range safety = range(at + ".safety", s.safety() == null ? null : s.safety().stream().map(Integer::doubleValue).toList())
                .orElseThrow(() -> new ConfigException(at + ".safety is missing ([lowest, highest])"));
        require(safety.min() >= 0 && safety.max() <= 6, at + ".safety must lie within 0–6");
        return new Route(provider, s.path().trim(), text(s.multiPath()), text(s.textPath()), maxImages, numImages.equals("native"),
                size.equals("width-height") ? SizeMode.WIDTH_HEIGHT : SizeMode.ASPECT_RATIO, maxMegapixels,
                range(at + ".guidance", s.guidance()), range(at + ".steps", s.steps()), safety, formats(at + ".formats", s.formats()),
                Boolean.TRUE.equals(s.promptUpsampling()), Boolean.TRUE.equals(s.free()));
    }

    private static Optional<Range> range(String at, List<Double> values) {
        if (values == null) {
            return Optional.empty();
        }
        require(values.size() == 2 && values.get(0) != null && values.get(1) != null && values.get(0) <= values.get(1),
                at + " must be [lowest, highest], not " + values);
        return Optional.of(new Range(values.get(0), values.get(1)));
    }

    private static Set<OutputFormat> formats(String at, List<String> names) {
        if (names == null) {
            return JPEG_PNG;
        }
        require(!names.isEmpty(), at + " names no format");
        Set<OutputFormat> formats = new LinkedHashSet<>();
        for (String name : names) {
            try {
                formats.add(OutputFormat.parse(name));
            } catch (InvalidParameterException e) {
                throw new ConfigException(at + ": " + e.getMessage());
            }
        }
        return formats;
    }

    private static Optional<String> text(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new ConfigException(message);
        }
    }
}
