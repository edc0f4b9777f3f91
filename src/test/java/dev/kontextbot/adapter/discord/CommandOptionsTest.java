package dev.kontextbot.adapter.discord;

import dev.kontextbot.engine.model.AspectRatio;
import dev.kontextbot.engine.model.InvalidParameterException;
import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.ParamOverrides;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class CommandOptionsTest {

    @Test
    void slashOptionsBecomeTheProductsParameters() {
        OptionMapping aspect = mock(OptionMapping.class);
        when(aspect.getAsString()).thenReturn("landscape_16_9");
        OptionMapping variants = mock(OptionMapping.class);
        when(variants.getAsInt()).thenReturn(3);
        OptionMapping model = mock(OptionMapping.class);
        when(model.getAsString()).thenReturn("max");
        Map<String, OptionMapping> given = Map.of("aspect_ratio", aspect, "variants", variants, "model", model);

        ParamOverrides params = CommandOptions.fromSlash(given::get);

        assertThat(params.aspectRatio()).isEqualTo(AspectRatio.LANDSCAPE_16_9);
        assertThat(params.numImages()).isEqualTo(3);
        assertThat(params.model()).isEqualTo(ModelId.KONTEXT_MAX);
        assertThat(params.guidanceScale()).isNull();
        assertThat(params.seed()).isNull();
    }

    @Test
    void remixFieldsTypedAsTextKeepBlanksAsTheTurnsValues() {
        ParamOverrides params = CommandOptions.fromText(Map.of("variants", "2", "seed", "4294967295", "guidance", "4,5",
                "aspect_ratio", "", "safety", " "));

        assertThat(params.numImages()).isEqualTo(2);
        assertThat(params.seed()).isEqualTo(4_294_967_295L);
        assertThat(params.guidanceScale()).isEqualTo(4.5);
        assertThat(params.aspectRatio()).isNull();
        assertThat(params.safetyTolerance()).isNull();
    }

    @Test
    void unreadableFieldsAreRefusedWithTheirNames() {
        assertThatThrownBy(() -> CommandOptions.fromText(Map.of("variants", "two")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("variants must be a whole number");
        assertThatThrownBy(() -> CommandOptions.fromText(Map.of("guidance", "lots")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("guidance must be a number");
        assertThatThrownBy(() -> CommandOptions.fromText(Map.of("aspect_ratio", "wide")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("aspect_ratio must be one of");
    }
}
