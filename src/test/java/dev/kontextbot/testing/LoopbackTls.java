package dev.kontextbot.testing;

import dev.kontextbot.adapter.fetch.AddressPolicy;
import dev.kontextbot.adapter.fetch.SafeImageFetcher;
import dev.kontextbot.app.Application;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Dns;
import okhttp3.OkHttpClient;
import okio.Buffer;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for 127.0.0.1, made by the JDK's keytool, so a loopback server can speak https (a pasted
 * link must be https to be offered to a provider) and a client that trusts exactly it can reach that server.
 */
public final class LoopbackTls {
    private static final char[] PASSWORD = "loopback-only".toCharArray();
    private final SSLContext server;
    private final X509TrustManager trust;
    private final SSLContext client;

    private LoopbackTls(SSLContext server, X509TrustManager trust, SSLContext client) {
        this.server = server;
        this.trust = trust;
        this.client = client;
    }

    public static LoopbackTls create(Path dir) throws IOException, InterruptedException, GeneralSecurityException {
        Path store = dir.resolve("loopback.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                "-alias", "loopback", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", new String(PASSWORD),
                "-keypass", new String(PASSWORD)).redirectErrorStream(true).start();
        String said = new String(keytool.getInputStream().readAllBytes());
        if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            throw new IOException("keytool could not make the test certificate: " + said);
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD);
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, PASSWORD);
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(keyManagers.getKeyManagers(), null, null);
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        trusted.setCertificateEntry("loopback", keys.getCertificate("loopback"));
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trusted);
        X509TrustManager trust = (X509TrustManager) trustManagers.getTrustManagers()[0];
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, new javax.net.ssl.TrustManager[]{trust}, null);
        return new LoopbackTls(server, trust, client);
    }

    /** For the server: {@code MockWebServer.useHttps(tls.serverSockets())}. */
    public SSLSocketFactory serverSockets() {
        return server.getSocketFactory();
    }

    /**
     * The app's fetcher of pasted links, as production builds it but for two things: it trusts this certificate, and
     * 127.0.0.1 counts as a public address (only for the test's own server; every other address follows the real rules).
     */
    public Application.LinkFetchers links() {
        AddressPolicy loopbackIsPublic = new AddressPolicy() {
            @Override
            public Optional<Kind> refusal(InetAddress address) {
                return address.getHostAddress().equals("127.0.0.1") ? Optional.empty() : super.refusal(address);
            }
        };
        return (http, images) -> new SafeImageFetcher(trusting(http), Dns.SYSTEM, loopbackIsPublic,
                images.allowHttpUrls(), images.maxUploadMb() * 1024L * 1024L, images.fetchTimeout());
    }

    /** An https server on 127.0.0.1 with {@code png} at {@code /photo.png} (anything else 404), counting its requests. */
    public MockWebServer servingPicture(byte[] png) throws IOException {
        MockWebServer server = new MockWebServer();
        server.useHttps(serverSockets());
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return request.getTarget().equals("/photo.png")
                        ? new MockResponse.Builder().code(200).addHeader("Content-Type", "image/png").body(new Buffer().write(png)).build()
                        : new MockResponse.Builder().code(404).build();
            }
        });
        server.start(InetAddress.getByName("127.0.0.1"), 0);
        return server;
    }

    /** {@code http} trusting this certificate (and nothing else). */
    public OkHttpClient trusting(OkHttpClient http) {
        return http.newBuilder().sslSocketFactory(client.getSocketFactory(), trust).build();
    }
}
