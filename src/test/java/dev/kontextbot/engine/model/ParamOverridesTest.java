package dev.kontextbot.engine.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ParamOverridesTest {

    @Test
    void theBuilderSetsOnlyWhatIsNamed() {
        ParamOverrides two = ParamOverrides.builder().numImages(2).seed(42L).build();

        assertThat(two.numImages()).isEqualTo(2);
        assertThat(two.seed()).isEqualTo(42L);
        assertThat(two.withoutSeed()).isEqualTo(ParamOverrides.builder().numImages(2).build());
        assertThat(ParamOverrides.builder().build()).isEqualTo(ParamOverrides.NONE);
    }

    @Test
    void toBuilderKeepsEveryParameter() {
        ParamOverrides all = ParamOverrides.builder().model(ModelId.KONTEXT_MAX).aspectRatio(AspectRatio.SQUARE).numImages(3)
                .guidanceScale(4.5).outputFormat(OutputFormat.PNG).safetyTolerance(5).enhancePrompt(true).seed(7L).build();

        assertThat(all.toBuilder().build()).isEqualTo(all);
        assertThat(all.toBuilder().safetyTolerance(null).build().safetyTolerance()).isNull();
        assertThat(all.toBuilder().safetyTolerance(null).build().guidanceScale()).isEqualTo(4.5);
    }
}
