package dev.kontextbot.store;

import dev.kontextbot.engine.model.ProviderFailure;
import dev.kontextbot.engine.model.ProviderRefusal;
import dev.kontextbot.engine.model.TurnFailure;
import dev.kontextbot.engine.model.Unavailability;
import dev.kontextbot.testing.KindSamples;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class TurnFailureJsonTest {
    private final TurnFailureJson json = new TurnFailureJson();

    @Test
    void everyKindOfEveryHierarchyIsStoredUnderItsSimpleNameAndReadBackEqual() {
        List<Class<?>> everyKind = Stream.of(TurnFailure.class, ProviderFailure.class, ProviderRefusal.class, Unavailability.class)
                .flatMap(sealed -> KindSamples.kindsOf(sealed).stream()).toList();
        assertThat(TurnFailureJson.kinds()).as("the codec finds every kind by itself").containsAll(everyKind);

        for (Class<?> kind : everyKind) {
            TurnFailure failure = (TurnFailure) KindSamples.sample(TurnFailure.class, kind);
            String written = json.write(failure);
            assertThat(written).as(kind.getName()).contains("\"kind\":\"" + kind.getSimpleName() + "\"");
            assertThat(json.read(written, "the English")).as(written).isEqualTo(failure);
        }
    }

    @Test
    void aDetailThisBuildCannotReadIsShownAsTheRowsEnglish() {
        TurnFailure english = new TurnFailure.Legacy("The service failed.");

        assertThat(json.read("{\"kind\":\"Failed\",\"failure\":{\"kind\":\"KindFromALaterBuild\",\"service\":\"BFL\"}}", "The service failed."))
                .isEqualTo(english);
        assertThat(json.read("not json", "The service failed.")).isEqualTo(english);
        assertThat(json.read("{\"kind\":\"InputUnreadable\",\"number\":\"two\"}", "The service failed.")).isEqualTo(english);
        assertThat(json.read(null, "The service failed.")).as("a row from before V24").isEqualTo(english);
        assertThat(json.read(null, null)).isNull();
    }

    @Test
    void aReasonTooLongForTheColumnKeepsOnlyItsEnglish() {
        TurnFailure huge = new TurnFailure.Failed(new ProviderFailure.CouldNotRun("fal.ai", "x".repeat(TurnFailureJson.MAX_LENGTH)));

        assertThat(json.write(huge)).isNull();
        assertThat(json.write(null)).isNull();
    }
}
