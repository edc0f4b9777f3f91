package dev.kontextbot.engine;

import dev.kontextbot.engine.model.EngineRejection;
import dev.kontextbot.engine.ConversationEngine.StartCommand;
import dev.kontextbot.engine.model.AspectRatio;
import dev.kontextbot.engine.model.InvalidParameterException;
import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.TurnStatus;
import dev.kontextbot.engine.port.EditRequest;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The engine reads the flags of every prompt it is given: start, refine and remix; the provider never sees them. */
class InstructionFlagsEngineTest extends FakeEngineTest {
    @Test
    void flagsOfStartRefineAndRemixBecomeParametersAndLeaveThePromptTheProviderGets() {
        byte[] image = FakeProvider.png(new EditRequest("source", null, java.util.List.of()), 1);
        var started = engine.start(new StartCommand(EngineHarness.thread("f1"), "ana", image, "make it red --ar 16:9 --seed 42",
                ParamOverrides.builder().model(ModelId.KONTEXT_MAX).aspectRatio(AspectRatio.SQUARE).build(), null));
        Turn first = harness.awaitStatus(started.turn().id(), TurnStatus.DONE);
        assertThat(first.prompt()).isEqualTo("make it red");
        assertThat(first.params().aspectRatio()).as("the flag over the option").isEqualTo(AspectRatio.LANDSCAPE_16_9);
        assertThat(first.params().model()).as("what no flag names keeps coming from the options").isEqualTo(ModelId.KONTEXT_MAX);
        assertThat(first.params().seed()).isEqualTo(42);
        assertThat(engine.session(started.session().id()).defaults().aspectRatio()).as("a start's parameters are the session's defaults")
                .isEqualTo(AspectRatio.LANDSCAPE_16_9);
        assertThat(engine.session(started.session().id()).defaults().seed()).as("but never its seed").isNull();

        Turn refined = harness.awaitStatus(engine.refine(started.session().id(), "ana", "brighter —n 2", ParamOverrides.NONE, null).id(),
                TurnStatus.DONE);
        assertThat(refined.prompt()).isEqualTo("brighter");
        assertThat(refined.params().numImages()).isEqualTo(2);
        assertThat(refined.params().aspectRatio()).isEqualTo(AspectRatio.LANDSCAPE_16_9);

        Turn remixed = harness.awaitStatus(engine.remix(started.session().id(), first.id(), "ana", "make it blue --v pro",
                ParamOverrides.NONE, null).id(), TurnStatus.DONE);
        assertThat(remixed.prompt()).isEqualTo("make it blue");
        assertThat(remixed.params().model()).isEqualTo(ModelId.KONTEXT_PRO);
        assertThat(provider.submitted).extracting(EditRequest::prompt).containsExactly("make it red", "brighter", "make it blue");
    }

    @Test
    void aBadFlagOrOnlyFlagsStartNothing() {
        var where = EngineHarness.thread("f2");
        assertThatThrownBy(() -> engine.start(new StartCommand(where, "ana", null, "a cat --n 9", ParamOverrides.NONE, null)))
                .isInstanceOf(InvalidParameterException.class).hasMessage("--n 9: num_images must be between 1 and 4, not 9.");
        assertThatThrownBy(() -> engine.check(new StartCommand(where, "ana", null, "a cat --stylize 5", ParamOverrides.NONE, null)))
                .isInstanceOf(InvalidParameterException.class).hasMessageStartingWith("I don't know the flag --stylize.");
        assertThatThrownBy(() -> engine.start(new StartCommand(where, "ana", null, "--ar 16:9", ParamOverrides.NONE, null)))
                .isInstanceOf(EngineRejection.class).hasMessageStartingWith("Write an instruction");
        assertThat(engine.sessionIn(where)).isEmpty();
        assertThat(provider.submitted).isEmpty();
    }
}
