package dev.kontextbot.adapter.slack;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.apps.connections.AppsConnectionsOpenResponse;
import dev.kontextbot.adapter.chat.LoginCheck;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;

/** Asks Slack for a Socket Mode URL (apps.connections.open with the app token), one per connection. */
@FunctionalInterface
interface SocketUrls {

    /** What Slack answered: a URL to connect to, or why not, as a login outcome (refused token, unreachable, other). */
    sealed interface Answer {
    }

    record Issued(URI url) implements Answer {
    }

    /** {@code why} is never {@link LoginCheck.Accepted}. */
    record NotIssued(LoginCheck why) implements Answer {
    }

    Answer open();

    /** Over the Slack SDK's client for the app token; the token only ever goes into the request's header. */
    static SocketUrls over(MethodsClient appClient, SlackSettings settings) {
        return () -> {
            try {
                AppsConnectionsOpenResponse response = appClient.appsConnectionsOpen(r -> r);
                if (response.isOk() && response.getUrl() != null) {
                    return new Issued(new URI(response.getUrl()));
                }
                if (response.isOk()) {
                    return new NotIssued(new LoginCheck.Unexpected("Slack's apps.connections.open gave no URL"));
                }
                return new NotIssued(SlackLogin.answered("apps.connections.open", response.getError()));
            } catch (IOException e) {
                return new NotIssued(SlackLogin.unreachable(settings, e));
            } catch (SlackApiException e) {
                return new NotIssued(new LoginCheck.Unexpected("Slack answered apps.connections.open with HTTP " + e.getResponse().code()));
            } catch (URISyntaxException e) {
                return new NotIssued(new LoginCheck.Unexpected("Slack's apps.connections.open gave no usable URL"));
            }
        };
    }
}
