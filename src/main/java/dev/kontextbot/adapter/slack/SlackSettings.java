package dev.kontextbot.adapter.slack;

import java.util.Set;

/**
 * @param mode       SOCKET (Socket Mode, app token) or HTTP (Events API at /slack/events, signing secret)
 * @param apiUrl     Web API base URL, e.g. https://slack.com/api/
 * @param fileHosts  hosts whose url_private may be fetched with the bot token (never any other)
 * @param maxFileBytes largest image downloaded from Slack
 * @param socketConnections Socket Mode connections this process opens (Slack spreads events over them)
 */
public record SlackSettings(String botToken, String appToken, String signingSecret, Mode mode, String apiUrl,
                            Set<String> fileHosts, long maxFileBytes, int socketConnections) {
    public enum Mode { SOCKET, HTTP }

    @Override
    public String toString() {
        return "SlackSettings[mode=" + mode + ", apiUrl=" + apiUrl + ", tokens=***]";
    }
}
