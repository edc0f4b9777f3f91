package dev.kontextbot.engine.policy;

import dev.kontextbot.engine.model.Platform;

/** How refusals name a tenant and who can change its rules, in each platform's own words. */
final class PolicyWords {
    private PolicyWords() {
    }

    /** "server", "workspace", or "bot" for the playground (one tenant, configured by whoever runs it). */
    static String tenant(Platform platform) {
        return switch (platform) {
            case DISCORD -> "server";
            case SLACK -> "workspace";
            case PLAYGROUND -> "bot";
        };
    }

    /** Who to ask: "ask a server admin (/kontext admin budget …)". */
    static String askAdmin(Platform platform, String command) {
        return switch (platform) {
            case DISCORD -> "ask a server admin (/kontext admin " + command + " …)";
            case SLACK -> "ask a workspace admin (/kontext admin " + command + " …)";
            case PLAYGROUND -> "ask whoever runs the bot (engine settings in config/application.yaml)";
        };
    }
}
