package dev.kontextbot.adapter.slack;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.element.BlockElement;
import dev.kontextbot.adapter.chat.SessionPictures;
import dev.kontextbot.adapter.chat.TurnDescriptions;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.port.JobProgress;
import dev.kontextbot.engine.model.TurnStatus;
import dev.kontextbot.engine.model.Variant;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.button;

/**
 * A turn's one message, as it changes: queued → generating → its variants' seeds, votes and buttons (the images
 * themselves are uploaded into the thread), or the reason it ended without images. Reactions :one:…:four: on
 * the message vote for variants 1–4.
 */
final class SlackBlocks {
    static final String ACTION_PREFIX = "kontext:";
    static final List<String> NUMBER_EMOJI = List.of("one", "two", "three", "four");
    /** Room for why a turn ended: provider messages can be long, and the prompt shares the section. */
    private static final int REASON = 1000;

    record Message(String text, List<LayoutBlock> blocks) {
    }

    /** {@code estimateMicros}: what the turn is expected to cost, shown before it runs. */
    Message queued(Turn turn, int position, long estimateMicros) {
        String line = position == 0 ? "⏳ *Queued* — next up" : "⏳ *Queued* — position " + (position + 1);
        return running(turn, line + TurnDescriptions.estimate(estimateMicros));
    }

    Message generating(Turn turn, JobProgress stage, Duration elapsed) {
        TurnDescriptions.Progress progress = TurnDescriptions.progress(stage);
        return running(turn, progress.emoji() + " *" + progress.words() + "* " + elapsed.toSeconds() + "s");
    }

    private Message running(Turn turn, String status) {
        String head = status + "\n> ";
        List<LayoutBlock> blocks = new ArrayList<>();
        blocks.add(section(s -> s.text(markdownText(head + SlackText.escaped(turn.prompt(), SlackText.SECTION - head.length())))));
        TurnDescriptions.inputs(turn).ifPresent(inputs -> blocks.add(context(c -> c.elements(List.of(markdownText(inputs))))));
        blocks.add(actions(a -> a.elements(List.of(actionButton("⏹ Cancel", "cancel", turn, 0)))));
        return new Message(plain(status) + ": " + fallback(turn.prompt()), blocks);
    }

    /**
     * The finished turn: a line per variant (its images are in the thread, uploaded just below) with its fidelity
     * where known, a drift warning when there is one, then the buttons.
     */
    Message done(Turn turn, List<Variant> variants, int headIndex, java.util.Map<dev.kontextbot.engine.model.VariantRef,
            dev.kontextbot.engine.review.VariantScore> scores, java.util.Optional<String> driftWarning) {
        List<LayoutBlock> blocks = new ArrayList<>();
        String count = variants.size() + " variant" + (variants.size() == 1 ? "" : "s");
        String tail = "* — " + count + " in this thread";
        blocks.add(section(s -> s.text(markdownText("✅ *" + SlackText.escaped(turn.prompt(), SlackText.SECTION - tail.length() - 3) + tail))));
        TurnDescriptions.inputs(turn).ifPresent(inputs -> blocks.add(context(c -> c.elements(List.of(markdownText(inputs))))));
        for (Variant variant : variants) {
            int number = variant.index() + 1;
            String head = variant.index() == headIndex ? " · ✅ head" : "";
            String votes = variant.votes() > 0 ? " · " + variant.votes() + " vote" + (variant.votes() == 1 ? "" : "s") : "";
            String score = SessionPictures.score(scores.get(variant.ref())).map(text -> " · " + text).orElse("");
            blocks.add(context(c -> c.elements(List.of(markdownText("*#" + number + "* · seed " + variant.seed() + score + votes + head)))));
        }
        turn.shortfall().ifPresent(shortfall -> blocks.add(context(c -> c.elements(List.of(
                markdownText("⚠️ " + SlackText.escaped(shortfall, SlackText.SECTION - 3)))))));
        driftWarning.ifPresent(warning -> blocks.add(context(c -> c.elements(List.of(markdownText(SlackText.escaped(warning, SlackText.SECTION)))))));
        blocks.add(context(c -> c.elements(List.of(markdownText(footer(turn, variants.size()))))));
        List<BlockElement> picks = new ArrayList<>();
        for (Variant variant : variants) {
            picks.add(actionButton("Use " + (variant.index() + 1), "use:" + variant.index(), turn, variant.index()));
        }
        blocks.add(actions(a -> a.elements(picks)));
        blocks.add(actions(a -> a.elements(List.of(
                actionButton("🔄 Reroll", "reroll", turn, 0), actionButton("✏️ Remix", "remix", turn, 0),
                actionButton("↩ Undo", "undo", turn, 0), actionButton("🌿 Branch", "branch", turn, Math.max(0, headIndex)),
                actionButton("ℹ️ Info", "info", turn, 0), actionButton("🧭 Timeline", "timeline", turn, 0),
                actionButton("📦 Export", "export", turn, 0)))));
        return new Message(fallback(turn.prompt()) + " — " + count
                + turn.shortfall().map(shortfall -> " (" + SlackText.escaped(shortfall, SlackText.MESSAGE / 4) + ")").orElse(""), blocks);
    }

    Message ended(Turn turn) {
        String icon = turn.status() == TurnStatus.CANCELLED ? "⏹" : turn.status() == TurnStatus.MODERATED ? "🚫" : "⚠️";
        String reason = turn.errorMessage() == null ? turn.status().wireName() : turn.errorMessage();
        // A cancellation names who cancelled in Slack's mention syntax (see SlackActions); every other reason is text to escape.
        String shownReason = turn.status() == TurnStatus.CANCELLED ? SlackText.fit(reason, REASON) : SlackText.escaped(reason, REASON);
        String head = icon + " *";
        String tail = "*\n" + shownReason;
        List<LayoutBlock> blocks = List.of(
                section(s -> s.text(markdownText(head + SlackText.escaped(turn.prompt(), SlackText.SECTION - head.length() - tail.length()) + tail))),
                actions(a -> a.elements(List.of(actionButton("🔄 Reroll", "reroll", turn, 0), actionButton("ℹ️ Info", "info", turn, 0)))));
        return new Message(icon + " " + shownReason, blocks);
    }

    /** A message as plain text alone: what is posted when Slack refuses the blocks. */
    static Message plainOnly(Message message) {
        return new Message(SlackText.fit(message.text(), SlackText.MESSAGE), null);
    }

    /** The top-level text is mrkdwn too (and what notifications show): escaped, so a prompt cannot mention anyone. */
    private static String fallback(String prompt) {
        return SlackText.escaped(prompt, SlackText.MESSAGE / 2);
    }

    private static String footer(Turn turn, int count) {
        String cost = turn.costMicros() > 0 ? String.format(Locale.ROOT, " · $%.2f", turn.costMicros() / 1_000_000.0) : "";
        String vote = count > 1 ? " · react :" + String.join(": :", NUMBER_EMOJI.subList(0, count)) + ": to vote"
                : " · react :+1: to vote";
        return turn.params().model().id() + " · seed " + turn.params().seed() + cost + vote;
    }

    private static BlockElement actionButton(String label, String action, Turn turn, int variant) {
        String value = new ActionValue(turn.sessionId(), turn.id(), variant).encode();
        return button(b -> b.text(plainText(SlackText.fit(label, SlackText.BUTTON))).actionId(ACTION_PREFIX + action).value(value));
    }

    private static String plain(String mrkdwn) {
        return mrkdwn.replace("*", "");
    }
}
