package dev.kontextbot.adapter.slack;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.model.File;
import com.slack.api.model.Message;
import dev.kontextbot.engine.model.ParamOverrides;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** {@code /kontext …}: help and settings answer at once; edits and generations run after the ack. */
final class SlackCommand {
    private static final Logger log = LoggerFactory.getLogger(SlackCommand.class);

    static final String HELP = String.join("\n",
            "*kontext* edits images with FLUX.1 Kontext, in threads:",
            "• Mention me with an image: `@kontext make it a watercolor` — a session starts in that thread.",
            "• Reply in the thread with the next instruction; attach an image to make it the new starting point.",
            "• `/kontext <instruction>` edits the latest image posted in this channel.",
            "• `/kontext new <prompt>` generates an image from text.",
            "• Buttons under a result: Use n (pick), Reroll, Remix, Undo, Branch, Info. React :one:…:four: to vote.",
            "• Start a reply with `//` to talk without the bot answering.");

    private final MethodsClient slack;
    private final SlackSessions sessions;
    private final SlackReplies replies;

    SlackCommand(MethodsClient slack, SlackSessions sessions, SlackReplies replies) {
        this.slack = slack;
        this.sessions = sessions;
        this.replies = replies;
    }

    record Invocation(String team, String channel, String user, String text, String triggerId) {
    }

    /** The answer given with the ack, or null when the command has work to run after the ack. */
    String immediateAnswer(Invocation in) {
        String text = in.text() == null ? "" : in.text().strip();
        if (text.isEmpty() || text.equals("help")) {
            return HELP;
        }
        if (text.equals("settings")) {
            return "Settings per channel arrive with the admin commands; for now each session starts with the bot's defaults"
                    + " and keeps what its first message set. Parameters: model, num_images, aspect_ratio, guidance_scale, output_format.";
        }
        if (text.equals("history")) {
            return "Press ℹ️ *Info* on any result in a session thread to see its prompt, seed, parameters, cost and lineage.";
        }
        return null;
    }

    /** Runs after the ack: generation from text, or an edit of the channel's latest image. */
    void run(Invocation in) {
        String text = in.text().strip();
        String key = "slack:command:" + in.triggerId();
        if (text.startsWith("new ")) {
            String prompt = text.substring(4).strip();
            String root = replies.toThread(in.channel(), null, "🎨 <@" + in.user() + "> asked for: " + SlackBlocks.escape(prompt));
            if (root != null) {
                sessions.handle(new SlackSessions.Incoming(in.team(), in.channel(), root, in.user(), prompt, null, key, ParamOverrides.NONE));
            }
            return;
        }
        Optional<Message> latest = latestImageMessage(in.channel());
        if (latest.isEmpty()) {
            replies.toPerson(in.channel(), null, in.user(), "I found no image in this channel's recent messages. Post one and mention me, "
                    + "e.g. `@kontext make it a watercolor`, or try `/kontext new <prompt>`.");
            return;
        }
        Message message = latest.get();
        String thread = message.getThreadTs() != null ? message.getThreadTs() : message.getTs();
        // In a thread that already has a session the instruction continues it; otherwise that image starts one.
        boolean existing = sessions.sessionOf(in.team(), in.channel(), thread).isPresent();
        List<File> files = existing ? null : message.getFiles();
        sessions.handle(new SlackSessions.Incoming(in.team(), in.channel(), thread, in.user(), text, files, key, ParamOverrides.NONE));
    }

    private Optional<Message> latestImageMessage(String channel) {
        try {
            var history = slack.conversationsHistory(r -> r.channel(channel).limit(30));
            if (!history.isOk()) {
                log.warn("Slack conversations.history failed: {}", history.getError());
                return Optional.empty();
            }
            return history.getMessages().stream()
                    .filter(m -> m.getFiles() != null && m.getFiles().stream().anyMatch(f -> f.getMimetype() != null && f.getMimetype().startsWith("image/")))
                    .findFirst();
        } catch (IOException | SlackApiException e) {
            log.warn("Slack conversations.history failed: {}", e.getMessage());
            return Optional.empty();
        }
    }
}
