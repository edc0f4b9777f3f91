package dev.kontextbot.provider;

import dev.kontextbot.engine.catalogue.Route;
import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.OutputFormat;
import dev.kontextbot.engine.model.ProviderRefusal;
import dev.kontextbot.engine.model.TurnParams;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The product's parameter ranges are the union of what its providers take ({@code safety_tolerance} 0–6, output
 * {@code webp}); each provider refuses, in {@code refusal}, what it does not take, naming what it does.
 */
public final class Offers {
    private Offers() {
    }

    public static Optional<ProviderRefusal> outputFormat(String service, OutputFormat asked, OutputFormat... offered) {
        List<OutputFormat> formats = Arrays.asList(offered);
        return formats.contains(asked) ? Optional.empty() : Optional.of(new ProviderRefusal.ServiceFormatNotMade(service, asked, formats));
    }

    public static Optional<ProviderRefusal> safetyTolerance(String service, int asked, int lowest, int highest) {
        return asked >= lowest && asked <= highest ? Optional.empty()
                : Optional.of(new ProviderRefusal.SafetyOutOfServiceRange(service, lowest, highest, asked));
    }

    /** A {@code guidance_scale} other than the default, for a route that takes none. */
    public static Optional<ProviderRefusal> guidance(String service, ModelId model, Route route, double asked) {
        if (route.guidance().isPresent() || asked == TurnParams.DEFAULT_GUIDANCE) {
            return Optional.empty();
        }
        return Optional.of(new ProviderRefusal.ServiceLacks(service, Optional.of(model), ProviderRefusal.Parameter.GUIDANCE_SCALE,
                Optional.of(TurnParams.DEFAULT_GUIDANCE)));
    }

    /** Kontext at BFL and at Replicate allows at most 2 when an image is edited ("the maximum allowed when input images are used"). */
    public static Optional<ProviderRefusal> editingSafety(String service, int asked) {
        return asked <= 2 ? Optional.empty() : Optional.of(new ProviderRefusal.EditingSafetyAbove(service, 2, asked));
    }

    /** {@code most}: the images one turn of this service takes, the edited one included. */
    public static Optional<ProviderRefusal> inputImages(String service, int asked, int most) {
        return asked <= most ? Optional.empty() : Optional.of(new ProviderRefusal.ServiceTakesFewerImages(service, most, asked));
    }

    /** An {@code enhance_prompt} the turn asks for where the service ({@code model}: that model of it) has none. */
    public static Optional<ProviderRefusal> enhancePrompt(String service, Optional<ModelId> model, boolean offered, boolean asked) {
        return offered || !asked ? Optional.empty()
                : Optional.of(new ProviderRefusal.ServiceLacks(service, model, ProviderRefusal.Parameter.ENHANCE_PROMPT, Optional.empty()));
    }
}
