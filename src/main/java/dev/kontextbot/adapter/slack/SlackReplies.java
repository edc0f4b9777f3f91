package dev.kontextbot.adapter.slack;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/** Short answers to one person (chat.postEphemeral) and notes for the whole thread. */
final class SlackReplies {
    private static final Logger log = LoggerFactory.getLogger(SlackReplies.class);

    private final MethodsClient slack;

    SlackReplies(MethodsClient slack) {
        this.slack = slack;
    }

    void toPerson(String channel, String thread, String user, String text) {
        try {
            var response = slack.chatPostEphemeral(r -> r.channel(channel).user(user).threadTs(thread).text(text));
            if (!response.isOk()) {
                log.warn("Slack chat.postEphemeral failed: {}", response.getError());
            }
        } catch (IOException | SlackApiException e) {
            log.warn("Slack chat.postEphemeral failed: {}", e.getMessage());
        }
    }

    /** Posts into the channel (a new thread root when {@code thread} is null); returns the message ts, or null. */
    String toThread(String channel, String thread, String text) {
        try {
            var response = slack.chatPostMessage(r -> r.channel(channel).threadTs(thread).text(text));
            if (!response.isOk()) {
                log.warn("Slack chat.postMessage failed: {}", response.getError());
                return null;
            }
            return response.getTs();
        } catch (IOException | SlackApiException e) {
            log.warn("Slack chat.postMessage failed: {}", e.getMessage());
            return null;
        }
    }
}
