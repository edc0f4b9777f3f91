package dev.kontextbot.adapter.slack;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/** Whether someone is a workspace admin or owner (users.info); unknown counts as no. */
final class SlackAdmins {
    private static final Logger log = LoggerFactory.getLogger(SlackAdmins.class);

    private final MethodsClient slack;

    SlackAdmins(MethodsClient slack) {
        this.slack = slack;
    }

    boolean isAdmin(String user) {
        try {
            var response = slack.usersInfo(r -> r.user(user));
            if (!response.isOk() || response.getUser() == null) {
                log.warn("Slack users.info failed: {}", response.getError());
                return false;
            }
            return response.getUser().isAdmin() || response.getUser().isOwner();
        } catch (IOException | SlackApiException e) {
            log.warn("Slack users.info failed: {}", e.getMessage());
            return false;
        }
    }
}
