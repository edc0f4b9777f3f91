package dev.kontextbot.adapter.chat;

import dev.kontextbot.adapter.discord.CommandOptionsProbe;
import dev.kontextbot.adapter.words.TestWords;
import dev.kontextbot.engine.FlagReading;
import dev.kontextbot.engine.model.AspectRatio;
import dev.kontextbot.engine.model.InvalidParameterException;
import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.OutputFormat;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Rejected;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class RejectionWordsTest {
    private static final RejectionWords WORDS = new RejectionWords();

    /** What a German speaker reads for each way the engine rejects a value, by what the person did. */
    private static final Map<Runnable, String> GERMAN = new LinkedHashMap<>();

    static {
        GERMAN.put(() -> ParamOverrides.builder().numImages(5).build().resolve(() -> 0L),
                "num_images muss zwischen 1 und 4 liegen, nicht 5");
        GERMAN.put(() -> ParamOverrides.builder().safetyTolerance(9).build().resolve(() -> 0L),
                "safety_tolerance muss zwischen 0 (am strengsten) und 6 liegen, nicht 9");
        GERMAN.put(() -> AspectRatio.parse("7:3"), "aspect_ratio muss eines von " + AspectRatio.names() + " sein, nicht '7:3'");
        GERMAN.put(() -> OutputFormat.parse("gif"), "output_format muss jpeg, png oder webp sein, nicht 'gif'");
        GERMAN.put(() -> new ModelId("Flux*2"), "eine Modell-ID besteht aus Kleinbuchstaben, Ziffern, '-', '.' oder '_' (bis zu 16), nicht 'Flux*2'");
        GERMAN.put(() -> FlagReading.read("sepia --ar 7:3"), "--ar 7:3: das Seitenverhältnis muss eines von 1:1, 3:4, 9:16, 4:3, 16:9 sein (oder "
                + AspectRatio.names() + ").");
        GERMAN.put(() -> FlagReading.read("sepia --sparkle"), "Das Flag --sparkle kenne ich nicht. Die Flags sind: ");
        GERMAN.put(() -> FlagReading.read("sepia --seed"), "--seed braucht einen Wert, zum Beispiel --seed 42.");
        GERMAN.put(() -> FlagReading.read("sepia --seed 1 --seed 2"), "--seed ist doppelt angegeben; behalte eines.");
        GERMAN.put(() -> FlagReading.read("sepia --seed many"), "--seed many: der Wert muss eine ganze Zahl sein, nicht 'many'.");
        GERMAN.put(() -> FlagReading.read("sepia --guidance lots"), "--guidance lots: der Wert muss eine Zahl wie 3,5 sein, nicht 'lots'.");
        GERMAN.put(() -> FlagReading.read("sepia --n 9"), "--n 9: num_images muss zwischen 1 und 4 liegen, nicht 9.");
        GERMAN.put(() -> FlagReading.read("sepia --model flux*2"), "--model flux*2: eine Modell-ID besteht aus");
        GERMAN.put(() -> FlagReading.read("sepia --format gif"), "--format gif: output_format muss jpeg, png oder webp sein, nicht 'gif'.");
        GERMAN.put(() -> CommandOptionsProbe.seed("many"), "seed muss eine ganze Zahl sein, nicht 'many'");
        GERMAN.put(() -> CommandOptionsProbe.guidance("lots"), "guidance muss eine Zahl wie 3,5 sein, nicht 'lots'");
    }

    @Test
    void englishIsTheEngineOwnSentenceForEveryRejection() {
        GERMAN.keySet().forEach(doing -> {
            InvalidParameterException e = rejection(doing);
            assertThat(WORDS.say(e.rejected().orElseThrow(), TestWords.ENGLISH)).isEqualTo(e.getMessage());
        });
    }

    @Test
    void germanSaysEveryRejection() {
        GERMAN.forEach((doing, german) -> assertThat(WORDS.say(rejection(doing).rejected().orElseThrow(), TestWords.GERMAN)).startsWith(german));
    }

    @Test
    void everyKindOfRejectionIsSaidInGerman() {
        Set<Class<?>> said = GERMAN.keySet().stream().map(RejectionWordsTest::rejection)
                .flatMap(e -> kinds(e.rejected().orElseThrow())).collect(Collectors.toSet());
        assertThat(said).containsAll(Set.of(Rejected.class.getPermittedSubclasses()));
    }

    @Test
    void aModelGivenNoneIsNamedWithItsChoices() {
        assertThat(WORDS.say(new Rejected.NotOneOf("model", null, java.util.List.of("pro", "max")), TestWords.GERMAN)).isEqualTo("model muss pro oder max sein");
        assertThat(WORDS.say(new Rejected.NotOneOf("model", null, java.util.List.of("pro", "max")), TestWords.ENGLISH)).isEqualTo("model must be pro or max");
    }

    private static java.util.stream.Stream<Class<?>> kinds(Rejected rejected) {
        return rejected instanceof Rejected.AtFlag at ? java.util.stream.Stream.concat(java.util.stream.Stream.of(Rejected.AtFlag.class), kinds(at.problem()))
                : java.util.stream.Stream.of(rejected.getClass());
    }

    private static InvalidParameterException rejection(Runnable doing) {
        InvalidParameterException e = catchThrowableOfType(doing::run, InvalidParameterException.class);
        assertThat(e).as("a rejection").isNotNull();
        assertThat(e.rejected()).as("typed: " + e.getMessage()).isPresent();
        return e;
    }
}
