package dev.kontextbot.engine;

import dev.kontextbot.testing.RefusalsSaid;
import dev.kontextbot.engine.model.EngineRejection;
import dev.kontextbot.engine.ConversationEngine.StartCommand;
import dev.kontextbot.engine.model.ImageId;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.TurnStatus;
import dev.kontextbot.engine.port.EditRequest;
import dev.kontextbot.engine.port.SourceImage;
import dev.kontextbot.testing.TestImages;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Turns with several images: image 1 is the one edited, the images a message brings with its instruction are 2..N. */
class ReferenceTurnsTest extends FakeEngineTest {

    private static byte[] picture(int rgb) {
        return TestImages.encode(TestImages.drawn(6, 4, (x, y) -> rgb + x), "png");
    }

    private static ImageId idOf(byte[] bytes) throws Exception {
        return new ImageId(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
    }

    private static List<byte[]> bytesOf(EditRequest request) {
        return request.images().stream().map(SourceImage::bytes).toList();
    }

    @Test
    void aStartWithSeveralImagesEditsTheFirstAndGivesTheRestAsReferencesInOrder() throws Exception {
        byte[] one = picture(0x102030);
        byte[] two = picture(0x405060);
        byte[] three = picture(0x708090);

        var started = engine.start(StartCommand.of(EngineHarness.thread("refs"), "ana", List.of(one, two, three),
                "put the hat from image 2 on her", ParamOverrides.NONE, null));
        Turn done = harness.awaitStatus(started.turn().id(), TurnStatus.DONE);

        assertThat(started.session().source()).isEqualTo(idOf(one));
        assertThat(done.parent()).isEqualTo(idOf(one));
        assertThat(done.references()).containsExactly(idOf(two), idOf(three));
        assertThat(bytesOf(provider.submitted.get(0))).containsExactly(one, two, three);
        assertThat(provider.submitted.get(0).references()).hasSize(2);
    }

    @Test
    void imagesSentWithAnInstructionAreReferencesOfThatTurnOnlyAndTheHeadStaysImageOne() throws Exception {
        var started = engine.start(new StartCommand(EngineHarness.thread("refine"), "ana", picture(0x111111), "make it red",
                ParamOverrides.NONE, null));
        harness.awaitStatus(started.turn().id(), TurnStatus.DONE);
        long sessionId = started.session().id();
        ImageId head = engine.session(sessionId).head();
        byte[] hat = picture(0x222222);
        byte[] coat = picture(0x333333);

        Turn withRefs = harness.awaitStatus(engine.refine(sessionId, "ana", "the hat from image 2, the coat from image 3",
                ParamOverrides.NONE, List.of(hat, coat), null).id(), TurnStatus.DONE);
        Turn after = harness.awaitStatus(engine.refine(sessionId, "ana", "now blue", ParamOverrides.NONE, null).id(), TurnStatus.DONE);

        assertThat(withRefs.parent()).isEqualTo(head);
        assertThat(withRefs.references()).containsExactly(idOf(hat), idOf(coat));
        EditRequest sent = provider.submitted.get(1);
        assertThat(sent.image().orElseThrow().bytes()).isEqualTo(harness.images.read(head));
        assertThat(bytesOf(sent).subList(1, 3)).containsExactly(hat, coat);
        assertThat(after.references()).isEmpty();
        assertThat(provider.submitted.get(2).images()).hasSize(1);
    }

    @Test
    void rerollAndRemixKeepTheTurnsReferences() throws Exception {
        byte[] one = picture(0x010101);
        byte[] two = picture(0x020202);
        var started = engine.start(StartCommand.of(EngineHarness.thread("again"), "ana", List.of(one, two), "image 2 in the corner",
                ParamOverrides.NONE, null));
        long sessionId = started.session().id();
        Turn first = harness.awaitStatus(started.turn().id(), TurnStatus.DONE);

        Turn reroll = harness.awaitStatus(engine.reroll(sessionId, first.id(), "bo", null).id(), TurnStatus.DONE);
        Turn remix = harness.awaitStatus(engine.remix(sessionId, first.id(), "bo", "image 2 on the left", ParamOverrides.NONE, null).id(),
                TurnStatus.DONE);

        assertThat(reroll.references()).containsExactly(idOf(two));
        assertThat(remix.references()).containsExactly(idOf(two));
        assertThat(bytesOf(provider.submitted.get(1))).containsExactly(one, two);
        assertThat(bytesOf(provider.submitted.get(2))).containsExactly(one, two);
    }

    @Test
    void aProviderThatTakesFewerImagesRefusesTheTurnBeforeAnythingIsStored() throws Exception {
        var started = engine.start(new StartCommand(EngineHarness.thread("few"), "ana", picture(0x0a0a0a), "make it red",
                ParamOverrides.NONE, null));
        harness.awaitStatus(started.turn().id(), TurnStatus.DONE);
        provider.maxImages = 1;
        byte[] reference = picture(0x0b0b0b);
        byte[] other = picture(0x0c0c0c);

        assertThatThrownBy(() -> engine.refine(started.session().id(), "ana", "image 2 in the corner", ParamOverrides.NONE,
                List.of(reference), null))
                .isInstanceOf(EngineRejection.class).satisfies(e -> assertThat(RefusalsSaid.said(e)).isEqualTo("The fake provider takes one image per turn; this one has 2."));
        assertThatThrownBy(() -> engine.start(StartCommand.of(EngineHarness.thread("few-start"), "ana", List.of(other, reference),
                "side by side", ParamOverrides.NONE, null)))
                .isInstanceOf(EngineRejection.class).satisfies(RefusalsSaid.saysContaining("this one has 2"));

        assertThat(engine.snapshot(started.session().id()).turns()).hasSize(1);
        assertThat(engine.sessionIn(EngineHarness.thread("few-start"))).isEmpty();
        assertThat(harness.images.find(idOf(reference))).isEmpty();
        assertThat(harness.images.find(idOf(other))).isEmpty();
    }

    @Test
    void aQueuedTurnIsAskedAgainWithItsImageCountBeforeItIsSent() {
        provider.holdJobs = true;
        var started = engine.start(new StartCommand(EngineHarness.thread("later"), "ana", picture(0x0d0d0d), "make it red",
                ParamOverrides.NONE, null));
        Turn queued = engine.refine(started.session().id(), "ana", "image 2 in the corner", ParamOverrides.NONE,
                List.of(picture(0x0e0e0e)), null);
        harness.awaitJob(started.turn().id());
        provider.maxImages = 1;
        provider.releaseAll();

        Turn ended = harness.awaitStatus(queued.id(), TurnStatus.FAILED);

        // The stored failure text is the app's English words for the typed refusal.
        assertThat(ended.errorMessage()).isEqualTo("The fake provider takes one image per turn; this one has 2.");
        assertThat(provider.submits()).isEqualTo(1);
    }

    @Test
    void anUnusableReferenceIsRefusedByItsNumber() {
        var started = engine.start(new StartCommand(EngineHarness.thread("bad"), "ana", picture(0x0f0f0f), "make it red",
                ParamOverrides.NONE, null));

        assertThatThrownBy(() -> engine.refine(started.session().id(), "ana", "mix them", ParamOverrides.NONE,
                List.of(picture(0x101010), "not a picture".getBytes()), null))
                .isInstanceOf(EngineRejection.class).hasMessageStartingWith("Image 3: ");
    }

    @Test
    void aReferenceMissingFromTheImageStoreEndsTheTurnWithAClearMessage() throws Exception {
        provider.holdJobs = true;
        var started = engine.start(new StartCommand(EngineHarness.thread("lost"), "ana", picture(0x121212), "make it red",
                ParamOverrides.NONE, null));
        byte[] reference = picture(0x131313);
        Turn queued = engine.refine(started.session().id(), "ana", "image 2 in the corner", ParamOverrides.NONE, List.of(reference), null);
        harness.awaitJob(started.turn().id());
        dev.kontextbot.testing.TestImageStores.lose(dir, idOf(reference));
        provider.releaseAll();

        Turn ended = harness.awaitStatus(queued.id(), TurnStatus.FAILED);

        assertThat(ended.errorMessage()).startsWith("Image 2 of this turn (one you attached) could not be read back from storage");
        assertThat(provider.submits()).isEqualTo(1);
    }
}
