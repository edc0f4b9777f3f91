package dev.kontextbot.adapter.discord;

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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attachment downloads against a loopback fake standing in for the configured API host (DISCORD_API_URL, as tests
 * and proxies use): a redirect to any other host is refused before that host is asked for anything, and other hosts
 * are reached over https only.
 */
class AttachmentDownloadsTest {
    final MockWebServer api = new MockWebServer();
    final MockWebServer elsewhere = new MockWebServer();
    AttachmentDownloads downloads;

    @BeforeEach
    void start() throws IOException {
        api.start(InetAddress.getByName("127.0.0.1"), 0);
        elsewhere.start(InetAddress.getByName("127.0.0.1"), 0);
        String apiUrl = "http://127.0.0.1:" + api.getPort() + "/api/v10/";
        downloads = new AttachmentDownloads(new GuardedGet(new OkHttpClient(), Dns.SYSTEM, new AddressPolicy(),
                GuardedGet.Reach.platform(Set.of("cdn.discordapp.com", "media.discordapp.net", "127.0.0.1"), apiUrl)), 10_000);
    }

    @AfterEach
    void stop() {
        api.close();
        elsewhere.close();
    }

    private String attachment(String path) {
        return "http://127.0.0.1:" + api.getPort() + path;
    }

    private void redirect(String location) {
        api.enqueue(new MockResponse.Builder().code(302).addHeader("Location", location).build());
    }

    @Test
    void aRedirectToAnotherHostIsRefusedWithoutAskingIt() {
        redirect("http://localhost:" + elsewhere.getPort() + "/stolen.png");
        elsewhere.enqueue(new MockResponse.Builder().code(200).body("secret").build());

        assertThat(downloads.download(attachment("/attachments/1/2/a.png"), 10))
                .isEqualTo(new AttachmentDownloads.Download.Refused("That attachment is not stored on Discord, so I can't fetch it."));
        assertThat(api.getRequestCount()).isEqualTo(1);
        assertThat(elsewhere.getRequestCount()).isZero();
    }

    @Test
    void aRedirectToTheCdnOverPlainHttpOrToAnInternalAddressIsRefused() {
        redirect("http://cdn.discordapp.com/attachments/1/2/a.png");
        redirect("https://169.254.169.254/latest/meta-data/");
        redirect("https://127.0.0.1:" + elsewhere.getPort() + "/a.png");

        for (int i = 0; i < 3; i++) {
            assertThat(downloads.download(attachment("/attachments/1/2/a.png"), 10))
                    .isInstanceOf(AttachmentDownloads.Download.Refused.class);
        }
        assertThat(elsewhere.getRequestCount()).isZero();
    }

    @Test
    void aRedirectWithinTheApiHostIsFollowed() {
        redirect("/attachments/1/2/moved.png");
        api.enqueue(new MockResponse.Builder().code(200).body("png-bytes").build());

        assertThat(downloads.download(attachment("/attachments/1/2/a.png"), 10))
                .isInstanceOfSatisfying(AttachmentDownloads.Download.Fetched.class, f -> assertThat(new String(f.bytes())).isEqualTo("png-bytes"));
    }

    @Test
    void otherHostsAreReachedOverHttpsOnly() {
        assertThat(downloads.download("http://cdn.discordapp.com/attachments/1/2/a.png", 10))
                .isInstanceOf(AttachmentDownloads.Download.Refused.class);
        assertThat(downloads.download("https://evil.example/a.png", 10)).isInstanceOf(AttachmentDownloads.Download.Refused.class);
        assertThat(api.getRequestCount()).isZero();
    }
}
