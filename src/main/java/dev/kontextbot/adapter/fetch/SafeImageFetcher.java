package dev.kontextbot.adapter.fetch;

import dev.kontextbot.engine.image.ImageFormat;
import okhttp3.Dns;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The one way to fetch an image from a URL a person typed. https only (http when configured), every host resolved
 * once and each of its addresses checked by the {@link AddressPolicy} — the connection then uses exactly those
 * checked addresses, so DNS cannot change its answer in between — redirects followed by hand (at most 3) and
 * checked again, a deadline, the size limit enforced while reading, and the bytes must look like an image.
 */
public final class SafeImageFetcher {
    private final OkHttpClient client;
    private final AddressPolicy policy;
    private final boolean allowHttp;
    private final long maxBytes;
    private static final int MAX_REDIRECTS = 3;

    public SafeImageFetcher(OkHttpClient base, Dns dns, AddressPolicy policy, boolean allowHttp, long maxBytes, Duration deadline) {
        this.client = base.newBuilder()
                .dns(new CheckedDns(dns, policy))
                .followRedirects(false).followSslRedirects(false)
                .callTimeout(deadline).connectTimeout(deadline).readTimeout(deadline)
                .build();
        this.policy = policy;
        this.allowHttp = allowHttp;
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
        HttpUrl url = text == null ? null : HttpUrl.parse(text.trim());
        if (url == null) {
            return new Result.Refused("That is not a web address I can fetch; send an https:// link to an image.");
        }
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            if (!url.scheme().equals("https") && !allowHttp) {
                return new Result.Refused("Only https:// links are fetched; " + url.scheme() + ":// is not.");
            }
            Optional<String> literal = literalRefusal(url.host());
            if (literal.isPresent()) {
                return new Result.Refused("That link points to " + literal.get() + ", which I may not fetch.");
            }
            try (Response response = client.newCall(new Request.Builder().url(url).header("Accept", "image/*").get().build()).execute()) {
                if (response.isRedirect()) {
                    HttpUrl next = Optional.ofNullable(response.header("Location")).map(url::resolve).orElse(null);
                    if (next == null) {
                        return new Result.Refused("That link redirects nowhere usable.");
                    }
                    url = next;
                    continue;
                }
                if (!response.isSuccessful()) {
                    return new Result.Refused("The server answered HTTP " + response.code() + " for that link.");
                }
                return read(response);
            } catch (ForbiddenAddressException e) {
                return new Result.Refused("That link points to " + e.getMessage() + ", which I may not fetch.");
            } catch (UnknownHostException e) {
                return new Result.Refused("I could not find the server of that link; check the address.");
            } catch (java.io.InterruptedIOException e) {
                return new Result.Refused("The server of that link took too long to answer.");
            } catch (IOException e) {
                return new Result.Refused("I could not fetch that link; is it public?");
            }
        }
        return new Result.Refused("That link redirects more than " + MAX_REDIRECTS + " times.");
    }

    /**
     * OkHttp connects to an IP literal without asking DNS, so literals are checked here. Numeric hosts in other
     * spellings (2130706433, 0x7f000001, 0177.0.0.1) are refused outright: resolvers disagree on what they mean.
     */
    private Optional<String> literalRefusal(String host) {
        if (OBFUSCATED_NUMERIC.matcher(host).matches() && !DOTTED_QUAD.matcher(host).matches()) {
            return Optional.of("a numeric address written in an unusual way");
        }
        if (!IP_LITERAL.matcher(host).matches()) {
            return Optional.empty();
        }
        try {
            return policy.refusal(InetAddress.getByName(host));
        } catch (UnknownHostException e) {
            return Optional.of("an address I cannot read");
        }
    }

    private static final java.util.regex.Pattern IP_LITERAL = java.util.regex.Pattern.compile("[0-9.]+|.*:.*");
    private static final java.util.regex.Pattern DOTTED_QUAD = java.util.regex.Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");
    private static final java.util.regex.Pattern OBFUSCATED_NUMERIC = java.util.regex.Pattern.compile("([0-9.]+|.*\\b0x[0-9a-f]+\\b.*)");

    private Result read(Response response) throws IOException {
        long declared = response.body().contentLength();
        if (declared > maxBytes) {
            return tooLarge();
        }
        try (InputStream in = response.body().byteStream()) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (bytes.length > maxBytes) {
                return tooLarge();
            }
            if (ImageFormat.sniff(bytes).isEmpty()) {
                return new Result.Refused("That link is not an image (JPG, PNG, WebP, GIF or AVIF), whatever it says it is.");
            }
            return new Result.Fetched(bytes);
        }
    }

    private Result tooLarge() {
        return new Result.Refused("That image is larger than " + maxBytes / (1024 * 1024) + " MB.");
    }

    /** Thrown from DNS so OkHttp never connects; an IOException so it surfaces from the call. */
    static final class ForbiddenAddressException extends UnknownHostException {
        ForbiddenAddressException(String reason) {
            super(reason);
        }
    }

    private record CheckedDns(Dns delegate, AddressPolicy policy) implements Dns {
        @Override
        public List<InetAddress> lookup(String hostname) throws UnknownHostException {
            List<InetAddress> addresses = delegate.lookup(hostname);
            for (InetAddress address : addresses) {
                Optional<String> refusal = policy.refusal(address);
                if (refusal.isPresent()) {
                    throw new ForbiddenAddressException(refusal.get());
                }
            }
            return addresses;
        }
    }
}
