package dev.kontextbot.adapter.chat;

import dev.kontextbot.adapter.words.TestWords;
import dev.kontextbot.engine.catalogue.ModelPrice;
import dev.kontextbot.engine.model.Unavailability;
import dev.kontextbot.engine.model.Unavailability.Service;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Every kind of price and of reason a model is unavailable, as an English and a German reader see it. */
class CatalogueWordsTest {
    private static final Service BFL = new Service("bfl", "BFL", Optional.of("BFL_API_KEY"));
    private static final Service FAL = new Service("fal", "fal.ai", Optional.of("FAL_KEY"));

    @Test
    void everyKindOfPriceInEnglishAndGerman() {
        said(new ModelPrice.PerImage(40_000), "$0.04 an image", "$0.04 pro Bild");
        said(new ModelPrice.PerMegapixel(30_000, 15_000, true), "$0.03 the first MP, $0.015 each further MP of output and input",
                "$0.03 für das erste MP, $0.015 für jedes weitere MP der Ausgabe und Eingabe");
        said(new ModelPrice.PerMegapixel(30_000, 15_000, false), "$0.03 the first MP, $0.015 each further MP of output",
                "$0.03 für das erste MP, $0.015 für jedes weitere MP der Ausgabe");
        said(ModelPrice.FREE, "free here", "hier kostenlos");
    }

    @Test
    void everyKindOfReasonInEnglishAndGerman() {
        said(new Unavailability.NeedsSetup(List.of(BFL)), "it needs BFL (set BFL_API_KEY)", "es braucht BFL (BFL_API_KEY setzen)");
        said(new Unavailability.NeedsSetup(List.of(BFL, FAL, new Service("runflow", "Runflow", Optional.empty()))),
                "it needs BFL (set BFL_API_KEY) or fal.ai (set FAL_KEY) or Runflow (configured)",
                "es braucht BFL (BFL_API_KEY setzen) oder fal.ai (FAL_KEY setzen) oder Runflow (eingerichtet)");
        said(new Unavailability.NeedsSetup(List.of()),
                "only the offline editor serves it, and it stands in only while no image service is configured",
                "nur der Offline-Editor bietet es an, und der springt nur ein, solange kein Bilddienst eingerichtet ist");
        said(new Unavailability.NotServedBy("fal", "fal.ai"), "fal.ai (provider: fal) does not serve it", "fal.ai (provider: fal) bietet es nicht an");
        said(new Unavailability.NotServedBy("offline", "the offline editor"), "the offline editor (provider: offline) does not serve it",
                "der Offline-Editor (provider: offline) bietet es nicht an");
    }

    private static void said(ModelPrice price, String english, String german) {
        assertThat(CatalogueWords.price(price, TestWords.ENGLISH)).isEqualTo(english);
        assertThat(CatalogueWords.price(price, TestWords.GERMAN)).isEqualTo(german);
    }

    private static void said(Unavailability why, String english, String german) {
        assertThat(CatalogueWords.unavailable(why, TestWords.ENGLISH)).isEqualTo(english);
        assertThat(CatalogueWords.unavailable(why, TestWords.GERMAN)).isEqualTo(german);
    }
}
