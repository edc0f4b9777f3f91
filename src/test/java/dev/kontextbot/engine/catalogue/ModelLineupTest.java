package dev.kontextbot.engine.catalogue;

import dev.kontextbot.adapter.chat.CatalogueWords;
import dev.kontextbot.adapter.words.TestWords;
import dev.kontextbot.engine.model.AspectRatio;
import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.OutputFormat;
import dev.kontextbot.engine.model.TurnParams;
import dev.kontextbot.engine.model.Unavailability;
import dev.kontextbot.testing.TestCatalogue;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.Set;

import static dev.kontextbot.testing.ProviderRefusalsSaid.english;
import static org.assertj.core.api.Assertions.assertThat;

/** Parameters follow the model: what a model lacks is refused naming the models that have it, never dropped. */
class ModelLineupTest {
    private static final ModelId PRO2 = new ModelId("flux-2-pro");
    private static final ModelId FLEX = new ModelId("flux-2-flex");

    /** The shipped catalogue with BFL configured: every model at BFL. */
    private final ModelLineup bfl = new ModelLineup(TestCatalogue.bundled(), entry -> {
        Optional<Route> route = entry.routes().stream().filter(r -> r.provider().equals("bfl")).findFirst();
        return new ServedModel(entry, route, route.isPresent() ? Optional.empty() : Optional.of(new Unavailability.NotServedBy("bfl", "BFL")));
    });

    private static TurnParams params(ModelId model, double guidance, int safety, boolean enhance) {
        return new TurnParams(model, AspectRatio.SQUARE, 1, guidance, OutputFormat.JPEG, safety, enhance, 1);
    }

    @Test
    void aTurnWithMoreImagesThanItsModelTakesNamesTheModelsThatCan() {
        assertThat(english(bfl.refusal(params(ModelId.KONTEXT_PRO, 3.5, 2, false), 4))).isEmpty();
        assertThat(english(bfl.refusal(params(ModelId.KONTEXT_PRO, 3.5, 2, false), 6)))
                .contains("kontext-pro takes up to 4 images per turn; this one has 6; models that take 6: flux-2-pro, flux-2-max, flux-2-flex.");
    }

    @Test
    void guidanceIsOnlyWhereTheModelHasItAndWithinItsRange() {
        assertThat(english(bfl.refusal(params(PRO2, 5, 2, false), 1)))
                .contains("flux-2-pro has no guidance_scale here (leave it at 3.5); models that have it: flux-2-flex.");
        assertThat(english(bfl.refusal(params(FLEX, 5, 2, false), 1))).isEmpty();
        assertThat(english(bfl.refusal(params(FLEX, 12, 2, false), 1))).contains("flux-2-flex takes guidance_scale 1.5–10, not 12; no model here does.");
    }

    @Test
    void safetySixIsKontextOnlyAtBflAndPromptUpsamplingIsNotOnFlux2ProOrMax() {
        assertThat(english(bfl.refusal(params(PRO2, 3.5, 6, false), 1)))
                .contains("flux-2-pro takes safety_tolerance 0–5, not 6; models that take 6: kontext-pro, kontext-max.");
        assertThat(english(bfl.refusal(params(PRO2, 3.5, 2, true), 1)))
                .contains("flux-2-pro has no enhance_prompt here; models that have it: kontext-pro, kontext-max, flux-2-flex.");
        assertThat(english(bfl.refusal(params(new ModelId("flux-9"), 3.5, 2, false), 1)))
                .contains("There is no model 'flux-9' here; the models are kontext-pro, kontext-max, flux-2-pro, flux-2-max, flux-2-flex.");
    }

    @Test
    void theEstimateBillsFlux2PerMegapixelOfOutputAndInputs() {
        // [pro]: 3¢ for the first output MP, 1.5¢ per input MP; two references and the edited image = 3 MP of input.
        assertThat(bfl.estimateMicros(params(PRO2, 3.5, 2, false), 3)).isEqualTo(30_000 + 3 * 15_000);
        assertThat(bfl.estimateMicros(params(ModelId.KONTEXT_PRO, 3.5, 2, false), 3)).isEqualTo(40_000);
        assertThat(new ModelPrice.PerMegapixel(30_000, 15_000, true).estimateMicros(4, 8)).isEqualTo(30_000 + (3 + 8) * 15_000);
        assertThat(bfl.choices()).extracting(m -> CatalogueWords.price(m.price(), TestWords.ENGLISH)).contains("$0.04 an image", "$0.03 the first MP, $0.015 each further MP of output and input");
    }

    @Test
    void flux2SizesAreMultiplesOf16WithinTheModelsMegapixels() {
        for (AspectRatio ratio : AspectRatio.values()) {
            PixelSize size = PixelSize.of(ratio).within(1);
            assertThat(size.width() % 16).isZero();
            assertThat(size.height() % 16).isZero();
            assertThat(size.megapixels()).isLessThanOrEqualTo(1.0);
        }
        assertThat(PixelSize.of(AspectRatio.SQUARE_HD).within(4)).isEqualTo(new PixelSize(1440, 1440));
        assertThat(Set.of(PixelSize.of(AspectRatio.LANDSCAPE_16_9))).containsExactly(new PixelSize(1280, 720));
    }
}
