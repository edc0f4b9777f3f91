package dev.kontextbot.adapter.fetch;

import okhttp3.Dns;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The one way the bot GETs a URL that someone else chose (a pasted link, a chat attachment): the first URL and
 * every redirect (followed by hand, at most 3) pass the same {@link Reach} — scheme, host — and the
 * {@link AddressPolicy}. Each host is resolved once and its addresses checked; the connection then uses exactly
 * those checked addresses, so DNS cannot change its answer in between. The size limit holds while reading.
 */
public final class GuardedGet {
    static final int MAX_REDIRECTS = 3;
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|.*:.*");
    private static final Pattern DOTTED_QUAD = Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");
    private static final Pattern OBFUSCATED_NUMERIC = Pattern.compile("([0-9.]+|.*\\b0x[0-9a-f]+\\b.*)");

    private final OkHttpClient client;
    private final AddressPolicy policy;
    private final Reach reach;

    /** {@code base}: its timeouts apply; its DNS and redirect settings are replaced. */
    public GuardedGet(OkHttpClient base, Dns dns, AddressPolicy policy, Reach reach) {
        this.client = base.newBuilder()
                .dns(new CheckedDns(dns, policy, reach))
                .followRedirects(false).followSslRedirects(false)
                .build();
        this.policy = policy;
        this.reach = reach;
    }

    /**
     * What a fetch may reach. {@code hosts} empty: any host (whose addresses pass the policy); otherwise only those.
     * Only https, unless {@code allowHttp}. {@code trusted}: the origin of an API base URL the operator configured (a
     * proxy, a test's fake): its host is reached with its scheme, whatever its addresses.
     */
    public record Reach(Set<String> hosts, boolean allowHttp, Optional<HttpUrl> trusted) {
        public Reach {
            hosts = hosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        }

        /** Pasted links: any public host. */
        public static Reach anyPublicHost(boolean allowHttp) {
            return new Reach(Set.of(), allowHttp, Optional.empty());
        }

        /** A platform's file hosts over https, and the platform's configured API base URL as it is. */
        public static Reach platform(Set<String> fileHosts, String apiBaseUrl) {
            return new Reach(fileHosts, false, Optional.of(HttpUrl.get(apiBaseUrl)));
        }

        boolean isTrusted(HttpUrl url) {
            return trusted.isPresent() && trusted.get().host().equals(url.host()) && trusted.get().scheme().equals(url.scheme());
        }

        boolean isTrustedHost(String host) {
            return trusted.isPresent() && trusted.get().host().equals(host);
        }
    }

    public sealed interface Outcome {
        record Fetched(byte[] bytes) implements Outcome {
        }

        /**
         * {@code detail}: the scheme, host, status code or limit the refusal is about (may be empty); {@code address}:
         * what a refused address is (ADDRESS only).
         */
        record Refused(Reason reason, String detail, Optional<AddressPolicy.Kind> address) implements Outcome {
            public Refused(Reason reason, String detail) {
                this(reason, detail, Optional.empty());
            }
        }
    }

    public enum Reason {
        NOT_A_URL, SCHEME, HOST, ADDRESS, UNKNOWN_HOST, REDIRECT_NOWHERE, TOO_MANY_REDIRECTS, HTTP_STATUS, TIMEOUT, UNREACHABLE,
        TOO_LARGE
    }

