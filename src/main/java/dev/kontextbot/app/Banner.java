package dev.kontextbot.app;

import dev.kontextbot.app.config.AppConfig;

/** The start-up message: what runs, where, and the next step for each part that does not. */
record Banner(AppConfig config, String providerName, int httpPort, java.util.Optional<String> discordState,
              java.util.Optional<String> slackProblem) {

    String text() {
        StringBuilder text = new StringBuilder("\nkontext-bot " + Version.current() + " is running.\n");
        if (httpPort > 0) {
            String host = config.http().host().equals("0.0.0.0") ? "localhost" : config.http().host();
            text.append("  Playground:  http://").append(host.equals("127.0.0.1") ? "localhost" : host).append(':').append(httpPort).append("/\n");
        }
        text.append("  Provider:    ").append(providerName);
        if (providerName.equals("offline")) {
            text.append(" (the built-in editor; set RUNFLOW_API_KEY, BFL_API_KEY, FAL_KEY or REPLICATE_API_TOKEN for FLUX.1 Kontext and FLUX.2)");
        }
        text.append('\n');
        text.append("  Data:        ").append(config.dataDir().toAbsolutePath().normalize()).append('\n');
        if (config.images().usesS3()) {
            text.append("  Images:      ").append(config.images().s3().settings().where()).append('\n');
        }
        text.append("  Discord:     ").append(discordState
                .orElse("off (set DISCORD_TOKEN to connect; see docs/discord.md)")).append('\n');
        text.append("  Slack:       ").append(!config.slack().botToken().isSet()
                ? "off (set SLACK_BOT_TOKEN and SLACK_APP_TOKEN to connect; see docs/slack.md)"
                : slackProblem.map(problem -> "NOT CONNECTED, trying again: " + problem)
                .orElse("connected by " + (config.slack().mode().equals("http") ? "HTTP at /slack/events" : "Socket Mode"))).append('\n');
        text.append("Stop with Ctrl-C; sessions and turns in flight are kept and resume on the next start.\n");
        return text.toString();
    }
}
