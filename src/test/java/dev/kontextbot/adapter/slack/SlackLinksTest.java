package dev.kontextbot.adapter.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kontextbot.engine.model.Session;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.provider.http.FakeFalQueue;
import dev.kontextbot.provider.http.FakeService;
import dev.kontextbot.testing.LoopbackTls;
import dev.kontextbot.testing.TestImages;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On Slack, a mention that pastes an https link instead of sharing a file: the bot fetches the link safely and fal is
 * sent the link, not the bytes. A file shared in Slack (its url_private needs the bot token) is never offered as a URL.
 */
class SlackLinksTest {
    @TempDir
    Path dir;
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aPastedHttpsLinkIsFetchedAndFalIsSentTheLinkWhileASharedFileGoesAsBytes() throws Exception {
        LoopbackTls tls = LoopbackTls.create(dir);
        try (FakeService fal = new FakeService(); MockWebServer pictures = tls.servingPicture(TestImages.encode(TestImages.drawn(64, 48, (x, y) -> x * 977 + y * 131), "png"))) {
            FakeFalQueue queue = FakeFalQueue.servedBy(fal, 0, 0);
            String link = "https://127.0.0.1:" + pictures.getPort() + "/photo.png";
            try (SlackTestApp bot = new SlackTestApp(dir.resolve("app"), "", Map.of("KONTEXT_PROVIDER", "fal", "FAL_KEY", FakeService.API_KEY,
                    "FAL_BASE_URL", fal.base()), java.util.function.UnaryOperator.identity(), tls.links())) {
                String ts = "1700003000.000100";
                // As Slack writes a pasted link in an event's text: <url>, its brackets as entities.
                bot.event("EvLink1", "{\"type\":\"app_mention\",\"user\":\"U1\",\"text\":\"<@" + FakeSlack.BOT_USER + "> make it red &lt;" + link
                        + "&gt;\",\"ts\":\"" + ts + "\",\"channel\":\"" + SlackTestApp.CHANNEL + "\",\"event_ts\":\"" + ts + "\"}", Map.of());
                Session linked = bot.session(ts);
                Turn byLink = bot.settled(linked.id(), 1).turns().get(0).turn();

                bot.mention("1700003000.000200", "make it red", "photo.png");
                Session shared = bot.session("1700003000.000200");
                Turn byFile = bot.settled(shared.id(), 1).turns().get(0).turn();

                assertThat(queue.submitBodies).hasSize(2);
                JsonNode first = json.readTree(queue.submitBodies.get(0));
                assertThat(first.get("image_url").asText()).isEqualTo(link);
                assertThat(first.get("prompt").asText()).contains("make it red").doesNotContain("https://");
                assertThat(byLink.inputBytesSent()).isEqualTo(link.length());
                assertThat(pictures.getRequestCount()).as("the bot fetched the link once").isEqualTo(1);
                String sharedSent = json.readTree(queue.submitBodies.get(1)).get("image_url").asText();
                assertThat(sharedSent).startsWith("data:image/png;base64,").doesNotContain(bot.slack.fileUrl("photo.png"));
                assertThat(byFile.inputBytesSent()).isEqualTo(sharedSent.length());
            }
        }
    }
}