    /** {@code headers} go with every hop: each hop is within the reach, so they never travel elsewhere. */
    public Outcome get(String text, Headers headers, long maxBytes) {
        HttpUrl url = text == null ? null : HttpUrl.parse(text.trim());
        if (url == null) {
            return refused(Reason.NOT_A_URL, "");
        }
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            Optional<Outcome.Refused> outOfReach = outOfReach(url);
            if (outOfReach.isPresent()) {
                return outOfReach.get();
            }
            try (Response response = client.newCall(new Request.Builder().url(url).headers(headers).get().build()).execute()) {
                if (response.isRedirect()) {
                    HttpUrl next = Optional.ofNullable(response.header("Location")).map(url::resolve).orElse(null);
                    if (next == null) {
                        return refused(Reason.REDIRECT_NOWHERE, "");
                    }
                    url = next;
                    continue;
                }
                if (!response.isSuccessful()) {
                    return refused(Reason.HTTP_STATUS, Integer.toString(response.code()));
                }
                return read(response, maxBytes);
            } catch (ForbiddenAddressException e) {
                return new Outcome.Refused(Reason.ADDRESS, url.host(), Optional.of(e.kind));
            } catch (UnknownHostException e) {
                return refused(Reason.UNKNOWN_HOST, url.host());
            } catch (InterruptedIOException e) {
                return refused(Reason.TIMEOUT, "");
            } catch (IOException e) {
                return refused(Reason.UNREACHABLE, "");
            }
        }
        return refused(Reason.TOO_MANY_REDIRECTS, Integer.toString(MAX_REDIRECTS));
    }

    private Optional<Outcome.Refused> outOfReach(HttpUrl url) {
        if (reach.isTrusted(url)) {
            return Optional.empty();
        }
        if (!url.scheme().equals("https") && !reach.allowHttp()) {
            return Optional.of(refused(Reason.SCHEME, url.scheme()));
        }
        if (!reach.hosts().isEmpty() && !reach.hosts().contains(url.host())) {
            return Optional.of(refused(Reason.HOST, url.host()));
        }
        return literalRefusal(url.host()).map(kind -> new Outcome.Refused(Reason.ADDRESS, url.host(), Optional.of(kind)));
    }

    /**
     * OkHttp connects to an IP literal without asking DNS, so literals are checked here. Numeric hosts in other
     * spellings (2130706433, 0x7f000001, 0177.0.0.1) are refused outright: resolvers disagree on what they mean.
     */
    private Optional<AddressPolicy.Kind> literalRefusal(String host) {
        if (OBFUSCATED_NUMERIC.matcher(host).matches() && !DOTTED_QUAD.matcher(host).matches()) {
            return Optional.of(AddressPolicy.Kind.UNUSUAL_NUMERIC);
        }
        if (!IP_LITERAL.matcher(host).matches()) {
            return Optional.empty();
        }
        try {
            return policy.refusal(InetAddress.getByName(host));
        } catch (UnknownHostException e) {
            return Optional.of(AddressPolicy.Kind.UNREADABLE);
        }
    }

    private static Outcome read(Response response, long maxBytes) throws IOException {
        if (response.body().contentLength() > maxBytes) {
            return refused(Reason.TOO_LARGE, Long.toString(maxBytes));
        }
        try (InputStream in = response.body().byteStream()) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            return bytes.length > maxBytes ? refused(Reason.TOO_LARGE, Long.toString(maxBytes)) : new Outcome.Fetched(bytes);
        }
    }

    private static Outcome.Refused refused(Reason reason, String detail) {
        return new Outcome.Refused(reason, detail);
    }

    /** Thrown from DNS so OkHttp never connects; an IOException so it surfaces from the call. */
    static final class ForbiddenAddressException extends UnknownHostException {
        final transient AddressPolicy.Kind kind;

        ForbiddenAddressException(AddressPolicy.Kind kind) {
            super(kind.name());
            this.kind = kind;
        }
    }

    private record CheckedDns(Dns delegate, AddressPolicy policy, Reach reach) implements Dns {
        @Override
        public List<InetAddress> lookup(String hostname) throws UnknownHostException {
            List<InetAddress> addresses = delegate.lookup(hostname);
            if (reach.isTrustedHost(hostname)) {
                return addresses;
            }
            for (InetAddress address : addresses) {
                Optional<AddressPolicy.Kind> refusal = policy.refusal(address);
                if (refusal.isPresent()) {
                    throw new ForbiddenAddressException(refusal.get());
                }
            }
            return addresses;
        }
    }
}
