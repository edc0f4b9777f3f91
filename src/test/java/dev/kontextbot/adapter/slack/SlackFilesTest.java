package dev.kontextbot.adapter.slack;

import dev.kontextbot.adapter.fetch.AddressPolicy;
import dev.kontextbot.adapter.fetch.GuardedGet;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.Dns;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * url_private downloads against a loopback fake standing in for the configured API host (SLACK_API_URL): the bot
 * token goes with every hop, so a redirect to any other host is refused before that host is asked for anything.
 */
class SlackFilesTest {
    static final String TOKEN = "xoxb-0000000000-test-token";
    final MockWebServer api = new MockWebServer();
    final MockWebServer elsewhere = new MockWebServer();
    SlackFiles files;

    @BeforeEach
    void start() throws IOException {
        api.start(InetAddress.getByName("127.0.0.1"), 0);
        elsewhere.start(InetAddress.getByName("127.0.0.1"), 0);
        String apiUrl = "http://127.0.0.1:" + api.getPort() + "/api/";
        SlackSettings settings = new SlackSettings(TOKEN, "", "", SlackSettings.Mode.SOCKET, apiUrl,
                Set.of("files.slack.com", "127.0.0.1"), 10_000, 1);
        files = new SlackFiles(new GuardedGet(new OkHttpClient(), Dns.SYSTEM, new AddressPolicy(),
                GuardedGet.Reach.platform(settings.fileHosts(), apiUrl)), settings);
    }

    @AfterEach
    void stop() {
        api.close();
        elsewhere.close();
    }

    private String file(String path) {
        return "http://127.0.0.1:" + api.getPort() + path;
    }

    @Test
    void aRedirectToAnotherHostIsRefusedAndTheTokenStaysHome() throws InterruptedException {
        api.enqueue(new MockResponse.Builder().code(302).addHeader("Location", "http://localhost:" + elsewhere.getPort() + "/grab").build());
        elsewhere.enqueue(new MockResponse.Builder().code(200).body("x").build());

        SlackFiles.Download download = files.download(file("/files-pri/T1-F1/a.png"));

        assertThat(download.bytes()).isEmpty();
        assertThat(download.problem()).isEqualTo("That file is not stored on Slack, so I can't fetch it.");
        assertThat(api.takeRequest(1, TimeUnit.SECONDS).getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(elsewhere.getRequestCount()).isZero();
    }

    @Test
    void aRedirectToSlacksFileHostOverPlainHttpIsRefused() {
        api.enqueue(new MockResponse.Builder().code(302).addHeader("Location", "http://files.slack.com/files-pri/T1-F1/a.png").build());

        assertThat(files.download(file("/files-pri/T1-F1/a.png")).problem()).contains("not stored on Slack");
        assertThat(files.download("https://files.slack.com.evil.example/a.png").problem()).contains("not stored on Slack");
        assertThat(api.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aRedirectWithinTheApiHostIsFollowedWithTheToken() throws InterruptedException {
        api.enqueue(new MockResponse.Builder().code(302).addHeader("Location", "/files-pri/T1-F1/moved.png").build());
        api.enqueue(new MockResponse.Builder().code(200).body("png-bytes").build());

        SlackFiles.Download download = files.download(file("/files-pri/T1-F1/a.png"));

        assertThat(download.bytes()).hasValueSatisfying(b -> assertThat(new String(b)).isEqualTo("png-bytes"));
        api.takeRequest(1, TimeUnit.SECONDS);
        assertThat(api.takeRequest(1, TimeUnit.SECONDS).getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
    }
}
