package dev.kontextbot.adapter.picture;

import dev.kontextbot.adapter.words.Words;
import dev.kontextbot.engine.SessionSnapshot.TurnSnapshot;
import dev.kontextbot.engine.SessionReview;
import dev.kontextbot.engine.review.Drift;
import dev.kontextbot.engine.review.QualityFlag;
import dev.kontextbot.engine.model.EngineRejection;
import dev.kontextbot.engine.SessionSnapshot;
import dev.kontextbot.engine.image.ImageDecoder;
import dev.kontextbot.engine.model.ImageId;
import dev.kontextbot.engine.model.Session;
import dev.kontextbot.engine.model.Variant;
import dev.kontextbot.engine.port.ImageStore;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The session's source and its head side by side, labelled, with how much of the source the head keeps. */
public final class BeforeAfterRenderer {
    public static final int WIDTH = 1200;
    static final int MARGIN = 28;
    static final int GAP = 24;
    static final int BOX = (WIDTH - 2 * MARGIN - GAP) / 2;
    static final int TOP = 118;

    private final Thumbnails thumbnails;
    private final Typesetter type;

    /** {@code decoder}: the bot's one decoder, whose budget bounds the pixels all pictures decode at once. */
    public BeforeAfterRenderer(ImageStore images, ImageDecoder decoder) {
        this(images, decoder, new Typesetter());
    }

    BeforeAfterRenderer(ImageStore images, ImageDecoder decoder, Typesetter type) {
        this.thumbnails = new Thumbnails(images, decoder);
        this.type = type;
    }

    /** The picture with its captions in {@code words}, the reader's language. */
    public byte[] render(Words words, SessionReview review) {
        SessionSnapshot snapshot = review.snapshot();
        Session session = snapshot.session();
        Optional<Variant> first = firstImage(snapshot);
        if (session.head() == null || (session.source() == null && first.isEmpty())) {
            throw new EngineRejection(EngineRejection.Reason.CONFLICT,
                    words.say("picture.beforeAfter.noPicture", "session", String.valueOf(session.id())));
        }
        ImageId before = session.source() != null ? session.source() : first.get().context();
        Optional<BufferedImage> left = thumbnails.fit(before, BOX, BOX);
        Optional<BufferedImage> right = thumbnails.fit(session.head(), BOX, BOX);
        int pictureHeight = Math.max(left.map(BufferedImage::getHeight).orElse(BOX / 2), right.map(BufferedImage::getHeight).orElse(BOX / 2));
        try (Canvas canvas = new Canvas(words, type, WIDTH, TOP + pictureHeight + 96)) {
            canvas.g.setColor(Palette.BAND);
            canvas.g.fillRect(0, 0, WIDTH, 64);
            canvas.text(words.say("picture.beforeAfter.title", "session", String.valueOf(session.id()), "turns", snapshot.turns().size()),
                    Palette.TITLE, Palette.BAND_INK, MARGIN, 42, WIDTH - 2 * MARGIN);
            Rectangle leftBox = new Rectangle(MARGIN, TOP, BOX, pictureHeight);
            Rectangle rightBox = new Rectangle(MARGIN + BOX + GAP, TOP, BOX, pictureHeight);
            canvas.text(words.say(session.source() != null ? "picture.beforeAfter.beforeSource" : "picture.beforeAfter.beforeFirstImage"),
                    Palette.HEADING, Palette.INK,
                    leftBox.x, TOP - 16, BOX);
            canvas.text(after(words, snapshot), Palette.HEADING, Palette.INK, rightBox.x, TOP - 16, BOX);
            canvas.picture(left, leftBox);
            canvas.picture(right, rightBox);
            footer(canvas, review, TOP + pictureHeight + 40);
            return canvas.png();
        }
    }

    private void footer(Canvas canvas, SessionReview review, int y) {
        Session session = review.snapshot().session();
        if (session.head().equals(session.source())) {
            canvas.text(canvas.words.say("picture.beforeAfter.noEdits"), Palette.BODY_BOLD, Palette.MUTED, MARGIN, y, WIDTH - 2 * MARGIN);
            return;
        }
        Optional<Drift> drift = review.drift();
        if (drift.isPresent()) {
            Drift d = drift.get();
            canvas.text(driftSentence(canvas.words, d), Palette.BODY_BOLD, Palette.forFidelity(d.sourceFidelity()), MARGIN, y, WIDTH - 2 * MARGIN);
        } else {
            canvas.text(canvas.words.say("picture.beforeAfter.unknownFidelity"), Palette.BODY,
                    Palette.MUTED, MARGIN, y, WIDTH - 2 * MARGIN);
        }
        headVariant(review.snapshot()).map(v -> review.scores().get(v.ref())).filter(s -> s != null && !s.flags().isEmpty())
                .ifPresent(score -> canvas.text(canvas.words.say("picture.beforeAfter.flagged", "flags", score.flags().stream().sorted()
                        .map(f -> flag(canvas.words, f)).collect(Collectors.joining(", "))), Palette.BODY_BOLD, Palette.POOR, MARGIN, y + 28, WIDTH - 2 * MARGIN));
    }

    /** The drift sentence both pictures draw: "The head keeps 71 of 100 of the source after 3 edits." */
    static String driftSentence(Words words, Drift d) {
        return words.say(d.identityDrift() ? "picture.drift.identity" : "picture.drift.keeps", "fidelity", d.sourceFidelity(), "edits", d.edits());
    }

    private static String flag(Words words, QualityFlag flag) {
        return words.say(switch (flag) {
            case BLANK -> "picture.flag.blank";
            case ARTEFACTS -> "picture.flag.artefacts";
            case RESOLUTION_LOSS -> "picture.flag.resolutionLoss";
        });
    }

    /** "After: the head (turn 3, variant 2, with image 2)": which turn made the head, when one did. */
    private static String after(Words words, SessionSnapshot snapshot) {
        return headVariant(snapshot).map(v -> {
            String references = references(words, snapshot, v.turnId());
            return references.isEmpty()
                    ? words.say("picture.beforeAfter.afterVariant", "turn", snapshot.number(v.turnId()), "variant", v.index() + 1)
                    : words.say("picture.beforeAfter.afterVariantWithReferences", "turn", snapshot.number(v.turnId()), "variant", v.index() + 1,
                    "references", references);
        }).orElse(words.say("picture.beforeAfter.after"));
    }

    /** "with image 2, image 3" when the turn that made the head had references, else empty. */
    private static String references(Words words, SessionSnapshot snapshot, long turnId) {
        return snapshot.turns().stream().map(TurnSnapshot::turn).filter(t -> t.id() == turnId && !t.references().isEmpty())
                .findFirst().map(t -> ReferenceNames.of(words, t)).orElse("");
    }

    /** The newest variant whose image is the head; empty when the head is the source or an upload. */
    private static Optional<Variant> headVariant(SessionSnapshot snapshot) {
        List<TurnSnapshot> turns = snapshot.turns();
        for (int i = turns.size() - 1; i >= 0; i--) {
            for (Variant v : turns.get(i).variants()) {
                if (v.context().equals(snapshot.session().head())) {
                    return Optional.of(v);
                }
            }
        }
        return Optional.empty();
    }

    /** For a session started from text: the first picture it made (the picked variant of its first finished turn). */
    private static Optional<Variant> firstImage(SessionSnapshot snapshot) {
        return snapshot.turns().stream().filter(t -> !t.variants().isEmpty()).findFirst()
                .map(t -> t.variants().get(t.picked() == null ? 0 : Math.min(t.picked(), t.variants().size() - 1)));
    }
}
