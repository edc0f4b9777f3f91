package dev.kontextbot.adapter.discord;

import dev.kontextbot.testing.Await;
import dev.kontextbot.adapter.discord.fake.FakeChannel;
import dev.kontextbot.adapter.discord.fake.FakeDiscord;
import dev.kontextbot.adapter.discord.fake.FakeFile;
import dev.kontextbot.adapter.discord.fake.SentInteraction;
import dev.kontextbot.adapter.discord.fake.StoredMessage;
import dev.kontextbot.engine.SessionSnapshot;
import dev.kontextbot.engine.model.Session;
import dev.kontextbot.testing.SeveralImages;
import dev.kontextbot.testing.TestImages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Turns with several images on Discord, end to end: the bot on a loopback FakeDiscord with a provider that takes four. */
class DiscordReferencesTest {
    @TempDir
    Path dir;
    FakeDiscord discord;
    DiscordTestApp bot;
    final AtomicReference<SeveralImages> provider = new AtomicReference<>();

    private void start(int maxImages) {
        discord = FakeDiscord.start();
        bot = new DiscordTestApp(dir, discord, "", Map.of(), configured -> {
            provider.set(new SeveralImages(configured, maxImages));
            return provider.get();
        });
    }

    @AfterEach
    void stop() {
        if (bot != null) {
            bot.close();
        }
    }

    private static byte[] picture(int rgb) {
        return TestImages.encode(TestImages.drawn(64, 48, (x, y) -> rgb + x * 3 + y), "png");
    }

    private Session started(SentInteraction command) {
        String answer = bot.answer(command);
        assertThat(answer).startsWith("Started in <#");
        return bot.session(discord.thread(answer.substring("Started in <#".length(), answer.indexOf('>'))));
    }

    @Test
    void editWithImageAndImage2AndAThreadReplyWithTwoAttachmentsSendTheImagesInOrder() throws java.io.IOException {
        start(4);
        byte[] photo = picture(0x336699);
        byte[] hat = picture(0xcc8844);
        byte[] coat = picture(0x44cc88);
        byte[] scarf = picture(0x8844cc);

        Session session = started(discord.slashCommand(discord.general(), discord.alice(), "kontext", "edit",
                Map.of("prompt", "put image 2 in the corner", "image", FakeFile.png("photo.png", photo), "image2", FakeFile.png("hat.png", hat))));
        SessionSnapshot first = bot.settled(session.id(), 1);
        FakeChannel thread = discord.thread(first.session().conversation().thread());
        long firstTurn = first.turns().get(0).turn().id();
        StoredMessage shown = bot.doneMessageOf(thread, firstTurn);

        assertThat(provider.get().imagesOf(0)).containsExactly(photo, hat);
        assertThat(shown.content()).contains("Image 1 is the current picture; image 2 is the one you attached.");
        byte[] head = readHead(session.id());
        // The offline editor put image 2 in the bottom-right corner (a quarter as wide, 3 px in): the hat's red is there.
        java.awt.image.BufferedImage edited = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(head));
        assertThat(edited.getRGB(53, 39) >> 16 & 0xff).as("red inside the inset").isGreaterThan(160);
        assertThat(edited.getRGB(10, 10) >> 16 & 0xff).as("red of the photo").isLessThan(100);

        discord.messageCreate(thread, discord.alice(), "put image 2 in the corner",
                FakeFile.png("coat.png", coat), FakeFile.png("scarf.png", scarf));
        SessionSnapshot second = bot.settled(session.id(), 2);

        assertThat(provider.get().imagesOf(1)).containsExactly(head, coat, scarf);
        assertThat(second.turns().get(1).turn().references()).hasSize(2);
        assertThat(second.turns().get(1).turn().parent()).isEqualTo(first.turns().get(0).variants().get(0).context());
        long secondTurn = second.turns().get(1).turn().id();
        SentInteraction info = discord.button(thread, discord.bob(), bot.doneMessageOf(thread, secondTurn).id(),
                new dev.kontextbot.adapter.discord.ComponentId("info", session.id(), secondTurn, 0).encode());
        assertThat(bot.answer(info)).contains("· with image 2, image 3 ·")
                .contains("lineage: source → turn 1 #1 (with image 2) → turn 2 (with image 2, image 3)");
    }

    @Test
    void editWithKontextOnAMessageWithTwoImagesUsesTheSecondAsImage2() {
        start(4);
        byte[] one = picture(0x102030);
        byte[] two = picture(0x302010);
        StoredMessage photos = discord.messageCreate(discord.general(), discord.alice(), "these two",
                FakeFile.png("one.png", one), FakeFile.png("two.png", two));
        discord.awaitCallback(discord.messageContextCommand(discord.general(), discord.bob(), "Edit with Kontext", photos.id()));

        Session session = started(discord.modalSubmit(discord.general(), discord.bob(), "kx-edit:" + discord.general().id() + ":" + photos.id(),
                Map.of("prompt", "side by side")));
        bot.settled(session.id(), 1);

        assertThat(provider.get().imagesOf(0)).containsExactly(one, two);
    }

    @Test
    void aProviderThatTakesOneImageRefusesAReplyWithAnAttachmentWhereThePersonIs() {
        start(1);
        Session session = started(discord.slashCommand(discord.general(), discord.alice(), "kontext", "edit",
                Map.of("prompt", "sepia", "image", FakeFile.png("photo.png", picture(0x224466)))));
        SessionSnapshot first = bot.settled(session.id(), 1);
        FakeChannel thread = discord.thread(first.session().conversation().thread());

        StoredMessage reply = discord.messageCreate(thread, discord.alice(), "put image 2 in the corner", FakeFile.png("hat.png", picture(0x884422)));

        Await.until(() -> discord.messages(thread).stream()
                .anyMatch(m -> m.content().contains("This provider takes one image per turn; this one has 2.")), "the refusal in the thread");
        assertThat(bot.engine().snapshot(session.id()).turns()).hasSize(1);
        assertThat(provider.get().requests()).hasSize(1);
        assertThat(reply.id()).isNotBlank();
    }

    /** The head's bytes as the image store keeps them (under the data directory, by sha-256). */
    private byte[] readHead(long sessionId) {
        String sha = bot.engine().session(sessionId).head().sha256();
        try {
            return java.nio.file.Files.readAllBytes(dir.resolve("images").resolve(sha.substring(0, 2)).resolve(sha.substring(2, 4)).resolve(sha));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
