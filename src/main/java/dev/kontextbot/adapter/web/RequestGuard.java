package dev.kontextbot.adapter.web;

import io.javalin.http.Context;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps other web pages out of the playground, which runs on the user's own machine. A page elsewhere can make the
 * browser send requests here: a form or fetch posted across sites (refused unless its Origin, or its Referer when
 * there is no Origin, is the playground's own), and DNS rebinding, where the attacker's host name comes to point at
 * 127.0.0.1 so that the page counts as same-origin (refused in loopback mode by accepting only loopback names in
 * Host; with an access token, the token keeps such a page out, as its cookie is never sent to the attacker's name).
 * Requests without Origin and Referer are not from a browser page, and pass.
 */
final class RequestGuard {
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final Pattern HOST = Pattern.compile("(\\[[0-9a-fA-F:.]+]|[^:\\[\\]]+)(?::(\\d{1,5}))?");
    private static final Pattern LOOPBACK_V4 = Pattern.compile("127(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

    private final boolean loopbackOnly;
    private final Optional<WebOrigin> publicOrigin;
    private final Set<String> openPaths;

    /**
     * {@code loopbackOnly}: no access token, so Host must be a loopback name (or the public URL's host).
     * {@code publicUrl}: where people open the playground when a proxy stands in front of it (empty: none).
     * {@code openPaths}: routes that verify their callers themselves (Slack's signed events).
     */
    RequestGuard(boolean loopbackOnly, String publicUrl, Set<String> openPaths) {
        this.loopbackOnly = loopbackOnly;
        this.publicOrigin = publicUrl == null || publicUrl.isBlank() ? Optional.empty() : WebOrigin.of(publicUrl);
        if (publicUrl != null && !publicUrl.isBlank() && publicOrigin.isEmpty()) {
            throw new IllegalArgumentException("the public URL must be an http(s) URL, not '" + publicUrl + "'");
        }
        this.openPaths = Set.copyOf(openPaths);
    }

    void check(Context ctx) {
        if (openPaths.contains(ctx.path())) {
            return;
        }
        String hostHeader = ctx.header("Host");
        if (hostHeader == null || hostHeader.isBlank()) {
            throw new RefusedRequest(400, "missing_host", "playground.refused.noHost");
        }
        Matcher host = HOST.matcher(hostHeader.trim());
        if (!host.matches()) {
            throw new RefusedRequest(400, "bad_host", "playground.refused.badHost");
        }
        String hostName = host.group(1).toLowerCase(Locale.ROOT);
        if (loopbackOnly && !isLoopback(hostName) && publicOrigin.map(o -> !o.host().equals(hostName)).orElse(true)) {
            throw new RefusedRequest(421, "wrong_host", "playground.refused.wrongHost");
        }
        if (!SAFE_METHODS.contains(ctx.req().getMethod().toUpperCase(Locale.ROOT)) && !fromOwnPage(ctx, hostName, host.group(2))) {
            throw new RefusedRequest(403, "cross_origin", "playground.refused.crossOrigin");
        }
    }

    private boolean fromOwnPage(Context ctx, String hostName, String hostPort) {
        String origin = ctx.header("Origin");
        String source = origin != null ? origin : ctx.header("Referer");
        if (source == null) {
            return true;
        }
        Optional<WebOrigin> sender = WebOrigin.of(source.trim());
        if (sender.isEmpty()) {
            return false;
        }
        if (publicOrigin.isPresent() && publicOrigin.get().equals(sender.get())) {
            return true;
        }
        // The page's scheme is not compared: behind a TLS proxy the page is https while this server speaks http.
        int port = hostPort != null ? Integer.parseInt(hostPort) : WebOrigin.defaultPort(sender.get().scheme());
        return sender.get().host().equals(hostName) && sender.get().port() == port;
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || LOOPBACK_V4.matcher(host).matches() || (host.startsWith("[") && isLoopbackV6(host));
    }

    /** [::1] however it is written ([0:0:0:0:0:0:0:1]); the text is an IPv6 literal, so no DNS is asked. */
    private static boolean isLoopbackV6(String bracketed) {
        try {
            InetAddress address = InetAddress.getByName(bracketed.substring(1, bracketed.length() - 1));
            return address instanceof Inet6Address && address.isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** A web origin, with the scheme's default port filled in; IPv6 hosts keep their brackets, as in Host. */
    record WebOrigin(String scheme, String host, int port) {
        static Optional<WebOrigin> of(String url) {
            try {
                URI uri = URI.create(url);
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                    return Optional.empty();
                }
                int port = uri.getPort() == -1 ? defaultPort(scheme) : uri.getPort();
                return Optional.of(new WebOrigin(scheme, uri.getHost().toLowerCase(Locale.ROOT), port));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }

        static int defaultPort(String scheme) {
            return scheme.equals("https") ? 443 : 80;
        }
    }
}
