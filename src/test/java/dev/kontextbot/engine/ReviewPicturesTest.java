package dev.kontextbot.engine;

import dev.kontextbot.engine.model.ProviderFailure;
import dev.kontextbot.engine.model.ProviderRefusal;
import dev.kontextbot.adapter.picture.DrawnText;
import dev.kontextbot.adapter.words.Languages;
import dev.kontextbot.adapter.words.Words;
import dev.kontextbot.engine.model.EngineRejection;
import dev.kontextbot.adapter.picture.BeforeAfterRenderer;
import dev.kontextbot.adapter.picture.RenderedPage;
import dev.kontextbot.adapter.picture.TimelineRenderer;
import dev.kontextbot.engine.ConversationEngine.StartCommand;
import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.TurnParams;
import dev.kontextbot.engine.model.VariantRef;
import dev.kontextbot.engine.port.EditRequest;
import dev.kontextbot.engine.port.FailureKind;
import dev.kontextbot.engine.port.KontextProvider;
import dev.kontextbot.engine.port.PollOutcome;
import dev.kontextbot.engine.port.SubmitOutcome;
import dev.kontextbot.provider.offline.OfflineEditorProvider;
import dev.kontextbot.testing.Scenes;
import dev.kontextbot.testing.TestImages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The timeline and before/after pictures of a session made by the real engine with the offline editor. The
 * pictures are also written to target/review-output/ for a person to look at.
 */
class ReviewPicturesTest {
    static final Path OUTPUT = Path.of("target", "review-output");
    static final Color PICKED = new Color(0xE8A400);
    static final Color FAILED_BOX = new Color(0xFBE4E4);
    static final Color MODERATED_BOX = new Color(0xFCEFD9);
    static final Languages LANGUAGES = Languages.load();
    static final Words ENGLISH = LANGUAGES.in(Locale.ENGLISH);
    static final Words GERMAN = LANGUAGES.in(Locale.GERMAN);

    @TempDir
    Path dir;
    EngineHarness harness;
    ConversationEngine engine;

    /** The offline editor, except that "[moderated]" prompts are refused as moderation and "[hold]" ones never finish. */
    static final class StagedProvider implements KontextProvider {
        final OfflineEditorProvider editor = new OfflineEditorProvider(TestImages.decoder());

        @Override
        public String name() {
            return "offline";
        }

        @Override
        public Optional<ProviderRefusal> refusal(TurnParams params, int inputImages) {
            return editor.refusal(params, inputImages);
        }

        @Override
        public SubmitOutcome submit(EditRequest request) {
            if (request.prompt().startsWith("[moderated]")) {
                return new SubmitOutcome.Rejected(FailureKind.MODERATED, new ProviderFailure.Worded("The image service flagged this request."));
            }
            return request.prompt().startsWith("[hold]") ? new SubmitOutcome.Submitted("held") : editor.submit(request);
        }

        @Override
        public PollOutcome poll(String job) {
            return PollOutcome.Pending.running();
        }

        @Override
        public void cancel(String job) {
        }

        @Override
        public long pricePerImageMicros(ModelId tier) {
            return 0;
        }
    }

    @BeforeEach
    void open() {
        harness = new EngineHarness(dir, new StagedProvider());
        engine = harness.engine;
    }

    @AfterEach
    void close() throws InterruptedException {
        harness.close();
    }

    private Turn edit(long sessionId, String prompt, int variants) {
        Turn turn = engine.refine(sessionId, "ana", prompt, count(variants), null);
        return harness.awaitSettled(turn.id());
    }

    private static ParamOverrides count(int variants) {
        return ParamOverrides.builder().numImages(variants).build();
    }

    /** Seven turns: picks, votes, a branch, a failure, a moderation, a cancel, and scores with flags. */
    private SessionReview session() {
        byte[] photo = TestImages.encode(Scenes.landscape(7, 640, 480), "png");
        var started = engine.start(new StartCommand(EngineHarness.thread("review"), "ana", photo, "make it sepia", count(3), null));
        long id = started.session().id();
        harness.awaitSettled(started.turn().id());
        Turn vignette = edit(id, "add a vignette", 2);
        engine.vote(id, new VariantRef(vignette.id(), 1), "ana", true);
        engine.vote(id, new VariantRef(vignette.id(), 1), "bo", true);
        engine.vote(id, new VariantRef(vignette.id(), 0), "cy", true);
        edit(id, "caption \"Summer 1962\" and make the colours a little warmer, like an old postcard from the seaside", 4);
        edit(id, "turn this into a watercolour painting of the harbour at dawn with fishing boats", 1);
        edit(id, "[moderated] something the service will not do", 1);
        Turn held = engine.refine(id, "ana", "[hold] heavy blur", count(2), null);
        harness.awaitJob(held.id());
        engine.cancel(id, held.id(), "ana");
        edit(id, "pixelate", 2);
        engine.branch(id, new VariantRef(started.turn().id(), 2), EngineHarness.thread("branch"), "bo");
        return engine.review(id);
    }

