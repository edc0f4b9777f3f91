package dev.kontextbot.adapter.chat;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;

/**
 * What a chat platform said when the bot first showed its token, checked before the platform's library connects: that
 * library logs a stack trace for an unreachable host and then blames the token. A network failure and a refused token
 * need different fixes, so they are different outcomes.
 */
public sealed interface LoginCheck {

    /** The platform accepted the token. */
    record Accepted() implements LoginCheck {
    }

    /** The platform answered and refused the token; {@code reason} is its own word for it ("401 Unauthorized", "invalid_auth"). */
    record Refused(String reason) implements LoginCheck {
    }

    /** The platform could not be reached, so the token was not checked; {@code reason} says what failed, in words. */
    record Unreachable(String reason) implements LoginCheck {
    }

    /** The platform answered with something that is neither yes nor no (a 5xx, an unexpected error code). */
    record Unexpected(String reason) implements LoginCheck {
    }

    /** A failed connection to {@code host}, in words an operator can act on. */
    static Unreachable unreachable(String host, IOException e) {
        if (e instanceof UnknownHostException) {
            return new Unreachable("the host name " + host + " cannot be resolved (no network, or DNS is down)");
        }
        if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
            return new Unreachable("the connection to " + host + " was refused or has no route (no network, a firewall, or a proxy is needed)");
        }
        if (e instanceof InterruptedIOException) {
            return new Unreachable(host + " did not answer in time");
        }
        if (e instanceof SSLException) {
            return new Unreachable("the TLS handshake with " + host + " failed (" + e.getMessage() + ")");
        }
        return new Unreachable("the connection to " + host + " failed (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
    }

    /** The first {@link IOException} among a library exception's causes, when there is one: the network failed. */
    static java.util.Optional<IOException> networkCause(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IOException io) {
                return java.util.Optional.of(io);
            }
        }
        return java.util.Optional.empty();
    }
}
