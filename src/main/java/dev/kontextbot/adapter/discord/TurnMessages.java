package dev.kontextbot.adapter.discord;

import dev.kontextbot.adapter.chat.SessionPictures;
import dev.kontextbot.adapter.chat.TurnDescriptions;
import dev.kontextbot.adapter.chat.TurnFailureWords;
import dev.kontextbot.adapter.words.Words;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.port.JobProgress;
import dev.kontextbot.engine.model.TurnStatus;
import dev.kontextbot.engine.model.Variant;
import dev.kontextbot.engine.model.VariantRef;
import dev.kontextbot.engine.review.VariantScore;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.utils.FileUpload;
import net.dv8tion.jda.api.utils.MarkdownSanitizer;
import net.dv8tion.jda.api.utils.messages.MessageCreateBuilder;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import net.dv8tion.jda.api.utils.messages.MessageEditBuilder;
import net.dv8tion.jda.api.utils.messages.MessageEditData;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A turn's one message as it changes: queued (position) → generating… → its variants attached with a compact
 * footer and buttons, or the reason it ended without images. Reactions 1️⃣…4️⃣ (👍 for a single variant) vote.
 * Nobody is pinged by these messages.
 */
final class TurnMessages {
    static final List<String> NUMBER_EMOJI = List.of("1️⃣", "2️⃣", "3️⃣", "4️⃣");
    static final String THUMBS_UP = "👍";
    private static final int PROMPT_SHOWN = 300;
    private final TurnFailureWords failures = new TurnFailureWords();

    /**
     * What a turn's message shows. {@code replaceFiles}: the edit sets the message's attachments to {@code files}
     * (when the variants are first attached, or removed); otherwise an edit leaves them as they are.
     */
    record Rendered(String content, List<ActionRow> rows, List<FileUpload> files, boolean replaceFiles) {
        MessageCreateData create() {
            return new MessageCreateBuilder().setContent(content).setComponents(rows).setFiles(files)
                    .setAllowedMentions(List.of()).build();
        }

        MessageEditData edit() {
            MessageEditBuilder builder = new MessageEditBuilder().setContent(content).setComponents(rows).setAllowedMentions(List.of());
            if (replaceFiles) {
                builder.setFiles(files);
            }
            return builder.build();
        }
    }

    /** {@code estimateMicros}: what the turn is expected to cost, shown before it runs. */
    Rendered queued(Words words, Turn turn, int position, long estimateMicros) {
        String where = position == 0 ? words.say("discord.turn.nextUp") : words.say("discord.turn.position", "position", position + 1);
        return running(words, turn, words.say("discord.turn.queued", "where", where) + TurnDescriptions.estimate(words, estimateMicros));
    }

    Rendered generating(Words words, Turn turn, JobProgress stage, Duration elapsed) {
        TurnDescriptions.Progress progress = TurnDescriptions.progress(words, stage);
        return running(words, turn, progress.emoji() + " **" + progress.words() + "** " + elapsed.toSeconds() + "s");
    }

    private Rendered running(Words words, Turn turn, String status) {
        return new Rendered(status + " · " + quoted(turn.prompt()) + TurnDescriptions.inputs(words, turn).map(inputs -> "\n-# " + inputs).orElse(""),
                List.of(ActionRow.of(Button.secondary(id("cancel", turn, 0), words.say("discord.button.cancel")))), List.of(), false);
    }

