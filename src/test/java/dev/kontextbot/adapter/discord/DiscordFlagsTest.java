package dev.kontextbot.adapter.discord;

import dev.kontextbot.testing.Await;
import dev.kontextbot.adapter.discord.fake.FakeChannel;
import dev.kontextbot.adapter.discord.fake.FakeDiscord;
import dev.kontextbot.adapter.discord.fake.FakeFile;
import dev.kontextbot.adapter.discord.fake.SentInteraction;
import dev.kontextbot.adapter.discord.fake.StoredMessage;
import dev.kontextbot.engine.SessionSnapshot;
import dev.kontextbot.engine.model.AspectRatio;
import dev.kontextbot.engine.model.OutputFormat;
import dev.kontextbot.engine.model.Session;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.testing.TestImages;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Flags written in the instruction, over the real JDA client against the loopback Discord, on the offline editor: in
 * the slash command's prompt and in thread replies; the part the editor cannot do is named in the turn's message.
 */
class DiscordFlagsTest extends DiscordBotTest {
    @Test
    void flagsInTheSlashPromptAndInRepliesBecomeTheTurnsParametersAndBadOnesAreNamed() throws IOException {
        byte[] photo = TestImages.encode(TestImages.drawn(96, 64, (x, y) -> (x * 2) << 16 | (y * 3) << 8 | 90), "png");
        discord.slashCommand(discord.general(), discord.alice(), "kontext", "edit",
                Map.of("prompt", "make it sepia and put a hat on the cat --ar 16:9 --seed 42", "image", FakeFile.png("photo.png", photo)));
        discord.awaitCall("POST", "channels/" + discord.general().id() + "/messages/\\d+/threads");
        FakeChannel thread = discord.threads().get(0);
        Session session = bot.session(thread);

        Turn first = bot.settled(session.id(), 1).turns().get(0).turn();
        assertThat(first.prompt()).isEqualTo("make it sepia and put a hat on the cat");
        assertThat(first.params().aspectRatio()).isEqualTo(AspectRatio.LANDSCAPE_16_9);
        assertThat(first.params().seed()).isEqualTo(42);
        StoredMessage shown = bot.doneMessageOf(thread, first.id());
        assertThat(shown.content()).contains("⚠️ Not done: “put a hat on the cat”. The offline editor only knows").contains("seed 42");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(discord.attachmentBytes(shown.attachments().get(0).path("id").asText())));
        assertThat(image.getWidth() * 9).isEqualTo(image.getHeight() * 16);

        // A phone turns "--" into an em dash.
        discord.messageCreate(thread, discord.bob(), "mirror \u2014n 2 \u2014png");
        SessionSnapshot two = bot.settled(session.id(), 2);
        Turn second = two.turns().get(1).turn();
        assertThat(second.prompt()).isEqualTo("mirror");
        assertThat(second.params().numImages()).isEqualTo(2);
        assertThat(second.params().outputFormat()).isEqualTo(OutputFormat.PNG);
        assertThat(second.shortfall()).isEmpty();
        assertThat(bot.doneMessageOf(thread, second.id()).attachmentFilenames())
                .containsExactly("kontext-" + second.id() + "-1.png", "kontext-" + second.id() + "-2.png");

        discord.messageCreate(thread, discord.bob(), "invert --ar 21:9");
        Await.until(() -> discord.messages(thread).stream().anyMatch(m -> m.content().startsWith("--ar 21:9: the aspect ratio must be one of")),
                "the refusal naming the flag");
        assertThat(bot.engine().snapshot(session.id()).turns()).as("no turn for a refused flag").hasSize(2);
    }

    @Test
    void aBadFlagInTheSlashPromptIsAnsweredPrivatelyAndOpensNoThread() {
        SentInteraction edit = discord.slashCommand(discord.general(), discord.alice(), "kontext", "new",
                Map.of("prompt", "a lighthouse --model flux-9"));

        assertThat(bot.answer(edit)).startsWith("There is no model 'flux-9' here; the models are kontext-pro, kontext-max, flux-2-pro");
        assertThat(discord.threads()).isEmpty();
    }
}
