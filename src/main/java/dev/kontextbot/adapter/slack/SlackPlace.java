package dev.kontextbot.adapter.slack;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import dev.kontextbot.adapter.chat.commands.ChatPlace;
import dev.kontextbot.adapter.words.Words;
import dev.kontextbot.engine.model.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Optional;

/**
 * Where a Slack slash command was used: a channel (Slack sends a slash command no thread, so no session is "here");
 * a session is linked by its thread's permalink.
 */
final class SlackPlace implements ChatPlace {
    private static final Logger log = LoggerFactory.getLogger(SlackPlace.class);

    /** A line shows the start of a prompt: five sessions' first and last prompts stay a short answer. */
    private static final int PROMPT_SHOWN = 300;
    /** Slack takes files up to 1 GB. */
    private static final long MAX_UPLOAD_BYTES = 1L << 30;

    private final MethodsClient slack;
    private final SlackSessions sessions;
    private final String team;
    private final String channel;

    SlackPlace(MethodsClient slack, SlackSessions sessions, String team, String channel) {
        this.slack = slack;
        this.sessions = sessions;
        this.team = team;
        this.channel = channel;
    }

    @Override
    public Optional<Session> session() {
        return Optional.empty();
    }

    @Override
    public String quoted(String prompt) {
        return "“" + SlackText.escaped(prompt, PROMPT_SHOWN) + "”";
    }

    @Override
    public Optional<String> linkTo(Words words, Session session) {
        try {
            var response = slack.chatGetPermalink(r -> r.channel(channel).messageTs(session.conversation().thread()));
            return response.isOk() && response.getPermalink() != null
                    ? Optional.of(words.say("slack.history.open", "url", response.getPermalink())) : Optional.empty();
        } catch (IOException | SlackApiException e) {
            log.warn("Slack chat.getPermalink failed: {}", e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public Optional<String> linkToTurn(Words words, long turnId) {
        return Optional.empty();
    }

    @Override
    public Optional<String> refusal(Words words) {
        return sessions.refusal(words, team, channel);
    }

    @Override
    public long maxUploadBytes() {
        return MAX_UPLOAD_BYTES;
    }
}