    /**
     * {@code headIndex}: the variant of this turn that is the session's head, or -1. {@code scores}: the variants'
     * fidelity where known; {@code driftWarning}: a line when the head drifted from the source.
     */
    Rendered done(Words words, Turn turn, List<Variant> variants, int headIndex, Map<VariantRef, VariantScore> scores, Optional<String> driftWarning,
                  List<FileUpload> files) {
        StringBuilder text = new StringBuilder("✅ ").append(words.say("discord.turn.by", "prompt", quoted(turn.prompt()), "user", turn.requestedBy()));
        TurnDescriptions.inputs(words, turn).ifPresent(inputs -> text.append("\n-# ").append(inputs));
        for (Variant variant : variants) {
            text.append("\n**#").append(variant.index() + 1).append("** · ").append(words.say("discord.turn.seed", "seed", String.valueOf(variant.seed())));
            if (variant.votes() > 0) {
                text.append(" · ").append(words.say("discord.turn.votes", "votes", variant.votes()));
            }
            SessionPictures.score(words, scores.get(variant.ref())).ifPresent(score -> text.append(" · ").append(score));
            if (variant.index() == headIndex) {
                text.append(" · ").append(words.say("discord.turn.head"));
            }
        }
        failures.shortfall(turn, words).ifPresent(shortfall -> text.append("\n⚠️ ").append(MarkdownSanitizer.escape(shortfall)));
        driftWarning.ifPresent(warning -> text.append("\n").append(warning));
        text.append("\n-# ").append(footer(words, turn, variants.size()));
        List<Button> picks = new ArrayList<>();
        for (Variant variant : variants) {
            String label = words.say("discord.button.use", "number", variant.index() + 1);
            String id = id("use", turn, variant.index());
            picks.add(variant.index() == headIndex ? Button.success(id, label) : Button.primary(id, label));
        }
        List<ActionRow> rows = List.of(
                ActionRow.of(picks),
                ActionRow.of(
                        Button.secondary(id("reroll", turn, 0), words.say("discord.button.reroll")),
                        Button.secondary(id("remix", turn, 0), words.say("discord.button.remix")),
                        Button.secondary(id("undo", turn, 0), words.say("discord.button.undo")),
                        Button.secondary(id("branch", turn, Math.max(0, headIndex)), words.say("discord.button.branch")),
                        Button.secondary(id("info", turn, 0), words.say("discord.button.info"))),
                ActionRow.of(Button.secondary(id("timeline", turn, 0), words.say("discord.button.timeline")),
                        Button.secondary(id("compare", turn, 0), words.say("discord.button.compare")),
                        Button.secondary(id("export", turn, 0), words.say("discord.button.export")),
                        Button.danger(id("delete", turn, 0), words.say("discord.button.delete"))));
        return new Rendered(text.toString(), rows, files, !files.isEmpty());
    }

    Rendered ended(Words words, Turn turn) {
        return ended(words, turn, failures.why(turn, words));
    }

    /** {@code reason}: why it ended, in these words when the typed reason is at hand, else the stored text. */
    Rendered ended(Words words, Turn turn, String reason) {
        String icon = turn.status() == TurnStatus.CANCELLED ? "⏹" : turn.status() == TurnStatus.MODERATED ? "🚫" : "⚠️";
        return new Rendered(icon + " " + quoted(turn.prompt()) + "\n" + MarkdownSanitizer.escape(reason),
                List.of(ActionRow.of(Button.secondary(id("reroll", turn, 0), words.say("discord.button.reroll")),
                        Button.secondary(id("info", turn, 0), words.say("discord.button.info")))),
                List.of(), false);
    }

    /** The message after its turn was deleted by someone: the images go, a line stays so the thread still reads. */
    Rendered deleted(Words words, Turn turn, String by) {
        return new Rendered(words.say("discord.turn.deleted", "prompt", quoted(turn.prompt()), "user", by), List.of(), List.of(), true);
    }

    static String quoted(String prompt) {
        return "“" + quotedText(prompt) + "”";
    }

    /** A prompt as message text: one line, shortened, with Discord's markdown escaped. */
    static String quotedText(String prompt) {
        String shown = prompt.length() > PROMPT_SHOWN ? prompt.substring(0, PROMPT_SHOWN - 1) + "…" : prompt;
        return MarkdownSanitizer.escape(shown.replace('\n', ' '));
    }

    private static String footer(Words words, Turn turn, int count) {
        String vote = words.say("discord.turn.vote", "emoji", count > 1 ? String.join(" ", NUMBER_EMOJI.subList(0, count)) : THUMBS_UP);
        return turn.params().model().id() + " · " + words.say("discord.turn.seed", "seed", String.valueOf(turn.params().seed())) + " · "
                + TurnDescriptions.cost(words, turn.costMicros()) + " · " + vote;
    }

    private static String id(String action, Turn turn, int variant) {
        return new ComponentId(action, turn.sessionId(), turn.id(), variant).encode();
    }
}
