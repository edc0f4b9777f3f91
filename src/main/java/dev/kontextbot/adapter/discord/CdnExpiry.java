package dev.kontextbot.adapter.discord;

import okhttp3.HttpUrl;

import java.time.Instant;
import java.util.Optional;

/**
 * When a Discord CDN attachment URL stops working: Discord signs them, and the {@code ex} query parameter is the
 * expiry in Unix seconds, in hex. Empty when the URL carries none (an unsigned URL may not work at all, so it is not
 * offered to providers).
 */
final class CdnExpiry {
    private CdnExpiry() {
    }

    static Optional<Instant> of(String url) {
        HttpUrl parsed = HttpUrl.parse(url);
        String ex = parsed == null ? null : parsed.queryParameter("ex");
        if (ex == null || !ex.matches("[0-9a-fA-F]{1,12}")) {
            return Optional.empty();
        }
        return Optional.of(Instant.ofEpochSecond(Long.parseLong(ex, 16)));
    }
}
