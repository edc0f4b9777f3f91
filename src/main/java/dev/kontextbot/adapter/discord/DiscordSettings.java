package dev.kontextbot.adapter.discord;

import java.util.List;
import java.util.Set;

/**
 * How the Discord adapter runs. {@code shards} empty means every shard of {@code shardTotal} (0: as many as Discord
 * recommends). {@code attachmentHosts}: the only hosts attachments are downloaded from (Discord's CDN; tests add
 * their fake's).
 */
public record DiscordSettings(
        String token,
        String devGuild,
        String apiUrl,
        String ignorePrefix,
        Set<String> allowedChannels,
        Set<String> allowedRoles,
        boolean allowDms,
        long maxUploadBytes,
        long maxDownloadBytes,
        int shardTotal,
        List<Integer> shards,
        boolean gatewayCompression,
        Set<String> attachmentHosts) {

    public static final Set<String> DISCORD_CDN = Set.of("cdn.discordapp.com", "media.discordapp.net");

    public DiscordSettings {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the Discord adapter needs a bot token");
        }
        apiUrl = apiUrl.endsWith("/") ? apiUrl : apiUrl + "/";
        allowedChannels = Set.copyOf(allowedChannels);
        allowedRoles = Set.copyOf(allowedRoles);
        shards = List.copyOf(shards);
        attachmentHosts = Set.copyOf(attachmentHosts);
    }

    /** "0-3,6" → 0, 1, 2, 3, 6. */
    public static List<Integer> parseShards(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        java.util.List<Integer> ids = new java.util.ArrayList<>();
        for (String part : text.split(",")) {
            String[] range = part.strip().split("\\s*-\\s*");
            int from = Integer.parseInt(range[0].strip());
            int to = range.length > 1 ? Integer.parseInt(range[1].strip()) : from;
            for (int id = from; id <= to; id++) {
                ids.add(id);
            }
        }
        return List.copyOf(ids);
    }

    @Override
    public String toString() {
        // A record's default toString would print the token.
        return "DiscordSettings[apiUrl=" + apiUrl + ", devGuild=" + devGuild + ", shards=" + shards + "/" + shardTotal + "]";
    }
}
