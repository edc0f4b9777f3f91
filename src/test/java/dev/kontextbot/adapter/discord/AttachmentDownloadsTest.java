package dev.kontextbot.adapter.discord;

import dev.kontextbot.adapter.fetch.TwoHosts;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.kontextbot.adapter.words.TestWords.ENGLISH;

/**
 * Attachment downloads against a loopback fake standing in for the configured API host (DISCORD_API_URL, as tests
 * and proxies use): a redirect to any other host is refused before that host is asked for anything, and other hosts
 * are reached over https only.
 */
class AttachmentDownloadsTest {
    TwoHosts hosts;
    AttachmentDownloads downloads;

    @BeforeEach
    void start() throws IOException {
        hosts = new TwoHosts();
        downloads = new AttachmentDownloads(TwoHosts.platformGet(Set.of("cdn.discordapp.com", "media.discordapp.net", "127.0.0.1"),
                hosts.onApi("/api/v10/")), 10_000);
    }

    @AfterEach
    void stop() {
        hosts.close();
    }

    @Test
    void aRedirectToAnotherHostIsRefusedWithoutAskingIt() {
        hosts.redirect("http://localhost:" + hosts.elsewhere.getPort() + "/stolen.png");
        hosts.elsewhere.enqueue(new MockResponse.Builder().code(200).body("secret").build());

        assertThat(downloads.download(ENGLISH, hosts.onApi("/attachments/1/2/a.png"), 10))
                .isEqualTo(new AttachmentDownloads.Download.Refused("That attachment is not stored on Discord, so I can't fetch it."));
        assertThat(hosts.api.getRequestCount()).isEqualTo(1);
        assertThat(hosts.elsewhere.getRequestCount()).isZero();
    }

    @Test
    void aRedirectToTheCdnOverPlainHttpOrToAnInternalAddressIsRefused() {
        hosts.redirect("http://cdn.discordapp.com/attachments/1/2/a.png");
        hosts.redirect("https://169.254.169.254/latest/meta-data/");
        hosts.redirect("https://127.0.0.1:" + hosts.elsewhere.getPort() + "/a.png");

        for (int i = 0; i < 3; i++) {
            assertThat(downloads.download(ENGLISH, hosts.onApi("/attachments/1/2/a.png"), 10))
                    .isInstanceOf(AttachmentDownloads.Download.Refused.class);
        }
        assertThat(hosts.elsewhere.getRequestCount()).isZero();
    }

    @Test
    void aRedirectWithinTheApiHostIsFollowed() {
        hosts.redirect("/attachments/1/2/moved.png");
        hosts.api.enqueue(new MockResponse.Builder().code(200).body("png-bytes").build());

        assertThat(downloads.download(ENGLISH, hosts.onApi("/attachments/1/2/a.png"), 10))
                .isInstanceOfSatisfying(AttachmentDownloads.Download.Fetched.class, f -> assertThat(new String(f.bytes())).isEqualTo("png-bytes"));
    }

    @Test
    void otherHostsAreReachedOverHttpsOnly() {
        assertThat(downloads.download(ENGLISH, "http://cdn.discordapp.com/attachments/1/2/a.png", 10))
                .isInstanceOf(AttachmentDownloads.Download.Refused.class);
        assertThat(downloads.download(ENGLISH, "https://evil.example/a.png", 10)).isInstanceOf(AttachmentDownloads.Download.Refused.class);
        assertThat(hosts.api.getRequestCount()).isZero();
    }
}
