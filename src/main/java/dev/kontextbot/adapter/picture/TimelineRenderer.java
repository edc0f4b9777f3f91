package dev.kontextbot.adapter.picture;

import dev.kontextbot.adapter.words.Words;
import dev.kontextbot.engine.SessionSnapshot.TurnSnapshot;
import dev.kontextbot.engine.SessionReview;
import dev.kontextbot.engine.review.Drift;
import dev.kontextbot.engine.model.EngineRejection;
import dev.kontextbot.engine.SessionSnapshot;
import dev.kontextbot.engine.image.ImageDecoder;
import dev.kontextbot.engine.model.ImageId;
import dev.kontextbot.engine.model.Session;
import dev.kontextbot.engine.port.ImageStore;

import java.awt.Rectangle;
import java.util.List;
import java.util.Optional;

/**
 * A session as one picture per page, for a chat message or a review: the source (and the head now) on top,
 * then one row per turn with its instruction and its variants, the picked one framed, each with its
 * fidelity, votes, flags and branches; failed, moderated and cancelled turns say so in place of images.
 * Platform-neutral: PNG bytes, drawn with Java2D.
 */
public final class TimelineRenderer {
    public static final int WIDTH = 1200;
    public static final int TURNS_PER_PAGE = 6;
    static final int MARGIN = 28;
    static final int HEADER = 92;
    static final int SOURCE_STRIP = 236;
    static final int ROW = 244;
    static final int TEXT_COLUMN = 300;
    static final int CELL_X = MARGIN + TEXT_COLUMN + 24;
    static final int CELL_WIDTH = 190;
    static final int CELL_GAP = 16;
    static final int THUMB_HEIGHT = 160;
    static final int MAX_VARIANTS = 4;

    private final Thumbnails thumbnails;
    private final TurnRowPainter rows;
    private final Typesetter type;

    /** Why a turn has no images (or fewer), in the reader's words; given by the adapters, which word the typed reasons. */
    @FunctionalInterface
    public interface Reasons {
        /** The turn's stored text as it is (English): for pictures drawn without words for reasons. */
        Reasons STORED = (turn, words) -> turn.errorMessage();

        String of(dev.kontextbot.engine.model.Turn turn, Words words);
    }

    /** {@code decoder}: the bot's one decoder, whose budget bounds the pixels all pictures decode at once. */
    public TimelineRenderer(ImageStore images, ImageDecoder decoder) {
        this(images, decoder, Reasons.STORED);
    }

    /** {@code reasons}: why a turn ended without images, in the reader's words. */
    public TimelineRenderer(ImageStore images, ImageDecoder decoder, Reasons reasons) {
        this(images, decoder, new Typesetter(), reasons);
    }

    TimelineRenderer(ImageStore images, ImageDecoder decoder, Typesetter type) {
        this(images, decoder, type, Reasons.STORED);
    }

    TimelineRenderer(ImageStore images, ImageDecoder decoder, Typesetter type, Reasons reasons) {
        this.thumbnails = new Thumbnails(images, decoder);
        this.rows = new TurnRowPainter(thumbnails, reasons);
        this.type = type;
    }

    public int pageCount(SessionReview review) {
        return Math.max(1, (review.snapshot().turns().size() + TURNS_PER_PAGE - 1) / TURNS_PER_PAGE);
    }

    /** Page {@code page} (from 1) of the session's timeline, its captions in {@code words}, the reader's language. */
    public RenderedPage render(Words words, SessionReview review, int page) {
        int pages = pageCount(review);
        if (page < 1 || page > pages) {
            throw new EngineRejection(EngineRejection.Reason.NOT_FOUND,
                    words.say("picture.timeline.noPage", "pages", pages, "page", String.valueOf(page)));
        }
        List<TurnSnapshot> turns = review.snapshot().turns();
        int first = (page - 1) * TURNS_PER_PAGE;
        List<TurnSnapshot> shown = turns.subList(first, Math.min(turns.size(), first + TURNS_PER_PAGE));
        int height = HEADER + SOURCE_STRIP + Math.max(1, shown.size()) * ROW + MARGIN / 2;
        try (Canvas canvas = new Canvas(words, type, WIDTH, height)) {
            header(canvas, review.snapshot(), page, pages);
            sourceStrip(canvas, review);
            if (shown.isEmpty()) {
                canvas.text(words.say("picture.timeline.noTurns"), Palette.BODY, Palette.MUTED,
                        MARGIN, HEADER + SOURCE_STRIP + 40, WIDTH - 2 * MARGIN);
            }
            for (int row = 0; row < shown.size(); row++) {
                rows.paint(canvas, review, shown.get(row), HEADER + SOURCE_STRIP + row * ROW);
            }
            return new RenderedPage(canvas.png(), page, pages);
        }
    }

