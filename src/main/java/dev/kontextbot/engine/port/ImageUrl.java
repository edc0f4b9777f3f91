package dev.kontextbot.engine.port;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An address a provider can fetch an image from itself, so the bot need not send its bytes. {@code onlyFor}: the
 * provider that produced it (its own result URL), which alone is offered it; empty for a URL anyone may fetch (a
 * Discord attachment, a pasted link, a presigned URL of the object store). {@code validUntil}: when it stops working,
 * empty when nobody said.
 */
public record ImageUrl(URI uri, Optional<String> onlyFor, Optional<Instant> validUntil) {
    public ImageUrl {
        Objects.requireNonNull(uri, "uri");
        onlyFor = onlyFor == null ? Optional.empty() : onlyFor;
        validUntil = validUntil == null ? Optional.empty() : validUntil;
    }

    /** A provider's own result URL, valid for {@code lifetime} from {@code now}. */
    public static ImageUrl result(URI uri, String provider, Instant now, Duration lifetime) {
        return new ImageUrl(uri, Optional.of(provider), Optional.of(now.plus(lifetime)));
    }

    /**
     * Whether {@code provider} may be given this URL at {@code now}: it is open to it, and still valid for {@code margin}
     * (the time a queued job may take before the service fetches its inputs).
     */
    public boolean usableBy(String provider, Instant now, Duration margin) {
        return onlyFor.map(provider::equals).orElse(true) && validUntil.map(until -> until.isAfter(now.plus(margin))).orElse(true);
    }
}
