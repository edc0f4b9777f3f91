package dev.kontextbot.adapter.slack;

import dev.kontextbot.testing.Await;
import dev.kontextbot.engine.SessionSnapshot;
import dev.kontextbot.engine.model.Session;
import dev.kontextbot.testing.SeveralImages;
import dev.kontextbot.testing.TestImages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Turns with several images on Slack, end to end: the bot in HTTP mode on FakeSlack with a provider that takes four. */
class SlackReferencesTest {
    @TempDir
    Path dir;
    SlackTestApp bot;
    final AtomicReference<SeveralImages> provider = new AtomicReference<>();

    private void start(int maxImages) throws Exception {
        bot = new SlackTestApp(dir, "", Map.of("KONTEXT_PROVIDER", "offline"), configured -> {
            provider.set(new SeveralImages(configured, maxImages));
            return provider.get();
        });
        bot.slack.files.put("hat.png", picture(0xcc8844));
        bot.slack.files.put("coat.png", picture(0x44cc88));
    }

    @AfterEach
    void stop() {
        if (bot != null) {
            bot.close();
        }
    }

    private static byte[] picture(int rgb) {
        return TestImages.encode(TestImages.drawn(40, 30, (x, y) -> rgb + x * 3 + y), "png");
    }

    private byte[] stored(String sha) throws Exception {
        return Files.readAllBytes(dir.resolve("images").resolve(sha.substring(0, 2)).resolve(sha.substring(2, 4)).resolve(sha));
    }

    @Test
    void aMentionWithTwoFilesAndAThreadReplyWithTwoFilesSendTheImagesInOrder() throws Exception {
        start(4);
        bot.withFiles(null, "1700002000.000100", "put image 2 in the corner", true, "photo.png", "hat.png");
        Session session = bot.session("1700002000.000100");
        SessionSnapshot first = bot.settled(session.id(), 1);

        assertThat(provider.get().imagesOf(0)).containsExactly(bot.slack.files.get("photo.png"), bot.slack.files.get("hat.png"));
        Await.until(() -> bot.slack.calls("chat.update").stream()
                .anyMatch(c -> c.params().getOrDefault("blocks", "").contains("image 2 is the one you attached")), "the numbered inputs");
        byte[] head = stored(bot.engine().session(session.id()).head().sha256());

        bot.withFiles("1700002000.000100", "1700002000.000300", "put image 2 in the corner", false, "coat.png", "hat.png");
        SessionSnapshot second = bot.settled(session.id(), 2);

        assertThat(provider.get().imagesOf(1)).containsExactly(head, bot.slack.files.get("coat.png"), bot.slack.files.get("hat.png"));
        assertThat(second.turns().get(1).turn().parent()).isEqualTo(first.turns().get(0).variants().get(0).context());
    }

    @Test
    void aProviderThatTakesOneImageRefusesAReplyWithAFilePrivately() throws Exception {
        start(1);
        bot.withFiles(null, "1700002100.000100", "sepia", true, "photo.png");
        Session session = bot.session("1700002100.000100");
        bot.settled(session.id(), 1);

        bot.withFiles("1700002100.000100", "1700002100.000300", "put image 2 in the corner", false, "hat.png");

        Await.until(() -> bot.slack.calls("chat.postEphemeral").stream()
                .anyMatch(c -> c.params().get("text").contains("This provider takes one image per turn; this one has 2.")), "the private refusal");
        assertThat(bot.engine().snapshot(session.id()).turns()).hasSize(1);
        assertThat(provider.get().requests()).hasSize(1);
    }
}
