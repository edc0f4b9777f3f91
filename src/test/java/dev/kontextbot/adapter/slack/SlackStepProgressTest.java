package dev.kontextbot.adapter.slack;

import dev.kontextbot.testing.Await;
import dev.kontextbot.engine.model.Session;
import dev.kontextbot.provider.comfyui.FakeComfyUi;
import dev.kontextbot.testing.ArrivalTimes;
import dev.kontextbot.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 20-step run on the loopback ComfyUI shows its percent in the turn's Slack message, updated no more often than the
 * announcer's interval (3 s: 20 a minute per message, within chat.update's tier 3 of about 50 a minute).
 */
class SlackStepProgressTest {
    @TempDir
    Path dir;

    @Test
    void aTwentyStepRunShowsItsPercentWithoutUpdatingFasterThanTheInterval() throws Exception {
        try (FakeComfyUi comfy = new FakeComfyUi()) {
            comfy.autoPause = Duration.ofMillis(350);
            comfy.autoRun(20);
            try (SlackTestApp bot = new SlackTestApp(dir, "engine:\n  poll-interval: 50ms\ndefaults:\n  model: kontext-dev\n",
                    Map.of("KONTEXT_PROVIDER", "comfyui", "COMFYUI_URL", comfy.base()));
                 ArrivalTimes<FakeSlack.Call> updates = new ArrivalTimes<>(() -> bot.slack.calls("chat.update"))) {
                bot.slack.files.put("p.png", TestImages.encode(TestImages.drawn(8, 8, (x, y) -> 0x336699), "png"));

                bot.mention("1700000900.000100", "make the jacket red", "p.png");
                Session session = bot.session("1700000900.000100");
                long turnId = bot.settled(session.id(), 1).turns().get(0).turn().id();
                String messageTs = bot.messageTsOf(turnId);
                Await.until(() -> updates.arrivals().stream().anyMatch(a -> a.item().params().getOrDefault("text", "").contains("1 variant")),
                        "the result drawn");

                List<ArrivalTimes.Arrival<FakeSlack.Call>> ofTurn = updates.arrivals().stream()
                        .filter(a -> messageTs.equals(a.item().params().get("ts"))).toList();
                List<ArrivalTimes.Arrival<FakeSlack.Call>> progress = ofTurn.stream()
                        .filter(a -> a.item().params().getOrDefault("text", "").startsWith("🎨")).toList();
                assertThat(progress).extracting(a -> a.item().params().get("text"))
                        .anyMatch(text -> text.matches("(?s)🎨 Generating \\d{1,3}% \\(\\d{1,2}/20 steps\\)….*"));
                // Seen where Slack receives them: the interval less what delivering one took longer than the other.
                for (int i = 1; i < progress.size(); i++) {
                    assertThat(Duration.ofNanos(progress.get(i).nanos() - progress.get(i - 1).nanos()))
                            .isGreaterThanOrEqualTo(Duration.ofMillis(2_500));
                }
                for (ArrivalTimes.Arrival<FakeSlack.Call> first : ofTurn) {
                    long inAMinute = ofTurn.stream().filter(a -> a.nanos() >= first.nanos() && a.nanos() - first.nanos() < 60_000_000_000L).count();
                    assertThat(inAMinute).isLessThanOrEqualTo(50);
                }
            }
        }
    }
}
