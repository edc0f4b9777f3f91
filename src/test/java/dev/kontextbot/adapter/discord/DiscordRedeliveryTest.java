package dev.kontextbot.adapter.discord;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kontextbot.adapter.discord.fake.FakeDiscord;
import dev.kontextbot.adapter.discord.fake.FakeFile;
import dev.kontextbot.adapter.discord.fake.GatewayEvent;
import dev.kontextbot.adapter.discord.fake.SentInteraction;
import dev.kontextbot.engine.model.Session;
import dev.kontextbot.testing.CapturedLogs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Discord delivers an interaction again (a resumed gateway replays it, or it reaches two instances): only the first
 * delivery does anything, and the copy is neither acknowledged a second time nor logged as an error.
 */
class DiscordRedeliveryTest extends DiscordBotTest {
    final CapturedLogs log = CapturedLogs.root();

    @AfterEach
    void stop() {
        log.close();
    }

    private ObjectNode payloadOf(SentInteraction interaction) {
        return (ObjectNode) discord.dispatchedEvents().stream().filter(e -> e.type().equals("INTERACTION_CREATE"))
                .map(GatewayEvent::payload).filter(p -> p.get("id").asText().equals(interaction.id())).findFirst().orElseThrow();
    }

    /**
     * Waits until the bot has handled the copy of {@code interaction}: a later interaction on the same gateway connection is
     * handled after it, so its answer means the copy was seen.
     */
    private void awaitCopySeen(SentInteraction interaction) {
        bot.answer(discord.slashCommand(discord.general(), discord.carol(), "kontext", "usage", Map.of()));
    }

    private boolean loggedAsCopy(SentInteraction interaction) {
        return log.events().stream().anyMatch(e -> e.getLevel() == Level.INFO
                && e.getFormattedMessage().contains("interaction " + interaction.id() + " was delivered again"));
    }

    private long acknowledgements(SentInteraction interaction) {
        return discord.calls().stream().filter(c -> c.path().startsWith(interaction.callbackPath())).count();
    }

    private java.util.List<ILoggingEvent> errors() {
        return log.atLeast(Level.ERROR);
    }

    @Test
    void aSlashCommandDeliveredTwiceAtOnceOpensOneThreadWithOneStarterMessage() {
        SentInteraction command = discord.slashCommand(discord.general(), discord.alice(), "kontext", "edit",
                Map.of("prompt", "grayscale", "image", FakeFile.png("p.png", DiscordCommandsTest.PHOTO)));
        discord.dispatch("INTERACTION_CREATE", payloadOf(command).deepCopy());

        String answer = bot.answer(command);
        awaitCopySeen(command);

        assertThat(answer).startsWith("Started in <#");
        Session session = bot.session(discord.thread(answer.substring("Started in <#".length(), answer.indexOf('>'))));
        bot.settled(session.id(), 1);
        assertThat(discord.threads()).hasSize(1);
        assertThat(discord.messages(discord.general())).as("one starter message").filteredOn(m -> m.content().contains("started a session"))
                .hasSize(1);
        assertThat(acknowledgements(command)).as("acknowledged once").isEqualTo(1);
        assertThat(bot.engine().recentSessions(DiscordBot.PLATFORM, discord.guild().id(), discord.general().id(), 10)).hasSize(1);
        assertThat(errors()).isEmpty();
        assertThat(loggedAsCopy(command)).isTrue();
    }

    @Test
    void aButtonPressDeliveredTwiceIsAnsweredOnce() {
        SentInteraction command = discord.slashCommand(discord.general(), discord.alice(), "kontext", "new", Map.of("prompt", "a red fox"));
        String answer = bot.answer(command);
        Session session = bot.session(discord.thread(answer.substring("Started in <#".length(), answer.indexOf('>'))));
        long turn = bot.settled(session.id(), 1).turns().get(0).turn().id();
        var thread = discord.thread(session.conversation().thread());
        var message = bot.doneMessageOf(thread, turn);

        SentInteraction info = discord.button(thread, discord.bob(), message.id(), new ComponentId("info", session.id(), turn, 0).encode());
        discord.dispatch("INTERACTION_CREATE", payloadOf(info).deepCopy());

        assertThat(bot.answer(info)).contains("a red fox");
        awaitCopySeen(info);
        assertThat(acknowledgements(info)).isEqualTo(1);
        assertThat(errors()).isEmpty();
        assertThat(loggedAsCopy(info)).isTrue();
    }
}
