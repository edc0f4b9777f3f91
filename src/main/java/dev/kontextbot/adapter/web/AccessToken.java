package dev.kontextbot.adapter.web;

import io.javalin.http.Context;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;

/**
 * The playground's one secret when it is reachable beyond this machine. Scripts send it as a bearer token; a
 * browser opens {@code /?token=…} once and keeps it in an HttpOnly cookie. /healthz and routes other adapters
 * verify themselves (Slack's signed events) stay open.
 */
final class AccessToken {
    static final String COOKIE = "kontext_token";

    private final byte[] token;
    private final Set<String> openPaths;

    AccessToken(String token, Set<String> openPaths) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.openPaths = openPaths;
    }

    void check(Context ctx) {
        if (openPaths.contains(ctx.path())) {
            return;
        }
        String fromQuery = ctx.queryParam("token");
        if (ctx.path().equals("/") && fromQuery != null && matches(fromQuery)) {
            ctx.cookie(new io.javalin.http.Cookie(COOKIE, fromQuery, "/", -1, false, true, null, io.javalin.http.SameSite.STRICT));
            return;
        }
        String header = ctx.header("Authorization");
        String presented = header != null && header.startsWith("Bearer ") ? header.substring(7) : ctx.cookie(COOKIE);
        if (presented == null || !matches(presented)) {
            throw new RefusedRequest(401, "unauthorized", "playground.refused.noToken");
        }
    }

    /** Compared in constant time, so the token cannot be guessed byte by byte from response times. */
    private boolean matches(String presented) {
        return MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
    }
}
