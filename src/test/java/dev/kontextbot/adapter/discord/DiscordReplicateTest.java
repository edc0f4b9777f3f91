package dev.kontextbot.adapter.discord;

import dev.kontextbot.adapter.discord.fake.FakeChannel;
import dev.kontextbot.adapter.discord.fake.FakeDiscord;
import dev.kontextbot.adapter.discord.fake.FakeFile;
import dev.kontextbot.adapter.discord.fake.StoredMessage;
import dev.kontextbot.engine.model.Session;
import dev.kontextbot.provider.http.FakeReplicate;
import dev.kontextbot.provider.http.FakeService;
import dev.kontextbot.testing.TestImages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A FLUX.2 [pro] turn at a loopback Replicate, whose default output is WebP, shown in Discord as the WebP it is. */
class DiscordReplicateTest {
    static final byte[] PHOTO = TestImages.encode(TestImages.drawn(40, 30, (x, y) -> 0x336699 + x), "png");

    @TempDir
    Path dir;
    FakeService server;
    FakeDiscord discord;
    DiscordTestApp bot;

    @AfterEach
    void stop() {
        if (bot != null) {
            bot.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aWebpResultFromReplicatesFlux2ReachesTheThreadAsAWebpFile() throws Exception {
        byte[] webp = getClass().getResourceAsStream("/images/noise-400x300.webp").readAllBytes();
        server = new FakeService();
        FakeReplicate replicate = new FakeReplicate(FakeService.API_KEY);
        replicate.base = server.base();
        replicate.outputBytes = webp;
        server.server.setDispatcher(replicate);
        discord = FakeDiscord.start();
        bot = new DiscordTestApp(dir, discord, "engine:\n  poll-interval: 50ms\n", Map.of("KONTEXT_PROVIDER", "replicate",
                "REPLICATE_API_TOKEN", FakeService.API_KEY, "REPLICATE_BASE_URL", server.base()));

        discord.slashCommand(discord.general(), discord.alice(), "kontext", "edit", Map.of("prompt", "make the jacket red",
                "image", FakeFile.png("p.png", PHOTO), "model", "flux-2-pro", CommandOptions.FORMAT, "webp"));
        discord.awaitCall("POST", "channels/" + discord.general().id() + "/messages/\\d+/threads");
        FakeChannel thread = discord.threads().get(0);
        Session session = bot.session(thread);
        long turn = bot.settled(session.id(), 1).turns().get(0).turn().id();

        StoredMessage done = bot.doneMessageOf(thread, turn);

        assertThat(done.attachmentFilenames()).singleElement().asString().endsWith(".webp");
        assertThat(replicate.createPaths).containsExactly("/v1/models/black-forest-labs/flux-2-pro/predictions");
        assertThat(replicate.inputs.get(0).get("output_format").asText()).isEqualTo("webp");
    }
}
