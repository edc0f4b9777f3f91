package dev.kontextbot.engine;

import dev.kontextbot.engine.model.AspectRatio;
import dev.kontextbot.engine.model.InvalidParameterException;
import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.OutputFormat;
import dev.kontextbot.engine.model.ParamOverrides;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InstructionFlagsTest {
    private final InstructionFlags flags = new InstructionFlags();

    @Test
    void flagsLeaveThePromptAndBecomeParameters() {
        InstructionFlags.Read read = flags.read("sepia --ar 16:9 --seed 42");

        assertThat(read.prompt()).isEqualTo("sepia");
        assertThat(read.params()).isEqualTo(ParamOverrides.builder().aspectRatio(AspectRatio.LANDSCAPE_16_9).seed(42L).build());
    }

    @Test
    void everyFlagIsRead() {
        InstructionFlags.Read read = flags.read("--n 3 make it warmer --model max --guidance 4 --safety 3 --png --enhance, please");

        assertThat(read.prompt()).isEqualTo("make it warmer, please");
        assertThat(read.params()).isEqualTo(ParamOverrides.builder().model(ModelId.KONTEXT_MAX).numImages(3).guidanceScale(4.0).outputFormat(OutputFormat.PNG).safetyTolerance(3).enhancePrompt(true).build());
        assertThat(flags.read("x --jpeg").params().outputFormat()).isEqualTo(OutputFormat.JPEG);
        assertThat(flags.read("x --format=png").params().outputFormat()).isEqualTo(OutputFormat.PNG);
        assertThat(flags.read("x --aspect=portrait_4_3").params().aspectRatio()).isEqualTo(AspectRatio.PORTRAIT_4_3);
        assertThat(flags.read("x --guidance 2,5").params().guidanceScale()).isEqualTo(2.5);
    }

    @Test
    void namedRatiosAndEquivalentRatiosMapToTheProductsRatios() {
        assertThat(flags.read("x --ar 9:16").params().aspectRatio()).isEqualTo(AspectRatio.PORTRAIT_16_9);
        assertThat(flags.read("x --ar 3:4").params().aspectRatio()).isEqualTo(AspectRatio.PORTRAIT_4_3);
        assertThat(flags.read("x --ar 4:3").params().aspectRatio()).isEqualTo(AspectRatio.LANDSCAPE_4_3);
        assertThat(flags.read("x --ar 1:1").params().aspectRatio()).isEqualTo(AspectRatio.SQUARE_HD);
        assertThat(flags.read("x --ar 32:18").params().aspectRatio()).isEqualTo(AspectRatio.LANDSCAPE_16_9);
        assertThat(flags.read("x --ar square").params().aspectRatio()).isEqualTo(AspectRatio.SQUARE);
    }

    @Test
    void modelsByTheirProductNamesAndVersionFlag() {
        assertThat(flags.read("x --v max").params().model()).isEqualTo(ModelId.KONTEXT_MAX);
        assertThat(flags.read("x --model kontext-pro").params().model()).isEqualTo(ModelId.KONTEXT_PRO);
        assertThat(flags.read("x --model FLUX-KONTEXT-MAX").params().model()).isEqualTo(ModelId.KONTEXT_MAX);
        assertThat(flags.read("x --model FLUX-2-Pro").params().model()).isEqualTo(new ModelId("flux-2-pro"));
        assertThatThrownBy(() -> flags.read("x --model flux*2")).isInstanceOf(InvalidParameterException.class)
                .hasMessageStartingWith("--model flux*2: a model id is lower-case letters");
    }

    @Test
    void dashesAPhoneMadeOfTwoHyphensCountAsFlags() {
        InstructionFlags.Read read = flags.read("sepia \u2014ar 16:9 \u2013seed 7");

        assertThat(read.prompt()).isEqualTo("sepia");
        assertThat(read.params().aspectRatio()).isEqualTo(AspectRatio.LANDSCAPE_16_9);
        assertThat(read.params().seed()).isEqualTo(7L);
        assertThat(flags.read("sepia \u2014 warm, black\u2014white").prompt()).as("a dash between words is punctuation")
                .isEqualTo("sepia \u2014 warm, black\u2014white");
    }

    @Test
    void textWithoutFlagsIsUntouched() {
        assertThat(flags.read("  make it   sepia\nthen blur  ").prompt()).isEqualTo("make it   sepia\nthen blur");
        assertThat(flags.read("make it sepia").params()).isEqualTo(ParamOverrides.NONE);
        assertThat(flags.read(null).prompt()).isEmpty();
    }

    @Test
    void badFlagsAreRefusedByName() {
        assertThatThrownBy(() -> flags.read("sepia --stylize 100")).hasMessageStartingWith("I don't know the flag --stylize. The flags are: --ar 16:9,");
        assertThatThrownBy(() -> flags.read("sepia \u2014chaos 5")).hasMessageStartingWith("I don't know the flag --chaos.");
        assertThatThrownBy(() -> flags.read("sepia --ar")).hasMessage("--ar needs a value, for example --ar 16:9.");
        assertThatThrownBy(() -> flags.read("sepia --seed --png")).hasMessage("--seed needs a value, for example --seed 42.");
        assertThatThrownBy(() -> flags.read("sepia --ar 21:9")).hasMessageStartingWith("--ar 21:9: the aspect ratio must be one of 1:1, 3:4, 9:16, 4:3, 16:9");
        assertThatThrownBy(() -> flags.read("sepia --seed abc")).hasMessage("--seed abc: the value must be a whole number, not 'abc'.");
        assertThatThrownBy(() -> flags.read("sepia --n 7")).hasMessage("--n 7: num_images must be between 1 and 4, not 7.");
        assertThatThrownBy(() -> flags.read("sepia --seed -1")).hasMessage("--seed -1: seed must be between 0 and 4294967295, not -1.");
        assertThatThrownBy(() -> flags.read("sepia --guidance 40")).hasMessage("--guidance 40: guidance_scale must be between 1 and 20, not 40.0.");
        assertThatThrownBy(() -> flags.read("sepia --safety 9")).hasMessageStartingWith("--safety 9: safety_tolerance must be between");
        assertThatThrownBy(() -> flags.read("sepia --format gif")).hasMessageStartingWith("--format gif: output_format must be");
        assertThatThrownBy(() -> flags.read("sepia --seed 1 --seed 2")).hasMessage("--seed is given twice; keep one.");
        assertThatThrownBy(() -> flags.read("sepia --n 99999999999")).hasMessageStartingWith("--n 99999999999: num_images must be between 1 and 4");
    }

    @Test
    void punctuationAfterAValueBelongsToTheSentence() {
        InstructionFlags.Read read = flags.read("sepia --seed 42. Then blur --png!");

        assertThat(read.params().seed()).isEqualTo(42L);
        assertThat(read.params().outputFormat()).isEqualTo(OutputFormat.PNG);
        assertThat(read.prompt()).isEqualTo("sepia. Then blur!");
        assertThatThrownBy(() -> flags.read("sepia --stylize, please")).hasMessageStartingWith("I don't know the flag --stylize.");
    }
}
