package dev.kontextbot.adapter.picture;

import dev.kontextbot.adapter.words.Words;
import dev.kontextbot.engine.SessionSnapshot.TurnSnapshot;
import dev.kontextbot.engine.SessionReview;
import dev.kontextbot.engine.review.QualityFlag;
import dev.kontextbot.engine.review.VariantScore;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.TurnKind;
import dev.kontextbot.engine.model.TurnStatus;
import dev.kontextbot.engine.model.Variant;

import java.awt.Color;
import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static dev.kontextbot.adapter.picture.TimelineRenderer.CELL_X;
import static dev.kontextbot.adapter.picture.TimelineRenderer.CELL_WIDTH;
import static dev.kontextbot.adapter.picture.TimelineRenderer.MARGIN;
import static dev.kontextbot.adapter.picture.TimelineRenderer.MAX_VARIANTS;
import static dev.kontextbot.adapter.picture.TimelineRenderer.ROW;
import static dev.kontextbot.adapter.picture.TimelineRenderer.TEXT_COLUMN;
import static dev.kontextbot.adapter.picture.TimelineRenderer.THUMB_HEIGHT;
import static dev.kontextbot.adapter.picture.TimelineRenderer.WIDTH;

/** One turn's row of the timeline: what was asked on the left, what came of it on the right. */
final class TurnRowPainter {
    private final Thumbnails thumbnails;
    private final TimelineRenderer.Reasons reasons;

    TurnRowPainter(Thumbnails thumbnails, TimelineRenderer.Reasons reasons) {
        this.thumbnails = thumbnails;
        this.reasons = reasons;
    }

    void paint(Canvas canvas, SessionReview review, TurnSnapshot view, int top) {
        Turn turn = view.turn();
        Words words = canvas.words;
        int end = canvas.text(words.say("picture.turn.title", "turn", review.snapshot().number(turn.id())), Palette.HEADING, Palette.INK,
                MARGIN, top + 32, TEXT_COLUMN);
        canvas.text("  " + kind(words, turn, review), Palette.SMALL, Palette.MUTED, end, top + 32, MARGIN + TEXT_COLUMN - end);
        int after = canvas.paragraph(words.say("picture.turn.prompt", "prompt", turn.prompt()), Palette.BODY, Palette.INK,
                MARGIN, top + 62, TEXT_COLUMN, 5, 22);
        canvas.text(words.say("picture.turn.status." + turn.status().wireName()), Palette.BODY_BOLD, statusColour(turn.status()),
                MARGIN, after + 6, TEXT_COLUMN);
        if (!turn.references().isEmpty()) {
            canvas.text(ReferenceNames.of(words, turn), Palette.SMALL, Palette.MUTED, MARGIN, after + 30, TEXT_COLUMN);
        }
        if (turn.status() == TurnStatus.DONE) {
            List<Variant> variants = view.variants();
            for (int i = 0; i < Math.min(MAX_VARIANTS, variants.size()); i++) {
                cell(canvas, review, view, variants.get(i), TimelineRenderer.variantBox(0, i).x, top);
            }
        } else {
            outcome(canvas, turn, top);
        }
        canvas.rule(MARGIN, WIDTH - MARGIN, top + ROW - 2);
    }

