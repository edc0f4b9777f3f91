package dev.kontextbot.provider.http;

import dev.kontextbot.engine.port.EditRequest;
import dev.kontextbot.engine.port.ImageUrl;
import dev.kontextbot.engine.port.SourceImage;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How a remote provider sends its inputs, the same way for every one: a URL the service can fetch itself when one is
 * known and valid (its own result URL from an earlier turn, a person's attachment or link, the object store's presigned
 * URL), else the bytes inline; and, when the service says it could not fetch a URL, once more with bytes. Every input
 * sent is counted in the request's {@link EditRequest#sent()}. A provider's own upload API (Runflow's assets) comes
 * between a URL and inline bytes, in the provider.
 */
public final class InputImages {
    /**
     * An input URL must outlive the submission by this much: a job may wait in the service's queue before it fetches its
     * inputs, and a clock may be off.
     */
    public static final Duration MARGIN = Duration.ofMinutes(2);
    private static final Pattern ABOUT_AN_INPUT = Pattern.compile("image|url|download|fetch");

    private final String provider;
    private final Duration resultLifetime;
    private final Clock clock;

    /**
     * {@code provider}: the name its results' URLs are recorded under (only it is offered them back);
     * {@code resultLifetime}: how long the service keeps a result at its URL, conservatively.
     */
    public InputImages(String provider, Duration resultLifetime, Clock clock) {
        this.provider = provider;
        this.resultLifetime = resultLifetime;
        this.clock = clock;
    }

    /** The URL of a result just fetched, for a later turn of this provider to send instead of the bytes. */
    public ImageUrl resultUrl(String url) {
        return ImageUrl.result(URI.create(url), provider, clock.instant(), resultLifetime);
    }

    /** The inputs of one submission. */
    public Sending sending(EditRequest request) {
        return new Sending(request);
    }

    /**
     * A refusal that is about an input the service could not fetch (BFL's and fal's 422 {@code detail}, Runflow's
     * {@code message}; parsed tolerantly): a 4xx that starts no job and mentions the image, a URL, a download or a fetch.
     * Not a content filter's refusal, nor the key's, the credits' or the rate limit's.
     */
    static boolean refusesAnInput(HttpAnswer answer) {
        int status = answer.status();
        if (status < 400 || status >= 500 || status == 401 || status == 402 || status == 403 || status == 429) {
            return false;
        }
        String body = answer.body().toString().toLowerCase(Locale.ROOT);
        return !body.contains("content_policy_violation") && ABOUT_AN_INPUT.matcher(body).find();
    }

    /** One submission's inputs: each by URL while that is allowed, else inline; counted as sent. */
    public final class Sending {
        private final EditRequest request;
        private boolean bytesOnly;
        private boolean sentUrl;

        private Sending(EditRequest request) {
            this.request = request;
        }

        /** A URL the service may fetch this input from, when one is known (counted as sent when it is). */
        public Optional<String> url(SourceImage image) {
            if (bytesOnly) {
                return Optional.empty();
            }
            Optional<String> url = image.urls().stream().filter(known -> known.usableBy(provider, clock.instant(), MARGIN))
                    .findFirst().map(known -> known.uri().toString());
            url.ifPresent(sent -> {
                sentUrl = true;
                request.sent().add(sent.length());
            });
            return url;
        }

        /** A URL, else a data URI (fal, Runflow). */
        public String urlOrDataUri(SourceImage image) {
            return url(image).orElseGet(() -> dataUri(image));
        }

        /** A URL, else plain base64 (BFL). */
        public String urlOrBase64(SourceImage image) {
            return url(image).orElseGet(() -> counted(DataUri.base64(image)));
        }

        /** The bytes as a data URI, when the provider has decided against a URL. */
        public String dataUri(SourceImage image) {
            return counted(DataUri.of(image));
        }

        /** Bytes sent some other way (a provider's upload API). */
        public void uploaded(long bytes) {
            request.sent().add(bytes);
        }

        /**
         * Whether to send again with bytes: a URL went out and the service answered that it could not fetch an input. True
         * once only; from then on every input of this submission goes inline.
         */
        public boolean resendWithBytes(HttpAnswer answer) {
            if (bytesOnly || !sentUrl || !refusesAnInput(answer)) {
                return false;
            }
            bytesOnly = true;
            return true;
        }

        private String counted(String inline) {
            request.sent().add(inline.length());
            return inline;
        }
    }
}