    /** Where variant {@code index} of the {@code row}-th turn of a page is drawn (inside its frame). */
    public static Rectangle variantBox(int row, int index) {
        return new Rectangle(CELL_X + index * (CELL_WIDTH + CELL_GAP), HEADER + SOURCE_STRIP + row * ROW + 18, CELL_WIDTH, THUMB_HEIGHT);
    }

    private void header(Canvas canvas, SessionSnapshot snapshot, int page, int pages) {
        Session session = snapshot.session();
        Words words = canvas.words;
        canvas.g.setColor(Palette.BAND);
        canvas.g.fillRect(0, 0, WIDTH, HEADER - 12);
        canvas.text(words.say("picture.timeline.title", "session", String.valueOf(session.id()), "turns", snapshot.turns().size()),
                Palette.TITLE, Palette.BAND_INK, MARGIN, 38, WIDTH - 2 * MARGIN - 160);
        canvas.textRight(words.say("picture.timeline.page", "page", page, "pages", pages), Palette.BODY_BOLD, Palette.BAND_INK, WIDTH - MARGIN, 38);
        SessionSnapshot.BranchOrigin from = snapshot.origin();
        String origin = from == null
                ? words.say(session.source() == null ? "picture.timeline.startedFromText" : "picture.timeline.startedFromImage")
                : words.say("picture.timeline.branchedFrom", "session", String.valueOf(from.session()), "turn", from.turn(),
                "variant", from.variant() + 1);
        canvas.text(origin + " · " + session.createdAt().toString().substring(0, 10), Palette.BODY, Palette.BAND_INK,
                MARGIN, 66, WIDTH - 2 * MARGIN);
    }

    private void sourceStrip(Canvas canvas, SessionReview review) {
        Session session = review.snapshot().session();
        Words words = canvas.words;
        int top = HEADER;
        canvas.text(words.say("picture.timeline.source"), Palette.HEADING, Palette.INK, MARGIN, top + 30, TEXT_COLUMN);
        int y = canvas.paragraph(words.say(session.source() == null ? "picture.timeline.legendFromText" : "picture.timeline.legend"),
                Palette.BODY, Palette.MUTED, MARGIN, top + 58, TEXT_COLUMN, 4, 22);
        Optional<Drift> drift = review.drift();
        if (drift.isPresent()) {
            Drift d = drift.get();
            canvas.paragraph(BeforeAfterRenderer.driftSentence(words, d), Palette.BODY_BOLD, Palette.forFidelity(d.sourceFidelity()), MARGIN, y + 8, TEXT_COLUMN, 3, 22);
        }
        Rectangle source = new Rectangle(CELL_X, top + 18, CELL_WIDTH, THUMB_HEIGHT);
        Rectangle head = new Rectangle(CELL_X + CELL_WIDTH + CELL_GAP, top + 18, CELL_WIDTH, THUMB_HEIGHT);
        canvas.picture(thumbnail(session.source()), source);
        canvas.text(words.say("picture.timeline.sourceLabel"), Palette.BODY_BOLD, Palette.INK, source.x, source.y + THUMB_HEIGHT + 24, CELL_WIDTH);
        if (session.head() != null && !session.head().equals(session.source())) {
            canvas.picture(thumbnail(session.head()), head);
            canvas.text(words.say("picture.timeline.headNow"), Palette.BODY_BOLD, Palette.INK, head.x, head.y + THUMB_HEIGHT + 24, CELL_WIDTH);
        }
        canvas.rule(MARGIN, WIDTH - MARGIN, top + SOURCE_STRIP - 2);
    }

    private Optional<java.awt.image.BufferedImage> thumbnail(ImageId id) {
        return id == null ? Optional.empty() : thumbnails.fit(id, CELL_WIDTH, THUMB_HEIGHT);
    }
}
