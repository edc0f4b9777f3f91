package dev.kontextbot.app;

import dev.kontextbot.adapter.chat.ChatServices;
import dev.kontextbot.adapter.discord.DiscordBot;
import dev.kontextbot.adapter.discord.DiscordSettings;
import dev.kontextbot.adapter.fetch.SafeImageFetcher;
import dev.kontextbot.app.config.AppConfig;
import dev.kontextbot.engine.RetryPolicy;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/** Builds the Discord adapter when DISCORD_TOKEN is set. */
final class DiscordWiring {
    private static final long MB = 1024L * 1024L;
    /** Between login attempts and gateway connection attempts: 2 s, doubling, at most 2 min, never all at once. */
    static final RetryPolicy RECONNECT = new RetryPolicy(Integer.MAX_VALUE, Duration.ofSeconds(2), Duration.ofMinutes(2), 2);

    private DiscordWiring() {
    }

    static Optional<DiscordBot> build(AppConfig config, ChatServices core, SafeImageFetcher links, OkHttpClient http) {
        AppConfig.Discord discord = config.discord();
        if (!discord.token().isSet()) {
            return Optional.empty();
        }
        // Attachments come from Discord's CDN; a non-default API host (a proxy, a test) serves its own.
        Set<String> attachmentHosts = new HashSet<>(DiscordSettings.DISCORD_CDN);
        HttpUrl api = HttpUrl.get(discord.apiUrl());
        if (!api.host().equals("discord.com")) {
            attachmentHosts.add(api.host());
        }
        DiscordSettings settings = new DiscordSettings(discord.token().value(), discord.devGuild(), discord.apiUrl(), discord.ignorePrefix(),
                Set.copyOf(discord.allowedChannels()), Set.copyOf(discord.allowedRoles()), discord.allowDms(), discord.maxUploadMb() * MB,
                config.images().maxUploadMb() * MB, discord.shardTotal(), DiscordSettings.parseShards(discord.shards()),
                discord.gatewayCompression(), attachmentHosts);
        return Optional.of(new DiscordBot(settings, core, links, http, check -> ChatLogins.problem(check, "Discord", "DISCORD_TOKEN",
                "copy the bot token again from the Developer Portal (Bot → Reset Token)",
                "check that the bot's Message Content intent is on in the Developer Portal"), RECONNECT));
    }
}
