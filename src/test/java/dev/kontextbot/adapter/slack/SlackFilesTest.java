package dev.kontextbot.adapter.slack;

import dev.kontextbot.adapter.fetch.TwoHosts;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.kontextbot.adapter.words.TestWords.ENGLISH;

/**
 * url_private downloads against a loopback fake standing in for the configured API host (SLACK_API_URL): the bot
 * token goes with every hop, so a redirect to any other host is refused before that host is asked for anything.
 */
class SlackFilesTest {
    static final String TOKEN = "xoxb-0000000000-test-token";
    TwoHosts hosts;
    SlackFiles files;

    @BeforeEach
    void start() throws IOException {
        hosts = new TwoHosts();
        String apiUrl = hosts.onApi("/api/");
        SlackSettings settings = new SlackSettings(TOKEN, "", "", SlackSettings.Mode.SOCKET, apiUrl,
                Set.of("files.slack.com", "127.0.0.1"), 10_000, 1);
        files = new SlackFiles(TwoHosts.platformGet(settings.fileHosts(), apiUrl), settings);
    }

    @AfterEach
    void stop() {
        hosts.close();
    }

    @Test
    void aRedirectToAnotherHostIsRefusedAndTheTokenStaysHome() throws InterruptedException {
        hosts.redirect("http://localhost:" + hosts.elsewhere.getPort() + "/grab");
        hosts.elsewhere.enqueue(new MockResponse.Builder().code(200).body("x").build());

        SlackFiles.Download download = files.download(ENGLISH, hosts.onApi("/files-pri/T1-F1/a.png"));

        assertThat(download.bytes()).isEmpty();
        assertThat(download.problem()).isEqualTo("That file is not stored on Slack, so I can't fetch it.");
        assertThat(hosts.api.takeRequest(1, TimeUnit.SECONDS).getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(hosts.elsewhere.getRequestCount()).isZero();
    }

    @Test
    void aRedirectToSlacksFileHostOverPlainHttpIsRefused() {
        hosts.redirect("http://files.slack.com/files-pri/T1-F1/a.png");

        assertThat(files.download(ENGLISH, hosts.onApi("/files-pri/T1-F1/a.png")).problem()).contains("not stored on Slack");
        assertThat(files.download(ENGLISH, "https://files.slack.com.evil.example/a.png").problem()).contains("not stored on Slack");
        assertThat(hosts.api.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aRedirectWithinTheApiHostIsFollowedWithTheToken() throws InterruptedException {
        hosts.redirect("/files-pri/T1-F1/moved.png");
        hosts.api.enqueue(new MockResponse.Builder().code(200).body("png-bytes").build());

        SlackFiles.Download download = files.download(ENGLISH, hosts.onApi("/files-pri/T1-F1/a.png"));

        assertThat(download.bytes()).hasValueSatisfying(b -> assertThat(new String(b)).isEqualTo("png-bytes"));
        hosts.api.takeRequest(1, TimeUnit.SECONDS);
        assertThat(hosts.api.takeRequest(1, TimeUnit.SECONDS).getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
    }
}
