package dev.kontextbot.adapter.discord;

import dev.kontextbot.adapter.discord.fake.FakeChannel;
import dev.kontextbot.adapter.discord.fake.FakeDiscord;
import dev.kontextbot.adapter.discord.fake.SentInteraction;
import dev.kontextbot.adapter.discord.fake.StoredMessage;
import dev.kontextbot.app.Application;
import dev.kontextbot.app.config.ConfigLoader;
import dev.kontextbot.engine.ConversationEngine;
import dev.kontextbot.engine.SessionSnapshot;
import dev.kontextbot.engine.model.Session;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import dev.kontextbot.testing.Await;


/** The whole bot, as README's run command starts it, logged in to a loopback {@link FakeDiscord} (offline editor, H2 file). */
final class DiscordTestApp implements AutoCloseable {
    final FakeDiscord discord;
    final Application app;

    DiscordTestApp(Path dir, FakeDiscord discord, String yaml) {
        this(dir, discord, yaml, Map.of());
    }

    /** {@code moreEnv}: another provider and its base URL, say. */
    DiscordTestApp(Path dir, FakeDiscord discord, String yaml, Map<String, String> moreEnv) {
        this(dir, discord, yaml, moreEnv, java.util.function.UnaryOperator.identity());
    }

    /** {@code around}: wraps the configured provider (one that records what it is sent, say). */
    DiscordTestApp(Path dir, FakeDiscord discord, String yaml, Map<String, String> moreEnv,
                   java.util.function.UnaryOperator<dev.kontextbot.engine.port.KontextProvider> around) {
        this.discord = discord;
        Map<String, String> env = new HashMap<>(Map.of("KONTEXT_DATA_DIR", dir.toString(), "KONTEXT_HTTP_PORT", "0",
                "KONTEXT_PROVIDER", "offline", "KONTEXT_CONFIG", "", "DISCORD_TOKEN", FakeDiscord.TOKEN,
                "DISCORD_API_URL", discord.restBaseUrl()));
        env.putAll(moreEnv);
        app = Application.start(new ConfigLoader(env).load("discord:\n  gateway-compression: false\n" + yaml, "test"), Application.Wiring.standard().around(around));
    }

    ConversationEngine engine() {
        return app.engine();
    }

    /** The session of a thread the bot opened. */
    Session session(FakeChannel thread) {
        var conversation = DiscordPlaces.thread(thread.guildId(), thread.parentId(), thread.id());
        Await.until(() -> engine().sessionIn(conversation).isPresent(), "the session in thread " + thread.name());
        return engine().sessionIn(conversation).orElseThrow();
    }

    SessionSnapshot settled(long sessionId, int turns) {
        Await.until(() -> {
            SessionSnapshot s = engine().snapshot(sessionId);
            return s.turns().size() == turns && s.turns().stream().allMatch(t -> t.turn().status().isFinal());
        }, turns + " finished turns");
        return engine().snapshot(sessionId);
    }

    /** The private answer a deferred interaction ended with. */
    String answer(SentInteraction interaction) {
        Await.until(() -> {
            StoredMessage original = discord.originalResponse(interaction);
            return original != null && !original.isLoading() && !original.content().isEmpty();
        }, "the answer to " + interaction.id());
        return discord.originalResponse(interaction).content();
    }

    /** The message in {@code channel} that shows a turn (its buttons name the turn). */
    StoredMessage messageOf(FakeChannel channel, long turnId) {
        String marker = ":" + turnId + ":";
        Await.until(() -> find(channel, marker).isPresent(), "the message of turn " + turnId);
        return find(channel, marker).orElseThrow();
    }

    /** The same message once it shows the finished turn (its variants attached). */
    StoredMessage doneMessageOf(FakeChannel channel, long turnId) {
        String marker = ":" + turnId + ":";
        Await.until(() -> find(channel, marker).filter(m -> m.content().startsWith("✅") && !m.attachmentFilenames().isEmpty()).isPresent(),
                "turn " + turnId + " shown with its images");
        return find(channel, marker).orElseThrow();
    }

    /** The turn's message once it shows that the turn failed (the ⚠️ of a failure). */
    StoredMessage failedMessageOf(FakeChannel channel, long turnId) {
        String marker = ":" + turnId + ":";
        Await.until(() -> find(channel, marker).filter(m -> m.content().startsWith("⚠️")).isPresent(), "turn " + turnId + " shown as failed");
        return find(channel, marker).orElseThrow();
    }

    private Optional<StoredMessage> find(FakeChannel channel, String marker) {
        return discord.messages(channel).stream().filter(m -> m.customIds().stream().anyMatch(id -> id.contains(marker))).findFirst();
    }


    @Override
    public void close() {
        app.close();
        discord.close();
    }
}
