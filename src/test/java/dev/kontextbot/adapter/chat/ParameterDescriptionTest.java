package dev.kontextbot.adapter.chat;

import dev.kontextbot.adapter.words.Languages;
import dev.kontextbot.adapter.words.Words;
import dev.kontextbot.engine.model.AspectRatio;
import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.OutputFormat;
import dev.kontextbot.engine.model.ParamOverrides;
import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

class ParameterDescriptionTest {
    private final Languages languages = Languages.load();
    private final Words english = languages.in(Locale.ENGLISH);
    private final Words german = languages.in(Locale.GERMAN);

    private final ParamOverrides every = ParamOverrides.builder().model(ModelId.KONTEXT_MAX).aspectRatio(AspectRatio.SQUARE).numImages(2)
            .guidanceScale(4.5).outputFormat(OutputFormat.PNG).safetyTolerance(5).enhancePrompt(true).seed(4_000_000_000L).build();

    @Test
    void everyParameterAppearsSafetyToleranceIncluded() {
        assertThat(ParameterDescription.given(english, every))
                .isEqualTo("model kontext-max · 2 variants · aspect square · guidance 4.5 · png · safety 5 · prompt enhanced · seed 4000000000");
        assertThat(ParameterDescription.given(german, every))
                .isEqualTo("Modell kontext-max · 2 Varianten · Seitenverhältnis square · Guidance 4,5 · png · Sicherheit 5 · Prompt verbessert · Seed 4000000000");
    }

    @Test
    void givenShowsOnlyWhatIsSet() {
        assertThat(ParameterDescription.given(english, ParamOverrides.builder().safetyTolerance(1).build())).isEqualTo("safety 1");
        assertThat(ParameterDescription.given(english, ParamOverrides.builder().numImages(1).build())).isEqualTo("1 variant");
    }

    @Test
    void completeTakesTheBotsConfiguredDefaultsNotHardCodedOnes() {
        ParamOverrides bot = ParamOverrides.builder().model(ModelId.KONTEXT_PRO).numImages(3).guidanceScale(6.0).safetyTolerance(4).build();

        String described = ParameterDescription.complete(english, ParamOverrides.builder().numImages(2).build(), bot);

        assertThat(described).isEqualTo("model kontext-pro · 2 variants · aspect of the input · guidance 6 · jpeg · safety 4 · prompt as written");
    }
}
