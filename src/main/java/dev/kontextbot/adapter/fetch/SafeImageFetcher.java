package dev.kontextbot.adapter.fetch;

import dev.kontextbot.adapter.words.Words;
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

        /** No image from that link; {@link #say} words why for the person who sent it (bundle words/chat). */
        sealed interface Unusable extends Result {
            String say(Words words);
        }

        /** The bytes came, but they are no image whatever the server says they are. */
        record NotAnImage() implements Unusable {
            @Override
            public String say(Words words) {
                return words.say("fetch.notAnImage");
            }
        }

        /** The link was not fetched: {@code why} says what stood in the way; {@code maxBytes} is the size limit. */
        record Refused(GuardedGet.Outcome.Refused why, long maxBytes) implements Unusable {
            @Override
            public String say(Words words) {
                String detail = why.detail();
                return switch (why.reason()) {
                    case NOT_A_URL -> words.say("fetch.notAUrl");
                    case SCHEME -> words.say("fetch.scheme", "scheme", detail);
                    case HOST -> words.say("fetch.host", "host", detail);
                    case ADDRESS -> words.say("fetch.address", "address", words.say(why.address()
                            .orElseThrow(() -> new IllegalStateException("an ADDRESS refusal without its kind")).key()));
                    case UNKNOWN_HOST -> words.say("fetch.unknownHost");
                    case REDIRECT_NOWHERE -> words.say("fetch.redirectNowhere");
                    case TOO_MANY_REDIRECTS -> words.say("fetch.tooManyRedirects", "count", Integer.parseInt(detail));
                    case HTTP_STATUS -> words.say("fetch.httpStatus", "status", detail);
                    case TIMEOUT -> words.say("fetch.timeout");
                    case UNREACHABLE -> words.say("fetch.unreachable");
                    case TOO_LARGE -> words.say("fetch.tooLarge", "megabytes", maxBytes / (1024 * 1024));
                };
            }
        }
    }

    public Result fetch(String text) {
        GuardedGet.Outcome outcome = get.get(text, ACCEPT_IMAGES, maxBytes);
        if (outcome instanceof GuardedGet.Outcome.Fetched fetched) {
            return ImageFormat.sniff(fetched.bytes()).isEmpty() ? new Result.NotAnImage() : new Result.Fetched(fetched.bytes());
        }
        return new Result.Refused((GuardedGet.Outcome.Refused) outcome, maxBytes);
    }
}
