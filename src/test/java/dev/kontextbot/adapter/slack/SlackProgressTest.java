package dev.kontextbot.adapter.slack;

import dev.kontextbot.testing.Await;
import dev.kontextbot.engine.model.Session;
import dev.kontextbot.provider.http.FakeFalQueue;
import dev.kontextbot.provider.http.FakeService;
import dev.kontextbot.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A turn on a provider that takes a few polls shows queued → generating → done in one Slack message. */
class SlackProgressTest {
    @TempDir
    Path dir;

    @Test
    void oneMessageGoesFromQueuedThroughGeneratingToTheResult() throws Exception {
        try (FakeService fal = new FakeService()) {
            FakeFalQueue queue = FakeFalQueue.servedBy(fal, 0, 3);
            try (SlackTestApp bot = new SlackTestApp(dir, "engine:\n  poll-interval: 50ms\n",
                    Map.of("KONTEXT_PROVIDER", "fal", "FAL_KEY", "fal-test-key-0123456789", "FAL_BASE_URL", fal.base()))) {
                bot.slack.files.put("p.png", TestImages.encode(TestImages.drawn(8, 8, (x, y) -> 0x336699), "png"));

                bot.mention("1700000800.000100", "make the jacket red", "p.png");
                Session session = bot.session("1700000800.000100");
                long turnId = bot.settled(session.id(), 1).turns().get(0).turn().id();
                String messageTs = bot.messageTsOf(turnId);
                Await.until(() -> bot.slack.calls("chat.update").stream()
                        .anyMatch(c -> c.params().getOrDefault("text", "").contains("1 variant")), "the result drawn");

                List<String> texts = new java.util.ArrayList<>();
                bot.slack.calls.stream()
                        .filter(c -> (c.method().equals("chat.postMessage") && "1700000800.000100".equals(c.params().get("thread_ts")))
                                || (c.method().equals("chat.update") && messageTs.equals(c.params().get("ts"))))
                        .forEach(c -> texts.add(c.params().get("text")));
                assertThat(texts.get(0)).startsWith("⏳ Queued");
                assertThat(texts.get(1)).startsWith("🎨 Generating…");
                assertThat(texts.get(texts.size() - 1)).contains("make the jacket red — 1 variant");
                assertThat(queue.submits.get()).isEqualTo(1);
                assertThat(bot.engine().turn(turnId).orElseThrow().costMicros()).isEqualTo(40_000);
            }
        }
    }
}
