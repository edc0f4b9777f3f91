package dev.kontextbot.adapter.slack;

import dev.kontextbot.adapter.words.Words;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.element.BlockElement;
import dev.kontextbot.adapter.chat.SessionPictures;
import dev.kontextbot.adapter.chat.TurnDescriptions;
import dev.kontextbot.adapter.chat.TurnFailureWords;
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
    private final TurnFailureWords failures = new TurnFailureWords();

    record Message(String text, List<LayoutBlock> blocks) {
    }

    /** {@code estimateMicros}: what the turn is expected to cost, shown before it runs. */
    Message queued(Words words, Turn turn, int position, long estimateMicros) {
        String line = position == 0 ? words.say("slack.turn.queuedNext") : words.say("slack.turn.queuedAt", "position", position + 1);
        return running(words, turn, line + TurnDescriptions.estimate(words, estimateMicros));
    }

    Message generating(Words words, Turn turn, JobProgress stage, Duration elapsed) {
        TurnDescriptions.Progress progress = TurnDescriptions.progress(words, stage);
        return running(words, turn, progress.emoji() + " *" + progress.words() + "* " + elapsed.toSeconds() + "s");
    }

    private Message running(Words words, Turn turn, String status) {
        String head = status + "\n> ";
        List<LayoutBlock> blocks = new ArrayList<>();
        blocks.add(section(s -> s.text(markdownText(head + SlackText.escaped(turn.prompt(), SlackText.SECTION - head.length())))));
        TurnDescriptions.inputs(words, turn).ifPresent(inputs -> blocks.add(context(c -> c.elements(List.of(markdownText(inputs))))));
        blocks.add(actions(a -> a.elements(List.of(actionButton(words.say("slack.button.cancel"), "cancel", turn, 0)))));
        return new Message(plain(status) + ": " + fallback(turn.prompt()), blocks);
    }

    /**
     * The finished turn: a line per variant (its images are in the thread, uploaded just below) with its fidelity
     * where known, a drift warning when there is one, then the buttons.
     */
    Message done(Words words, Turn turn, List<Variant> variants, int headIndex, java.util.Map<dev.kontextbot.engine.model.VariantRef,
            dev.kontextbot.engine.review.VariantScore> scores, java.util.Optional<String> driftWarning) {
        List<LayoutBlock> blocks = new ArrayList<>();
        // The room the sentence leaves for the prompt: the sentence with an empty prompt, measured.
        int around = words.say("slack.turn.done", "prompt", "", "count", variants.size()).length();
        blocks.add(section(s -> s.text(markdownText(words.say("slack.turn.done",
                "prompt", SlackText.escaped(turn.prompt(), SlackText.SECTION - around), "count", variants.size())))));
        TurnDescriptions.inputs(words, turn).ifPresent(inputs -> blocks.add(context(c -> c.elements(List.of(markdownText(inputs))))));
        for (Variant variant : variants) {
            int number = variant.index() + 1;
            String head = variant.index() == headIndex ? " · " + words.say("slack.turn.head") : "";
            String votes = variant.votes() > 0 ? " · " + words.say("slack.turn.votes", "votes", variant.votes()) : "";
            String score = SessionPictures.score(words, scores.get(variant.ref())).map(text -> " · " + text).orElse("");
            String seed = words.say("slack.turn.seed", "seed", String.valueOf(variant.seed()));
            blocks.add(context(c -> c.elements(List.of(markdownText("*#" + number + "* · " + seed + score + votes + head)))));
        }
        failures.shortfall(turn, words).ifPresent(shortfall -> blocks.add(context(c -> c.elements(List.of(
                markdownText("⚠️ " + SlackText.escaped(shortfall, SlackText.SECTION - 3)))))));
        driftWarning.ifPresent(warning -> blocks.add(context(c -> c.elements(List.of(markdownText(SlackText.escaped(warning, SlackText.SECTION)))))));
        blocks.add(context(c -> c.elements(List.of(markdownText(footer(words, turn, variants.size()))))));
        List<BlockElement> picks = new ArrayList<>();
        for (Variant variant : variants) {
            picks.add(actionButton(words.say("slack.button.use", "number", variant.index() + 1), "use:" + variant.index(), turn, variant.index()));
        }
        blocks.add(actions(a -> a.elements(picks)));
        blocks.add(actions(a -> a.elements(List.of(
                actionButton(words.say("slack.button.reroll"), "reroll", turn, 0), actionButton(words.say("slack.button.remix"), "remix", turn, 0),
                actionButton(words.say("slack.button.undo"), "undo", turn, 0),
                actionButton(words.say("slack.button.branch"), "branch", turn, Math.max(0, headIndex)),
                actionButton(words.say("slack.button.info"), "info", turn, 0), actionButton(words.say("slack.button.timeline"), "timeline", turn, 0),
                actionButton(words.say("slack.button.export"), "export", turn, 0)))));
        return new Message(words.say("slack.turn.doneText", "prompt", fallback(turn.prompt()), "count", variants.size())
                + failures.shortfall(turn, words).map(shortfall -> " (" + SlackText.escaped(shortfall, SlackText.MESSAGE / 4) + ")").orElse(""), blocks);
    }

    Message ended(Words words, Turn turn) {
        return ended(words, turn, failures.why(turn, words));
    }

    /** {@code reason}: why it ended, in these words when the typed reason is at hand, else the stored text. */
    Message ended(Words words, Turn turn, String reason) {
        String icon = turn.status() == TurnStatus.CANCELLED ? "⏹" : turn.status() == TurnStatus.MODERATED ? "🚫" : "⚠️";
        // A cancellation names who cancelled in Slack's mention syntax (see SlackActions); every other reason is text to escape.
        String shownReason = turn.status() == TurnStatus.CANCELLED ? SlackText.fit(reason, REASON) : SlackText.escaped(reason, REASON);
        String head = icon + " *";
        String tail = "*\n" + shownReason;
        List<LayoutBlock> blocks = List.of(
                section(s -> s.text(markdownText(head + SlackText.escaped(turn.prompt(), SlackText.SECTION - head.length() - tail.length()) + tail))),
                actions(a -> a.elements(List.of(actionButton(words.say("slack.button.reroll"), "reroll", turn, 0),
                        actionButton(words.say("slack.button.info"), "info", turn, 0)))));
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

    private static String footer(Words words, Turn turn, int count) {
        String cost = turn.costMicros() > 0 ? " · " + TurnDescriptions.cost(words, turn.costMicros()) : "";
        String vote = " · " + words.say("slack.turn.vote", "emoji", count > 1 ? ":" + String.join(": :", NUMBER_EMOJI.subList(0, count)) + ":" : ":+1:");
        return turn.params().model().id() + " · " + words.say("slack.turn.seed", "seed", String.valueOf(turn.params().seed())) + cost + vote;
    }

    private static BlockElement actionButton(String label, String action, Turn turn, int variant) {
        String value = new ActionValue(turn.sessionId(), turn.id(), variant).encode();
        return button(b -> b.text(plainText(SlackText.fit(label, SlackText.BUTTON))).actionId(ACTION_PREFIX + action).value(value));
    }

    private static String plain(String mrkdwn) {
        return mrkdwn.replace("*", "");
    }
}
