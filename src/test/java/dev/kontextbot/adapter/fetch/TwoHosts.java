package dev.kontextbot.adapter.fetch;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.Dns;
import okhttp3.OkHttpClient;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Set;

/**
 * Two loopback servers for the platforms' download tests: {@link #api}, standing in for the configured API host, and
 * {@link #elsewhere}, a host a redirect may point at that must never be asked for anything.
 */
public final class TwoHosts implements AutoCloseable {
    public final MockWebServer api = new MockWebServer();
    public final MockWebServer elsewhere = new MockWebServer();

    public TwoHosts() throws IOException {
        api.start(InetAddress.getByName("127.0.0.1"), 0);
        elsewhere.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    /** {@code path} on the API host, as a URL. */
    public String onApi(String path) {
        return "http://127.0.0.1:" + api.getPort() + path;
    }

    /** The guarded GET the application builds for a platform whose files live on {@code fileHosts} and at {@code apiUrl}. */
    public static GuardedGet platformGet(Set<String> fileHosts, String apiUrl) {
        return new GuardedGet(new OkHttpClient(), Dns.SYSTEM, new AddressPolicy(), GuardedGet.Reach.platform(fileHosts, apiUrl));
    }

    /** The API host's next answer: a redirect to {@code location}. */
    public void redirect(String location) {
        api.enqueue(new MockResponse.Builder().code(302).addHeader("Location", location).build());
    }

    @Override
    public void close() {
        api.close();
        elsewhere.close();
    }
}
