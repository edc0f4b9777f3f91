package dev.kontextbot.adapter.web;

import io.javalin.http.Handler;

/** An extra POST endpoint another adapter serves on the bot's web server (Slack's /slack/events in HTTP mode). */
public record PostRoute(String path, Handler handler) {
}
