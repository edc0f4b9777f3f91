package dev.kontextbot.provider.http;

import dev.kontextbot.engine.model.ImageId;
import dev.kontextbot.engine.port.EditRequest;
import dev.kontextbot.engine.port.ImageUrl;
import dev.kontextbot.engine.port.SourceImage;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How a remote provider sends its inputs, the same way for every one: a URL the service can fetch itself when one is
 * known and valid (its own result URL from an earlier turn, a person's attachment or link, the object store's presigned
 * URL), else the bytes inline; and, when the service says it could not fetch a URL, once more with bytes. Every input
 * sent is counted in the request's {@link EditRequest#sent()}. A provider's own upload API comes between a URL and
 * inline bytes: Runflow's assets in the provider, or an {@link Upload} given to {@link Sending#urlUploadedOrDataUri},
 * whose URL is remembered here per image while it lasts, so an image is uploaded once.
 */
public final class InputImages {
    /**
     * An input URL must outlive the submission by this much: a job may wait in the service's queue before it fetches its
     * inputs, and a clock may be off.
     */
    public static final Duration MARGIN = Duration.ofMinutes(2);
    private static final Pattern ABOUT_AN_INPUT = Pattern.compile("image|url|download|fetch");
    /** Uploaded images remembered; past this the least recently sent is uploaded again when next needed. */
    private static final int UPLOADS_KEPT = 2_048;

    private final String provider;
    private final Duration resultLifetime;
    private final Clock clock;
    private final Map<ImageId, ImageUrl> uploads = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ImageId, ImageUrl> eldest) {
            return size() > UPLOADS_KEPT;
        }
    };

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

    /** The URL of an image uploaded through the service's own upload API, kept by it for {@code lifetime}. */
    public ImageUrl uploadedUrl(String url, Duration lifetime) {
        return ImageUrl.result(URI.create(url), provider, clock.instant(), lifetime);
    }

    /**
     * A provider's own upload API: the URL the service will fetch the image from, empty when the upload failed (the
     * image then goes inline; the upload says why in the log). Bytes it sends are counted through
     * {@link Sending#uploaded}.
     */
    @FunctionalInterface
    public interface Upload {
        Optional<ImageUrl> of(SourceImage image);
    }

    /** A file name's extension for an image of this MIME type ({@code jpg}, {@code png}, {@code webp}), for upload APIs. */
    public static String extension(String mime) {
        String subtype = mime.substring(mime.indexOf('/') + 1).toLowerCase(Locale.ROOT);
        return subtype.equals("jpeg") ? "jpg" : subtype.replaceAll("[^a-z0-9]", "");
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
        private final List<ImageId> sentUploads = new ArrayList<>();

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

        /**
         * A URL, else the URL of an earlier upload of the same bytes while it lasts, else a new upload's, else a data URI
         * (fal's storage, Replicate's files).
         */
        public String urlUploadedOrDataUri(SourceImage image, Upload upload) {
            Optional<String> known = url(image);
            if (known.isPresent() || bytesOnly) {
                return known.orElseGet(() -> dataUri(image));
            }
            ImageId id = ImageId.of(image.bytes());
            Optional<ImageUrl> uploaded = remembered(id).or(() -> {
                Optional<ImageUrl> fresh = upload.of(image);
                fresh.ifPresent(url -> remember(id, url));
                return fresh;
            });
            return uploaded.map(url -> {
                sentUrl = true;
                sentUploads.add(id);
                return counted(url.uri().toString());
            }).orElseGet(() -> dataUri(image));
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
            // An upload the service cannot fetch (gone before its time) is not offered again.
            synchronized (uploads) {
                sentUploads.forEach(uploads::remove);
            }
            return true;
        }

        private Optional<ImageUrl> remembered(ImageId id) {
            synchronized (uploads) {
                ImageUrl url = uploads.get(id);
                if (url != null && !url.usableBy(provider, clock.instant(), MARGIN)) {
                    uploads.remove(id);
                    return Optional.empty();
                }
                return Optional.ofNullable(url);
            }
        }

        private void remember(ImageId id, ImageUrl url) {
            synchronized (uploads) {
                uploads.put(id, url);
            }
        }

        private String counted(String inline) {
            request.sent().add(inline.length());
            return inline;
        }
    }
}
