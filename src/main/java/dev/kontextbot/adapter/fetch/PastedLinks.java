package dev.kontextbot.adapter.fetch;

import okhttp3.HttpUrl;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An image behind a link a person pasted, fetched safely ({@link SafeImageFetcher}); an https link is then remembered
 * as where anyone can fetch those bytes ({@link KnownUrls}, the engine's {@code knownAt}), so a provider is sent the
 * link instead of the bytes. Never a link to a host that needs the bot's credentials ({@code privateHosts}: Slack's
 * file host), which no provider could fetch.
 */
public final class PastedLinks {
    /**
     * How long a pasted link is offered to providers: the page behind it may change or go away, while the bytes the
     * turn edits are the ones fetched now.
     */
    public static final Duration TRUSTED_FOR = Duration.ofHours(1);

    private final SafeImageFetcher fetcher;
    private final KnownUrls known;
    private final Clock clock;
    private final Set<String> privateHosts;

    /** Where the bytes of an image can be fetched by anyone, until when (the engine's {@code knownAt}). */
    @FunctionalInterface
    public interface KnownUrls {
        void knownAt(byte[] bytes, URI url, Optional<Instant> validUntil);
    }

    public PastedLinks(SafeImageFetcher fetcher, KnownUrls known, Clock clock, Set<String> privateHosts) {
        this.fetcher = fetcher;
        this.known = known;
        this.clock = clock;
        this.privateHosts = privateHosts.stream().map(host -> host.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    /** The image at {@code url}, or why there is none; fetched https links are remembered for {@link #TRUSTED_FOR}. */
    public SafeImageFetcher.Result fetch(String url) {
        SafeImageFetcher.Result result = fetcher.fetch(url);
        if (result instanceof SafeImageFetcher.Result.Fetched fetched) {
            // It was fetched at this address, so it parses; HttpUrl gives it the encoding a provider expects.
            HttpUrl parsed = HttpUrl.parse(url.strip());
            if (parsed != null && parsed.isHttps() && !privateHosts.contains(parsed.host())) {
                known.knownAt(fetched.bytes(), parsed.uri(), Optional.of(clock.instant().plus(TRUSTED_FOR)));
            }
        }
        return result;
    }
}
