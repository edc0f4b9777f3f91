package dev.kontextbot.app;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * The container's HEALTHCHECK: asks this machine's /healthz and exits 0 on a 200, 1 otherwise. A main class of the jar
 * because the runtime image has no curl or wget, and a second JVM for a few hundred milliseconds is cheaper than
 * installing them.
 */
public final class HealthProbe {
    private static final Duration TIMEOUT = Duration.ofSeconds(4);

    private HealthProbe() {
    }

    public static void main(String[] args) {
        System.exit(probe(address(System.getenv(), args.length > 0 ? args[0] : "/healthz")));
    }

    /** The local address of {@code path} on KONTEXT_HTTP_PORT (8080 when unset, as the image sets it). */
    static URI address(Map<String, String> env, String path) {
        String port = env.getOrDefault("KONTEXT_HTTP_PORT", "8080").trim();
        return URI.create("http://127.0.0.1:" + (port.isEmpty() ? "8080" : port) + path);
    }

    /** 0 when {@code address} answers 200; 1 (with the reason on stderr, which Docker keeps in the health log) otherwise. */
    static int probe(URI address) {
        try {
            HttpURLConnection connection = (HttpURLConnection) address.toURL().openConnection();
            connection.setConnectTimeout((int) TIMEOUT.toMillis());
            connection.setReadTimeout((int) TIMEOUT.toMillis());
            int status = connection.getResponseCode();
            connection.disconnect();
            if (status == 200) {
                return 0;
            }
            System.err.println(address + " answered " + status);
            return 1;
        } catch (IOException e) {
            System.err.println(address + " did not answer: " + e);
            return 1;
        }
    }
}