    private void cell(Canvas canvas, SessionReview review, TurnSnapshot view, Variant variant, int x, int top) {
        Words words = canvas.words;
        Rectangle box = new Rectangle(x, top + 18, CELL_WIDTH, THUMB_HEIGHT);
        canvas.picture(thumbnails.fit(variant.image(), CELL_WIDTH, THUMB_HEIGHT), box);
        boolean picked = view.picked() != null && view.picked() == variant.index();
        if (picked) {
            canvas.frame(box, Palette.PICKED, 6);
        }
        if (variant.context().equals(review.snapshot().session().head())) {
            canvas.badge(words.say("picture.turn.head"), Palette.PICKED, Palette.INK, box.x + 6, box.y + 6);
        }
        int line = box.y + THUMB_HEIGHT + 26;
        int end = canvas.text((variant.index() + 1) + "  ", Palette.BODY_BOLD, Palette.INK, x, line, CELL_WIDTH);
        VariantScore score = review.scores().get(variant.ref());
        if (score != null) {
            canvas.text(words.say("picture.turn.fidelity", "fidelity", score.fidelity()), Palette.BODY_BOLD, Palette.forFidelity(score.fidelity()), end, line, x + CELL_WIDTH - end);
        } else {
            canvas.text(words.say(view.turn().kind() == TurnKind.GENERATE ? "picture.turn.generated" : "picture.turn.notScored"), Palette.BODY, Palette.MUTED,
                    end, line, x + CELL_WIDTH - end);
        }
        if (variant.votes() > 0) {
            canvas.textRight("▲ " + variant.votes(), Palette.BODY_BOLD, Palette.INK, x + CELL_WIDTH, line);
        }
        List<String> notes = new ArrayList<>();
        if (score != null) {
            score.flags().stream().sorted().map(flag -> describe(words, flag)).forEach(notes::add);
        }
        List<Long> branches = review.branches().getOrDefault(variant.ref(), List.of());
        String branchNote = branches.isEmpty() ? null
                : words.say("picture.turn.branches", "sessions", branches.stream().map(String::valueOf).collect(Collectors.joining(", ")));
        if (!notes.isEmpty()) {
            canvas.text(String.join(" · ", notes), Palette.SMALL_BOLD, Palette.POOR, x, line + 21, CELL_WIDTH);
        } else if (branchNote != null) {
            canvas.text(branchNote, Palette.SMALL, Palette.MUTED, x, line + 21, CELL_WIDTH);
        }
    }

    /** In place of images: why there are none. */
    private void outcome(Canvas canvas, Turn turn, int top) {
        Rectangle box = new Rectangle(CELL_X, top + 18, WIDTH - MARGIN - CELL_X, THUMB_HEIGHT);
        canvas.g.setColor(switch (turn.status()) {
            case FAILED -> Palette.FAILED_BOX;
            case MODERATED -> Palette.MODERATED_BOX;
            case QUEUED, RUNNING -> Palette.WAITING_BOX;
            default -> Palette.BOX;
        });
        canvas.g.fillRoundRect(box.x, box.y, box.width, box.height, 12, 12);
        String title = switch (turn.status()) {
            case FAILED -> canvas.words.say("picture.turn.failed");
            case MODERATED -> canvas.words.say("picture.turn.moderated");
            case CANCELLED -> canvas.words.say("picture.turn.cancelled");
            case QUEUED -> canvas.words.say("picture.turn.queued");
            case RUNNING -> canvas.words.say("picture.turn.running");
            case DONE -> "";
        };
        canvas.text(title, Palette.HEADING, statusColour(turn.status()), box.x + 20, box.y + 36, box.width - 40);
        if (turn.errorMessage() != null) {
            canvas.paragraph(reasons.of(turn, canvas.words), Palette.BODY, Palette.INK, box.x + 20, box.y + 68, box.width - 40, 4, 22);
        }
    }

    private static String kind(Words words, Turn turn, SessionReview review) {
        if (turn.rerolledFrom() != null) {
            return words.say("picture.turn.rerollOf", "turn", review.snapshot().number(turn.rerolledFrom()));
        }
        return words.say(turn.kind() == TurnKind.GENERATE ? "picture.turn.fromText" : "picture.turn.edit");
    }

    private static String describe(Words words, QualityFlag flag) {
        return words.say(switch (flag) {
            case BLANK -> "picture.flag.blank";
            case ARTEFACTS -> "picture.flag.artefacts";
            case RESOLUTION_LOSS -> "picture.flag.lowResolution";
        });
    }

    private static Color statusColour(TurnStatus status) {
        return switch (status) {
            case DONE -> Palette.GOOD;
            case FAILED -> Palette.POOR;
            case MODERATED -> Palette.FAIR;
            case CANCELLED -> Palette.MUTED;
            case QUEUED, RUNNING -> Palette.WAITING;
        };
    }
}
