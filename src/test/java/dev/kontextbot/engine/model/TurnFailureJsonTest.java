package dev.kontextbot.engine.model;

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
    void aRowWrittenWhenTheNetworksWordsWereTextReadsAsItsEnglishAndANewOneTyped() {
        String before = "{\"kind\":\"NotAnswering\",\"reason\":{\"kind\":\"Unreachable\",\"service\":\"BFL\",\"error\":\"timed out\"}}";
        String english = "The image service is not answering right now (cannot reach BFL (timed out)).";
        TurnFailure now = new TurnFailure.NotAnswering(new ProviderFailure.Unreachable("BFL", ProviderFailure.Network.TIMED_OUT));

        assertThat(json.read(before, english)).isEqualTo(new TurnFailure.Legacy(english));
        assertThat(json.write(now)).contains("\"error\":\"TIMED_OUT\"");
        assertThat(json.read(json.write(now), english)).isEqualTo(now);
    }

    @Test
    void aReasonTooLongForTheColumnKeepsOnlyItsEnglish() {
        TurnFailure huge = new TurnFailure.Failed(new ProviderFailure.CouldNotRun("fal.ai", "x".repeat(TurnFailureJson.MAX_LENGTH)));

        assertThat(json.write(huge)).isNull();
        assertThat(json.write(null)).isNull();
    }
}
