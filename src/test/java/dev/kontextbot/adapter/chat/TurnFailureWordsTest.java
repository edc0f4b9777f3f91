package dev.kontextbot.adapter.chat;

import dev.kontextbot.engine.model.ProviderFailure;
import dev.kontextbot.engine.model.TurnFailure;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.TurnKind;
import dev.kontextbot.engine.model.TurnStatus;
import dev.kontextbot.testing.DoneTurns;
import dev.kontextbot.testing.KindSamples;
import org.junit.jupiter.api.Test;

import static dev.kontextbot.adapter.words.TestWords.ENGLISH;
import static dev.kontextbot.adapter.words.TestWords.GERMAN;
import static org.assertj.core.api.Assertions.assertThat;

class TurnFailureWordsTest {
    private final TurnFailureWords words = new TurnFailureWords();

    @Test
    void everyKindOfTheTurnsOwnReasonsHasGermanWordsOfItsOwn() {
        for (Class<?> kind : KindSamples.kindsOf(TurnFailure.class)) {
            TurnFailure failure = (TurnFailure) KindSamples.sample(TurnFailure.class, kind);
            String german = words.say(failure, GERMAN);
            String english = words.say(failure, ENGLISH);
            assertThat(german).as(kind.getSimpleName()).isNotBlank();
            // Legacy is English as stored; a provider's refusals and failures have their worders' own tests of every kind.
            if (!java.util.Set.of(TurnFailure.Legacy.class, TurnFailure.Refused.class, TurnFailure.Failed.class).contains(kind)) {
                assertThat(german).as(kind.getSimpleName() + " in German").isNotEqualTo(english);
            }
        }
    }

    @Test
    void theEnglishIsTheSentenceTheErrorColumnAlwaysHad() {
        assertThat(words.say(new TurnFailure.TimedOut(10, ""), ENGLISH))
                .isEqualTo("The image service took longer than 10 min, so this turn was stopped. Try again, perhaps with fewer variants.");
        assertThat(words.say(new TurnFailure.Cancelled("ana", "Runflow may still bill the run."), ENGLISH))
                .isEqualTo("Cancelled by ana. Runflow may still bill the run.");
        assertThat(words.say(new TurnFailure.UnknownStatus("Runflow", "PAUSED"), ENGLISH))
                .isEqualTo("Runflow kept answering a status this bot does not know ('PAUSED'), so the turn was stopped. Use Reroll to try again.");
        assertThat(words.say(new TurnFailure.UnknownStatus("Runflow", "PAUSED"), GERMAN)).contains("('PAUSED')");
        assertThat(words.say(new TurnFailure.CircuitOpen(1200), ENGLISH))
                .isEqualTo("The image service is unavailable right now; try again in 1,200 min.");
    }

    @Test
    void aTurnWithoutATypedReasonShowsItsStoredTextOrItsStatus() {
        Turn old = Turn.builder(1, TurnKind.REFINE, "sepia", DoneTurns.done(1, null, 0).params()).status(TurnStatus.FAILED)
                .errorCode("provider_error").errorMessage("BFL said no.").build();
        Turn typed = old.toBuilder().failure(new TurnFailure.Failed(new ProviderFailure.KeyRefused("BFL", 401))).build();

        assertThat(words.why(old, GERMAN)).isEqualTo("BFL said no.");
        assertThat(words.why(typed, GERMAN)).isEqualTo(new ProviderFailureWords().say(new ProviderFailure.KeyRefused("BFL", 401), GERMAN));
        assertThat(words.why(old.toBuilder().errorMessage(null).status(TurnStatus.CANCELLED).build(), GERMAN)).isEqualTo("cancelled");
    }
}
