package dev.kontextbot.app;

import dev.kontextbot.adapter.chat.ChatServices;
import dev.kontextbot.adapter.slack.SlackBot;
import dev.kontextbot.adapter.slack.SlackSettings;
import dev.kontextbot.adapter.web.PostRoute;
import dev.kontextbot.app.config.AppConfig;
import io.javalin.http.Context;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Builds the Slack adapter when SLACK_BOT_TOKEN is set, and its /slack/events route in HTTP mode. */
final class SlackWiring {
    private SlackWiring() {
    }

    /** Not connected yet: {@link SlackPlatform#start} makes the first attempt. Configuration that cannot work stops the start. */
    static Optional<SlackPlatform> build(AppConfig config, ChatServices core, OkHttpClient http) {
        AppConfig.Slack slack = config.slack();
        if (!slack.botToken().isSet()) {
            return Optional.empty();
        }
        SlackSettings.Mode mode = slack.mode().equals("http") ? SlackSettings.Mode.HTTP : SlackSettings.Mode.SOCKET;
        if (mode == SlackSettings.Mode.SOCKET && !slack.appToken().isSet()) {
            throw new StartupException("Slack Socket Mode needs SLACK_APP_TOKEN (xapp-…), or set SLACK_MODE=http with SLACK_SIGNING_SECRET", null);
        }
        if (mode == SlackSettings.Mode.HTTP && (!slack.signingSecret().isSet() || !config.http().enabled())) {
            throw new StartupException("Slack HTTP mode needs SLACK_SIGNING_SECRET and the web server (http.enabled)", null);
        }
        // The bot token is only ever sent to Slack's file host, or to the API host itself (gov cloud, tests).
        Set<String> fileHosts = Set.of("files.slack.com", HttpUrl.get(slack.apiUrl()).host());
        SlackSettings settings = new SlackSettings(slack.botToken().value(), slack.appToken().value(), slack.signingSecret().value(),
                mode, slack.apiUrl(), fileHosts, config.images().maxUploadMb() * 1024L * 1024L, slack.socketConnections());
        return Optional.of(new SlackPlatform(settings, core, http));
    }

    static List<PostRoute> routes(Optional<SlackPlatform> platform, AppConfig config) {
        if (platform.isEmpty() || !config.slack().mode().equals("http")) {
            return List.of();
        }
        SlackPlatform slack = platform.get();
        return List.of(new PostRoute("/slack/events", ctx -> {
            Optional<SlackBot> bot = slack.bot();
            if (bot.isEmpty()) {
                // Slack retries an event that was not answered with 200, so nothing is lost while the token is refused.
                ctx.status(503).contentType("application/json").result("{\"error\":\"Slack is not connected yet\"}");
                return;
            }
            answer(ctx, bot.get());
        }));
    }

    private static void answer(Context ctx, SlackBot slack) throws Exception {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        ctx.headerMap().forEach((name, value) -> headers.put(name, List.of(value)));
        SlackBot.HttpAnswer answer = slack.handleHttp(ctx.body(), headers, ctx.ip());
        ctx.status(answer.status());
        if (answer.contentType() != null) {
            ctx.contentType(answer.contentType());
        }
        ctx.result(answer.body());
    }
}
