package dev.kontextbot.app;

import dev.kontextbot.adapter.chat.ChatServices;
import dev.kontextbot.adapter.chat.PlatformConnector;
import dev.kontextbot.adapter.health.Health;
import dev.kontextbot.adapter.slack.SlackBot;
import dev.kontextbot.adapter.slack.SlackLogin;
import dev.kontextbot.adapter.slack.SlackSettings;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * Slack as the app runs it: connected once Slack accepts the bot token (auth.test) and, in Socket Mode, the app token
 * (apps.connections.open); until then retried by a {@link PlatformConnector} while the rest of the bot runs. The Bolt
 * app is built only once the bot token is accepted, as Bolt checks it again itself and fails on a refused one.
 */
final class SlackPlatform implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SlackPlatform.class);

    private final SlackSettings settings;
    private final ChatServices core;
    private final OkHttpClient http;
    private final PlatformConnector connector;
    private volatile SlackBot bot;

    SlackPlatform(SlackSettings settings, ChatServices core, OkHttpClient http) {
        this.settings = settings;
        this.core = core;
        this.http = http;
        this.connector = new PlatformConnector("Slack", this::connect, () -> bot.health());
    }

    private Optional<PlatformConnector.Failure> connect() {
        if (bot == null) {
            Optional<PlatformConnector.Failure> refused = ChatLogins.failure(new SlackLogin(settings, http).check(), "Slack", "SLACK_BOT_TOKEN",
                    "copy the Bot User OAuth Token (xoxb-…) again from OAuth & Permissions, and reinstall the app if it was revoked",
                    "check SLACK_BOT_TOKEN and SLACK_API_URL");
            if (refused.isPresent()) {
                return refused;
            }
            bot = new SlackBot(settings, core, http);
        }
        if (settings.mode() == SlackSettings.Mode.SOCKET) {
            return ChatLogins.failure(bot.startSocketMode(), "Slack Socket Mode", "SLACK_APP_TOKEN",
                    "create an app-level token (xapp-…) with connections:write under Basic Information", "check SLACK_APP_TOKEN");
        }
        return Optional.empty();
    }

    void start() throws InterruptedException {
        connector.start();
    }

    /** The adapter, once Slack has accepted the bot token. */
    Optional<SlackBot> bot() {
        return Optional.ofNullable(bot);
    }

    Health health() {
        return connector.health();
    }

    /** For the banner: why Slack is not connected, while it is not. */
    Optional<String> problem() {
        return connector.problem();
    }

    /** The first half of a stop (see {@link SlackBot#stopReceiving}): no more attempts, no more events. */
    void stopReceiving() {
        try {
            connector.close();
            SlackBot b = bot;
            if (b != null) {
                b.stopReceiving();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stopReceiving();
        SlackBot b = bot;
        if (b == null) {
            return;
        }
        try {
            b.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("closing the Slack adapter failed: {}", e.getMessage());
        }
    }
}
