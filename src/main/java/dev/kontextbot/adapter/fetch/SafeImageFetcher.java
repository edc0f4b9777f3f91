package dev.kontextbot.adapter.fetch;

import dev.kontextbot.engine.image.ImageFormat;
import okhttp3.Dns;
import okhttp3.Headers;
import okhttp3.OkHttpClient;

import java.time.Duration;

/**
 * The one way to fetch an image from a URL a person typed: a {@link GuardedGet} to any public host, https only
 * (http when configured), within a deadline; the bytes must look like an image.
 */
public final class SafeImageFetcher {
    private static final Headers ACCEPT_IMAGES = Headers.of("Accept", "image/*");

    private final GuardedGet get;
    private final long maxBytes;

    public SafeImageFetcher(OkHttpClient base, Dns dns, AddressPolicy policy, boolean allowHttp, long maxBytes, Duration deadline) {
        this.get = new GuardedGet(base.newBuilder().callTimeout(deadline).connectTimeout(deadline).readTimeout(deadline).build(),
                dns, policy, GuardedGet.Reach.anyPublicHost(allowHttp));
        this.maxBytes = maxBytes;
    }

    public sealed interface Result {
        record Fetched(byte[] bytes) implements Result {
        }

        /** {@code message} is for the person who sent the URL. */
        record Refused(String message) implements Result {
        }
    }

    public Result fetch(String text) {
        GuardedGet.Outcome outcome = get.get(text, ACCEPT_IMAGES, maxBytes);
        if (outcome instanceof GuardedGet.Outcome.Fetched fetched) {
            return ImageFormat.sniff(fetched.bytes()).isEmpty()
                    ? new Result.Refused("That link is not an image (JPG, PNG, WebP, GIF or AVIF), whatever it says it is.")
                    : new Result.Fetched(fetched.bytes());
        }
        GuardedGet.Outcome.Refused refused = (GuardedGet.Outcome.Refused) outcome;
        return new Result.Refused(message(refused));
    }

    private String message(GuardedGet.Outcome.Refused refused) {
        return switch (refused.reason()) {
            case NOT_A_URL -> "That is not a web address I can fetch; send an https:// link to an image.";
            case SCHEME -> "Only https:// links are fetched; " + refused.detail() + ":// is not.";
            case HOST, ADDRESS -> "That link points to " + refused.detail() + ", which I may not fetch.";
            case UNKNOWN_HOST -> "I could not find the server of that link; check the address.";
            case REDIRECT_NOWHERE -> "That link redirects nowhere usable.";
            case TOO_MANY_REDIRECTS -> "That link redirects more than " + refused.detail() + " times.";
            case HTTP_STATUS -> "The server answered HTTP " + refused.detail() + " for that link.";
            case TIMEOUT -> "The server of that link took too long to answer.";
            case UNREACHABLE -> "I could not fetch that link; is it public?";
            case TOO_LARGE -> "That image is larger than " + maxBytes / (1024 * 1024) + " MB.";
        };
    }
}