    private static BufferedImage decode(byte[] png) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(png));
    }

    @Test
    void aSessionsTimelineShowsEveryTurnOnPagesOfSixWithThePickedVariantFramed() throws IOException {
        SessionReview review = session();
        TimelineRenderer renderer = new TimelineRenderer(harness.images, TestImages.decoder());

        RenderedPage first = renderer.render(ENGLISH, review, 1);
        RenderedPage second = renderer.render(ENGLISH, review, 2);

        Files.createDirectories(OUTPUT);
        Files.write(OUTPUT.resolve("timeline.png"), first.png());
        Files.write(OUTPUT.resolve("timeline-page-2.png"), second.png());
        assertThat(first.pageCount()).isEqualTo(2);
        assertThat(second.page()).isEqualTo(2);
        BufferedImage page = decode(first.png());
        BufferedImage last = decode(second.png());
        assertThat(page.getWidth()).isEqualTo(TimelineRenderer.WIDTH);
        assertThat(last.getWidth()).isEqualTo(TimelineRenderer.WIDTH);
        assertThat(page.getHeight()).isGreaterThan(last.getHeight() + 4 * 200);
        assertThat(colours(page)).as("a drawn page, not a blank one").isGreaterThan(2000);
        // Turn 2 (row 1): its variant 2 reached two votes and became the head, so it is framed and variant 1 is not.
        assertThat(frameColourAround(page, TimelineRenderer.variantBox(1, 1))).isTrue();
        assertThat(frameColourAround(page, TimelineRenderer.variantBox(1, 0))).isFalse();
        // Turn 1 (row 0): variant 1 was its result (head until turn 2 replaced it), so it stays framed as picked.
        assertThat(frameColourAround(page, TimelineRenderer.variantBox(0, 0))).isTrue();
        // Every variant of the four-variant turn is drawn as a picture, not as an empty box.
        for (int i = 0; i < 4; i++) {
            assertThat(colours(page.getSubimage(TimelineRenderer.variantBox(2, i).x, TimelineRenderer.variantBox(2, i).y, 190, 160)))
                    .isGreaterThan(100);
        }
        // The failed and the moderated turn show their outcome instead of images.
        assertThat(page.getRGB(TimelineRenderer.variantBox(3, 0).x + 8, TimelineRenderer.variantBox(3, 0).y + 8)).isEqualTo(FAILED_BOX.getRGB());
        assertThat(page.getRGB(TimelineRenderer.variantBox(4, 0).x + 8, TimelineRenderer.variantBox(4, 0).y + 8)).isEqualTo(MODERATED_BOX.getRGB());
    }

    @Test
    void aPageThatDoesNotExistIsRefused() {
        SessionReview review = session();
        TimelineRenderer renderer = new TimelineRenderer(harness.images, TestImages.decoder());

        assertThatThrownBy(() -> renderer.render(ENGLISH, review, 3)).isInstanceOf(EngineRejection.class).hasMessageContaining("2 pages");
        assertThatThrownBy(() -> renderer.render(ENGLISH, review, 0)).isInstanceOf(EngineRejection.class);
    }

    @Test
    void aSessionWithoutTurnsRendersOnePage() throws IOException {
        var started = engine.start(new StartCommand(EngineHarness.thread("one"), "ana",
                TestImages.encode(Scenes.landscape(3, 300, 200), "png"), "sepia", ParamOverrides.NONE, null));
        harness.awaitSettled(started.turn().id());
        var branch = engine.branch(started.session().id(), new VariantRef(started.turn().id(), 0), EngineHarness.thread("b"), "ana");

        RenderedPage page = new TimelineRenderer(harness.images, TestImages.decoder()).render(ENGLISH, engine.review(branch.id()), 1);

        assertThat(page.pageCount()).isEqualTo(1);
        assertThat(decode(page.png()).getHeight()).isLessThan(700);
    }

    @Test
    void theBeforeAfterPictureShowsTheSourceBesideTheHead() throws IOException {
        SessionReview review = session();

        byte[] png = new BeforeAfterRenderer(harness.images, TestImages.decoder()).render(ENGLISH, review);

        Files.createDirectories(OUTPUT);
        Files.write(OUTPUT.resolve("before-after.png"), png);
        BufferedImage picture = decode(png);
        assertThat(picture.getWidth()).isEqualTo(BeforeAfterRenderer.WIDTH);
        int half = picture.getWidth() / 2;
        BufferedImage left = picture.getSubimage(0, 120, half, picture.getHeight() - 220);
        BufferedImage right = picture.getSubimage(half, 120, half, picture.getHeight() - 220);
        assertThat(colours(left)).isGreaterThan(1000);
        assertThat(colours(right)).isGreaterThan(500);
        // The source is the sunny landscape, the head its pixelated sepia version: the two halves differ.
        assertThat(meanRed(left) - meanBlue(left)).isLessThan(meanRed(right) - meanBlue(right));
    }

    @Test
    void aSessionWithoutAPictureYetHasNoBeforeAfter() {
        var started = engine.start(new StartCommand(EngineHarness.thread("text"), "ana", null, "[hold] a lighthouse", ParamOverrides.NONE, null));
        harness.awaitJob(started.turn().id());

        SessionReview review = engine.review(started.session().id());

        assertThatThrownBy(() -> new BeforeAfterRenderer(harness.images, TestImages.decoder()).render(ENGLISH, review))
                .isInstanceOf(EngineRejection.class).hasMessageContaining("no picture yet");
        assertThat(new TimelineRenderer(harness.images, TestImages.decoder()).render(ENGLISH, review, 1).pageCount()).isEqualTo(1);
    }

    @Test
    void theCaptionsAreEnglishForAnEnglishReader() {
        SessionReview review = session();
        long id = review.snapshot().session().id();
        DrawnText drawn = new DrawnText();

        drawn.timeline(harness.images, TestImages.decoder()).render(ENGLISH, review, 1);
        drawn.beforeAfter(harness.images, TestImages.decoder()).render(ENGLISH, review);

        assertThat(drawn.texts()).contains("Session " + id + " · 7 turns", "Source", "Turn 1", "  edit", "“make it sepia”", "done",
                "Failed: no images", "Moderated: the image service refused this instruction or its result",
                "Session " + id + " · before and after · 7 turns", "Before: the source", "After: the head (turn 7, variant 1)");
    }

    @Test
    void aGermanReaderSeesTheTimelineAndTheBeforeAfterCaptionedInGerman() {
        SessionReview review = session();
        long id = review.snapshot().session().id();
        DrawnText drawn = new DrawnText();

        drawn.timeline(harness.images, TestImages.decoder()).render(GERMAN, review, 1);
        drawn.beforeAfter(harness.images, TestImages.decoder()).render(GERMAN, review);

        List<String> texts = drawn.texts();
        assertThat(texts).contains("Sitzung " + id + " · 7 Schritte", "Quelle", "Schritt 1", "  Bearbeitung", "„make it sepia“", "fertig",
                "Fehlgeschlagen: keine Bilder", "Abgelehnt: Der Bilddienst hat diese Anweisung oder ihr Ergebnis zurückgewiesen",
                "Sitzung " + id + " · vorher und nachher · 7 Schritte", "Vorher: die Quelle", "Nachher: der Stand (Schritt 7, Variante 1)");
        assertThat(texts).noneMatch(text -> text.contains("Session") || text.contains("Turn ") || text.contains("Before") || text.contains("head"));
        assertThatThrownBy(() -> drawn.timeline(harness.images, TestImages.decoder()).render(GERMAN, review, 3))
                .isInstanceOf(EngineRejection.class).hasMessage("Die Zeitleiste hat 2 Seiten; eine Seite 3 gibt es nicht.");
    }

    @Test
    void aGermanCaptionCountsOneTurnInTheSingular() {
        var started = engine.start(new StartCommand(EngineHarness.thread("eins"), "ana", null, "[hold] ein Leuchtturm", ParamOverrides.NONE, null));
        harness.awaitJob(started.turn().id());
        DrawnText drawn = new DrawnText();

        drawn.timeline(harness.images, TestImages.decoder()).render(GERMAN, engine.review(started.session().id()), 1);

        assertThat(drawn.texts()).contains("Sitzung " + started.session().id() + " · 1 Schritt", "  aus Text", "läuft", "Läuft…",
                "Diese Sitzung begann mit einer Textbeschreibung. Unter jeder Variante: wie viel sie vom bearbeiteten Bild behalten hat (Treue, 0–100) und ihre Stimmen (▲).");
    }

    private static boolean frameColourAround(BufferedImage page, Rectangle box) {
        int rgb = PICKED.getRGB();
        return page.getRGB(box.x - 4, box.y + box.height / 2) == rgb && page.getRGB(box.x + box.width + 3, box.y + box.height / 2) == rgb
                && page.getRGB(box.x + box.width / 2, box.y - 4) == rgb;
    }

    private static int colours(BufferedImage image) {
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                seen.add(image.getRGB(x, y));
            }
        }
        return seen.size();
    }

    private static double meanRed(BufferedImage image) {
        return mean(image, 16);
    }

    private static double meanBlue(BufferedImage image) {
        return mean(image, 0);
    }

    private static double mean(BufferedImage image, int shift) {
        long sum = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                sum += (image.getRGB(x, y) >> shift) & 0xff;
            }
        }
        return (double) sum / (image.getWidth() * image.getHeight());
    }
}
