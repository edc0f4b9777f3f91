package dev.kontextbot.adapter.fetch;

import dev.kontextbot.adapter.words.Languages;
import dev.kontextbot.adapter.words.Words;
import dev.kontextbot.testing.TestImages;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.Dns;
import okhttp3.OkHttpClient;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fetcher against a loopback server. Host names resolve through a fixed table (no real DNS), and the policy
 * lets exactly the test server's loopback address through, as a public host would be.
 */
class SafeImageFetcherTest {
    MockWebServer server = new MockWebServer();
    byte[] png = TestImages.encode(new BufferedImage(3, 3, BufferedImage.TYPE_INT_RGB), "png");

    /** public.test is the test server; internal.test and metadata.test are what an attacker would aim at. */
    final Dns dns = host -> switch (host) {
        case "public.test" -> List.of(InetAddress.getByName("127.0.0.1"));
        case "internal.test" -> List.of(InetAddress.getByName("10.0.0.7"));
        case "metadata.test" -> List.of(InetAddress.getByName("169.254.169.254"));
        case "mixed.test" -> List.of(InetAddress.getByName("127.0.0.1"), InetAddress.getByName("192.168.0.2"));
        default -> throw new UnknownHostException(host);
    };

    /** Exactly the test server counts as public; everything else follows the real rules. */
    final AddressPolicy testPolicy = new AddressPolicy() {
        @Override
        public Optional<Kind> refusal(InetAddress address) {
            return address.getHostAddress().equals("127.0.0.1") ? Optional.empty() : super.refusal(address);
        }
    };

