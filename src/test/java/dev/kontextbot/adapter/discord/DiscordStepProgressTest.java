package dev.kontextbot.adapter.discord;

import dev.kontextbot.testing.Await;
import dev.kontextbot.adapter.discord.fake.FakeChannel;
import dev.kontextbot.adapter.discord.fake.FakeDiscord;
import dev.kontextbot.adapter.discord.fake.FakeFile;
import dev.kontextbot.adapter.discord.fake.RecordedCall;
import dev.kontextbot.engine.model.Session;
import dev.kontextbot.provider.comfyui.FakeComfyUi;
import dev.kontextbot.testing.ArrivalTimes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 20-step run on the loopback ComfyUI shows its percent in the turn's Discord message, edited no more often than
 * the announcer's interval (5 s; Discord allows about 5 edits per 5 s per channel).
 */
class DiscordStepProgressTest {
    @TempDir
    Path dir;
    FakeComfyUi comfy;
    DiscordTestApp bot;

    @AfterEach
    void stop() {
        if (bot != null) {
            bot.close();
        }
        if (comfy != null) {
            comfy.close();
        }
    }

    @Test
    void aTwentyStepRunShowsItsPercentWithoutEditingFasterThanTheInterval() throws Exception {
        comfy = new FakeComfyUi();
        comfy.autoPause = Duration.ofMillis(400);
        comfy.autoRun(20);
        FakeDiscord discord = FakeDiscord.start();
        bot = new DiscordTestApp(dir, discord, "engine:\n  poll-interval: 50ms\ndefaults:\n  model: kontext-dev\n",
                Map.of("KONTEXT_PROVIDER", "comfyui", "COMFYUI_URL", comfy.base()));
        try (ArrivalTimes<RecordedCall> edits = new ArrivalTimes<>(() -> discord.calls().stream().filter(c -> c.method().equals("PATCH")).toList())) {
            discord.slashCommand(discord.general(), discord.alice(), "kontext", "edit",
                    Map.of("prompt", "make the jacket red", "image", FakeFile.png("p.png", DiscordProgressTest.PHOTO)));
            discord.awaitCall("POST", "channels/" + discord.general().id() + "/messages/\\d+/threads");
            FakeChannel thread = discord.threads().get(0);
            Session session = bot.session(thread);
            long turn = bot.settled(session.id(), 1).turns().get(0).turn().id();
            String messageId = bot.doneMessageOf(thread, turn).id();
            Await.until(() -> edits.arrivals().stream().anyMatch(a -> a.item().json().path("content").asText().startsWith("✅")), "the result's edit");

            List<ArrivalTimes.Arrival<RecordedCall>> ofTurn = edits.arrivals().stream()
                    .filter(a -> a.item().path().equals("channels/" + thread.id() + "/messages/" + messageId)).toList();
            List<ArrivalTimes.Arrival<RecordedCall>> progress = ofTurn.stream()
                    .filter(a -> a.item().json().path("content").asText().startsWith("🎨")).toList();
            assertThat(progress).extracting(a -> a.item().json().path("content").asText())
                    .anyMatch(text -> text.matches("(?s)🎨 \\*\\*Generating \\d{1,3}% \\(\\d{1,2}/20 steps\\)….*"));
            // Seen where Discord receives them: the interval less what delivering one took longer than the other.
            for (int i = 1; i < progress.size(); i++) {
                assertThat(Duration.ofNanos(progress.get(i).nanos() - progress.get(i - 1).nanos()))
                        .isGreaterThanOrEqualTo(Duration.ofMillis(4_500));
            }
            for (ArrivalTimes.Arrival<RecordedCall> first : ofTurn) {
                long inFiveSeconds = ofTurn.stream().filter(a -> a.nanos() >= first.nanos() && a.nanos() - first.nanos() < 5_000_000_000L).count();
                assertThat(inFiveSeconds).isLessThanOrEqualTo(5);
            }
        }
    }
}
