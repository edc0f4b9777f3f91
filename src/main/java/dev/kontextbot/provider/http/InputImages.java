package dev.kontextbot.provider.http;

import dev.kontextbot.engine.port.EditRequest;
import dev.kontextbot.engine.port.ImageUrl;
import dev.kontextbot.engine.port.SourceImage;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How a remote provider sends its inputs, the same way for every one: a URL the service can fetch itself when one is
 * known and valid (its own result URL from an earlier turn, a person's attachment or link, the object store's presigned
 * URL), else the bytes inline; and, when the service says it could not fetch a URL, once more with bytes. Every input
 * sent is counted in the request's {@link EditRequest#sent()}. A provider's own upload API (Runflow's assets,
 * Replicate's files) comes between a URL and inline bytes: {@link Sending#upload} counts it, and keeps the URL it answers
 * with the image so a later turn sends that URL instead of uploading again.
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

    /** The URL of an image uploaded through the service's own upload API, kept there for {@code lifetime}. */
    public ImageUrl uploadedUrl(String url, Duration lifetime) {
        return ImageUrl.result(URI.create(url), provider, clock.instant(), lifetime);
    }

    /** The inputs of one submission. */
    public Sending sending(EditRequest request) {
        return new Sending(request, false);
    }

    /** The inputs of a submission that sends bytes only: the service could not fetch a URL of the job sent before. */
    public Sending sendingBytes(EditRequest request) {
        return new Sending(request, true);
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

    /**
     * Whether a job that failed with this text failed for an input the service could not fetch (Replicate's prediction
     * {@code error}, free text: parsed tolerantly, as {@link #refusesAnInput(HttpAnswer)} reads a 4xx body). The caller
     * has told a safety filter's refusal apart first: it may name the image too.
     */
    public static boolean failedForAnInput(String error) {
        return error != null && ABOUT_AN_INPUT.matcher(error.toLowerCase(Locale.ROOT)).find();
    }

    /** A provider's own upload API: the bytes go up once, and the service answers where it keeps them, and until when. */
    @FunctionalInterface
    public interface Upload {
        /** Where the service keeps the image; empty when the upload failed (the provider says why in its log). */
        Uploaded upload(SourceImage image);
    }

    /**
     * What an upload came to: the file URL, empty when it failed (the bytes then go inline), and how many bytes of it
     * reached the service. Those are the image's size once the request carrying them was answered with any HTTP status,
     * even a refusal: the body went out whole before the answer was read. They are 0 when the upload stopped before that
     * request (its first step refused) or that request failed on the network: how much of a cut-off body arrived is
     * unknown, and the turn's "input bytes sent" would rather count too little than bytes that never left.
     */
    public record Uploaded(Optional<ImageUrl> url, long bytesSent) {
        public Uploaded {
            url = url == null ? Optional.empty() : url;
            if (bytesSent < 0) {
                throw new IllegalArgumentException("bytes sent must not be negative, not " + bytesSent);
            }
        }

        /** The bytes are at the service, under {@code url}. */
        public static Uploaded at(ImageUrl url, long bytesSent) {
            return new Uploaded(Optional.of(url), bytesSent);
        }

        /** The upload failed; {@code bytesSent}: see the record. */
        public static Uploaded failed(long bytesSent) {
            return new Uploaded(Optional.empty(), bytesSent);
        }

        /** {@code bytes}' size when the request carrying them was answered at all, else 0 (see the record). */
        public static long reached(HttpAnswer answer, byte[] bytes) {
            return answer.networkFailed() ? 0 : bytes.length;
        }
    }

    /** A URL that went out for an input. */
    private record Sent(SourceImage image, ImageUrl url) {
    }

    /** One submission's inputs: each by URL while that is allowed, else inline; counted as sent. */
    public final class Sending {
        private final EditRequest request;
        private boolean bytesOnly;
        private boolean sentUrl;
        /** The service's own URLs sent (its results, its uploads), to forget should it say it could not fetch one. */
        private final List<Sent> sentOwn = new ArrayList<>();

        private Sending(EditRequest request, boolean bytesOnly) {
            this.request = request;
            this.bytesOnly = bytesOnly;
            if (bytesOnly) {
                // The service could not fetch a URL of the job sent before: the same choice would pick it again.
                request.images().forEach(image -> usable(image).ifPresent(url -> forgetOwn(image, url)));
            }
        }

        /**
         * Whether this submission's inputs go by URL: one went out (a file's URL too), and no refusal of it turned the
         * submission to bytes since.
         */
        public boolean sendsUrls() {
            return sentUrl && !bytesOnly;
        }

        /** A URL the service may fetch this input from, when one is known (counted as sent when it is). */
        public Optional<String> url(SourceImage image) {
            if (bytesOnly) {
                return Optional.empty();
            }
            Optional<ImageUrl> url = usable(image);
            url.ifPresent(sent -> {
                sentUrl = true;
                request.sent().add(sent.uri().toString().length());
                if (sent.onlyFor().isPresent()) {
                    sentOwn.add(new Sent(image, sent));
                }
            });
            return url.map(sent -> sent.uri().toString());
        }

        /** Whether {@link #url} would send a URL for this input (nothing is counted). */
        public boolean hasUrl(SourceImage image) {
            return !bytesOnly && usable(image).isPresent();
        }

        private Optional<ImageUrl> usable(SourceImage image) {
            return image.urls().stream().filter(known -> known.usableBy(provider, clock.instant(), MARGIN)).findFirst();
        }

        /** A URL, else plain base64 (BFL). */
        public String urlOrBase64(SourceImage image) {
            return url(image).orElseGet(() -> counted(DataUri.base64(image)));
        }

        /** The bytes as a data URI, when the provider has decided against a URL. */
        public String dataUri(SourceImage image) {
            return counted(DataUri.of(image));
        }

        /**
         * The image through the provider's upload API, counted as the bytes that reached the service
         * ({@link Uploaded}); the URL answered is remembered with the image, so later turns find it among its URLs. Empty
         * when this submission sends bytes only (after a refused URL) or the upload failed.
         */
        public Optional<String> upload(SourceImage image, Upload api) {
            if (bytesOnly) {
                return Optional.empty();
            }
            Uploaded uploaded = api.upload(image);
            request.sent().add(uploaded.bytesSent());
            uploaded.url().ifPresent(url -> {
                image.remember(url);
                sentUrl = true;
                sentOwn.add(new Sent(image, url));
            });
            return uploaded.url().map(url -> url.uri().toString());
        }

        /**
         * A URL, else for an image over {@code inlineMaxBytes} the provider's upload API (once: see {@link #upload}), else
         * a data URI (fal, Replicate).
         */
        public String urlUploadedOrDataUri(SourceImage image, Upload api, long inlineMaxBytes) {
            return url(image).or(() -> image.bytes().length <= inlineMaxBytes ? Optional.empty() : upload(image, api))
                    .orElseGet(() -> dataUri(image));
        }

        /**
         * Whether to send again with bytes: a URL went out and the service answered that it could not fetch an input. True
         * once only; from then on every input of this submission goes inline.
         */
        public boolean resendWithBytes(HttpAnswer answer) {
            if (bytesOnly || !sentUrl || !refusesAnInput(answer)) {
                return false;
            }
            return turnToBytes();
        }

        /**
         * Whether to send again with bytes: a URL went out and the job the service accepted failed with {@code error}
         * for an input it could not fetch. True once only, as {@link #resendWithBytes(HttpAnswer)}.
         */
        public boolean resendWithBytes(String error) {
            if (bytesOnly || !sentUrl || !failedForAnInput(error)) {
                return false;
            }
            return turnToBytes();
        }

        /**
         * From now on bytes only; and the service's own URLs sent are forgotten with their images: which one it could not
         * fetch is not said, and one of its result or file URLs it cannot fetch now will not work for the next turn
         * either, which then uploads again instead of being refused first. Public URLs stay: another service may fetch
         * them.
         */
        private boolean turnToBytes() {
            bytesOnly = true;
            sentOwn.forEach(sent -> forgetOwn(sent.image(), sent.url()));
            sentOwn.clear();
            return true;
        }

        private void forgetOwn(SourceImage image, ImageUrl url) {
            if (url.onlyFor().isPresent()) {
                image.forget(url);
            }
        }

        private String counted(String inline) {
            request.sent().add(inline.length());
            return inline;
        }
    }
}