    @BeforeEach
    void start() throws IOException {
        server.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static final Words ENGLISH = Languages.load().in(Locale.ENGLISH);

    /** What the person who sent the link is told, in English. */
    private static String said(SafeImageFetcher.Result result) {
        return ((SafeImageFetcher.Result.Unusable) result).say(ENGLISH);
    }

    private SafeImageFetcher fetcher(boolean allowHttp, long maxBytes) {
        return new SafeImageFetcher(new OkHttpClient(), dns, testPolicy, allowHttp, maxBytes, Duration.ofSeconds(2));
    }

    private String url(String host, String path) {
        return "http://" + host + ":" + server.getPort() + path;
    }

    private void image(byte[] bytes, Map<String, String> headers) {
        MockResponse.Builder response = new MockResponse.Builder().code(200).body(new Buffer().write(bytes));
        headers.forEach(response::addHeader);
        server.enqueue(response.build());
    }

    private void redirect(String location) {
        server.enqueue(new MockResponse.Builder().code(302).addHeader("Location", location).build());
    }

    @Test
    void fetchesAnImageFromAPublicHost() {
        image(png, Map.of("Content-Type", "image/png"));
        assertThat(fetcher(true, 10_000).fetch(url("public.test", "/cat.png")))
                .isInstanceOfSatisfying(SafeImageFetcher.Result.Fetched.class, f -> assertThat(f.bytes()).isEqualTo(png));
    }

    @Test
    void onlyHttpsUnlessHttpIsAllowed() {
        assertThat(said(fetcher(false, 10_000).fetch(url("public.test", "/cat.png")))).contains("Only https://");
        assertThat(said(fetcher(false, 10_000).fetch("ftp://public.test/cat.png"))).contains("not a web address");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void aRefusedLinkIsWordedInThePersonsLanguage() {
        SafeImageFetcher fetcher = new SafeImageFetcher(new OkHttpClient(), dns, new AddressPolicy(), true, 10_000, Duration.ofSeconds(2));
        SafeImageFetcher.Result.Unusable refused = (SafeImageFetcher.Result.Unusable) fetcher.fetch(url("public.test", "/x"));

        assertThat(refused.say(ENGLISH)).isEqualTo("That link points to a loopback address, which I may not fetch.");
        assertThat(refused.say(Languages.load().in(Locale.GERMAN))).isEqualTo("Dieser Link zeigt auf eine Loopback-Adresse, die ich nicht abrufen darf.");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void privateLoopbackAndMetadataDestinationsAreRefusedBeforeConnecting() {
        SafeImageFetcher fetcher = new SafeImageFetcher(new OkHttpClient(), dns, new AddressPolicy(), true, 10_000, Duration.ofSeconds(2));

        assertThat(said(fetcher.fetch(url("public.test", "/x")))).contains("loopback");
        assertThat(said(fetcher.fetch("http://127.0.0.1:" + server.getPort() + "/x"))).contains("loopback");
        assertThat(said(fetcher.fetch("http://[::1]:" + server.getPort() + "/x"))).contains("loopback");
        assertThat(said(fetcher(true, 10_000).fetch(url("internal.test", "/x")))).contains("private");
        assertThat(said(fetcher(true, 10_000).fetch(url("metadata.test", "/latest/meta-data")))).contains("link-local");
        assertThat(said(fetcher(true, 10_000).fetch(url("mixed.test", "/x")))).contains("private");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void everyRedirectIsCheckedAgainAndAtMostThreeAreFollowed() throws Exception {
        redirect(url("metadata.test", "/latest/meta-data/iam"));
        assertThat(said(fetcher(true, 10_000).fetch(url("public.test", "/start")))).contains("link-local");
        assertThat(server.takeRequest(1, TimeUnit.SECONDS).getTarget()).isEqualTo("/start");
        assertThat(server.getRequestCount()).isEqualTo(1);

        for (int i = 0; i < 4; i++) {
            redirect("/hop" + i);
        }
        assertThat(said(fetcher(true, 10_000).fetch(url("public.test", "/loop")))).contains("more than 3");

        redirect("/final.png");
        image(png, Map.of());
        assertThat(fetcher(true, 10_000).fetch(url("public.test", "/one-hop"))).isInstanceOf(SafeImageFetcher.Result.Fetched.class);
    }

    @Test
    void theSizeLimitHoldsWhileStreamingEvenWithoutContentLength() {
        server.enqueue(new MockResponse.Builder().code(200).chunkedBody(new Buffer().write(new byte[50_000]), 1024).build());
        assertThat(said(fetcher(true, 10_000).fetch(url("public.test", "/huge")))).contains("larger than");
        image(new byte[20_000], Map.of("Content-Length", "20000"));
        assertThat(said(fetcher(true, 10_000).fetch(url("public.test", "/declared")))).contains("larger than");
    }

    @Test
    void contentIsSniffedNotTrustedFromHeaders() {
        image("<html>not an image</html>".getBytes(), Map.of("Content-Type", "image/png"));
        assertThat(said(fetcher(true, 10_000).fetch(url("public.test", "/fake.png")))).contains("not an image");
        image("<svg xmlns='http://www.w3.org/2000/svg'/>".getBytes(), Map.of("Content-Type", "image/svg+xml"));
        assertThat(said(fetcher(true, 10_000).fetch(url("public.test", "/a.svg")))).contains("not an image");
    }

    @Test
    void numericHostsInUnusualSpellingsAreRefusedWithoutAskingDns() {
        SafeImageFetcher fetcher = new SafeImageFetcher(new OkHttpClient(), host -> {
            throw new AssertionError("DNS asked for " + host);
        }, testPolicy, true, 10_000, Duration.ofSeconds(2));
        for (String host : List.of("2130706433", "0x7f000001", "0177.0.0.1", "127.1", "0x7f.0.0.1")) {
            assertThat(said(fetcher.fetch("https://" + host + "/a.png"))).as(host).contains("unusual way");
        }
    }

    @Test
    void aServerThatHangsHitsTheDeadline() {
        server.enqueue(new MockResponse.Builder().code(200).headersDelay(5, TimeUnit.SECONDS).body("x").build());
        SafeImageFetcher fetcher = new SafeImageFetcher(new OkHttpClient(), dns, testPolicy, true, 10_000, Duration.ofMillis(300));
        assertThat(said(fetcher.fetch(url("public.test", "/slow")))).contains("took too long");
    }
}
