package dev.kontextbot.adapter.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kontextbot.adapter.chat.ChatServices;
import dev.kontextbot.adapter.chat.commands.ChatCommand;
import dev.kontextbot.adapter.chat.commands.ChatReply;
import dev.kontextbot.adapter.chat.commands.ChatRequest;
import dev.kontextbot.adapter.chat.commands.Command;
import dev.kontextbot.adapter.chat.commands.CommandCatalogue;
import dev.kontextbot.adapter.chat.commands.Surface;
import dev.kontextbot.adapter.discord.fake.FakeDiscord;
import dev.kontextbot.adapter.discord.fake.SentInteraction;
import dev.kontextbot.adapter.discord.fake.StoredMessage;
import dev.kontextbot.adapter.words.Languages;
import dev.kontextbot.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Adding a command that answers the same everywhere is its catalogue entry (with its words) and its handler: the
 * whole bot, on Discord and Slack at once, offers and answers a command only this test knows, with no other code.
 */
class AddingACommandTest {
    /** Discord's interaction callback types: a reply with the acknowledgement, and a deferred "thinking…". */
    private static final int REPLY = 4;
    private static final int DEFERRED = 5;

    @TempDir
    Path dir;
    FakeDiscord discord;
    SlackTestApp bot;

    /** The whole handler of the added command: who is answered where, in their language. */
    static final class PingCommand implements ChatCommand {
        PingCommand(ChatServices core) {
        }

        @Override
        public ChatReply answer(ChatRequest request) {
            return new ChatReply(request.words().say("test.ping.pong", "tenant", request.tenant(),
                    "surface", request.surface().bold(request.surface().name().toLowerCase(Locale.ROOT))));
        }
    }

    @AfterEach
    void stop() {
        if (bot != null) {
            bot.close();
        }
        if (discord != null) {
            discord.close();
        }
    }

    /** The bot on Discord and Slack with the catalogue and one more command, {@code /kontext ping}, answered by {@code handler}. */
    private void start(ChatCommand.Factory handler) throws IOException {
        discord = FakeDiscord.start();
        discord.speaks(discord.alice(), "de");
        Command ping = new Command("ping", "ping", Set.of(Surface.DISCORD, Surface.SLACK), List.of(), List.of()).answeredBy(handler);
        bot = new SlackTestApp(dir, "discord:\n  gateway-compression: false\n", Map.of("KONTEXT_PROVIDER", "offline",
                "DISCORD_TOKEN", FakeDiscord.TOKEN, "DISCORD_API_URL", discord.restBaseUrl()), java.util.function.UnaryOperator.identity(),
                new CommandCatalogue(List.of(ping)), Languages.load(List.of("words/added-command")));
    }

    @Test
    void discordAndSlackOfferAndAnswerACommandOnlyTheCatalogueAndItsHandlerKnow() throws Exception {
        start(PingCommand::new);

        JsonNode kontext = discord.registeredCommands(null).stream().filter(c -> c.get("name").asText().equals("kontext")).findFirst().orElseThrow();
        JsonNode registered = StreamSupport.stream(kontext.get("options").spliterator(), false)
                .filter(o -> o.get("name").asText().equals("ping")).findFirst().orElseThrow();
        assertThat(registered.get("description").asText()).isEqualTo("Checks that the bot answers");
        assertThat(registered.at("/name_localizations/de").asText()).isEqualTo("klingeln");

        SentInteraction fromBob = discord.slashCommand(discord.general(), discord.bob(), "kontext", "ping", Map.of());
        var answer = discord.awaitCallback(fromBob);
        assertThat(answer.at("/type").asInt()).as("answered with the acknowledgement").isEqualTo(REPLY);
        assertThat(answer.at("/data/content").asText()).isEqualTo("Pong, " + discord.guild().id() + " (**discord**)");
        SentInteraction fromAlice = discord.slashCommand(discord.general(), discord.alice(), "kontext", "ping", Map.of());
        assertThat(discord.awaitCallback(fromAlice).at("/data/content").asText()).startsWith("Pong auf Deutsch");

        assertThat(text(bot.command("U1", "ping"))).isEqualTo("Pong, " + FakeSlack.TEAM + " (*slack*)");

        SentInteraction help = discord.slashCommand(discord.general(), discord.bob(), "kontext", "help", Map.of());
        assertThat(discord.awaitCallback(help).at("/data/content").asText()).contains("`/kontext ping` — Checks that the bot answers.");
        assertThat(text(bot.command("U1", "help"))).contains("`/kontext ping` — Checks that the bot answers.");
    }

    @Test
    void anAnswerThatTakesLongerThanTheAcknowledgementMayWaitComesAfterIt() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        start(core -> request -> {
            try {
                // Held until both surfaces have acknowledged: the answer is late on each, whatever the machine's speed.
                assertThat(release.await(Await.PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new PingCommand(core).answer(request);
        });

        SentInteraction fromBob = discord.slashCommand(discord.general(), discord.bob(), "kontext", "ping", Map.of());
        assertThat(discord.awaitCallback(fromBob).at("/type").asInt()).as("a private thinking…").isEqualTo(DEFERRED);
        SlackTestApp.Answer ack = bot.command("U1", "ping");
        assertThat(ack.status()).isEqualTo(200);
        assertThat(ack.body()).doesNotContain("Pong");
        release.countDown();

        Await.until(() -> {
            StoredMessage original = discord.originalResponse(fromBob);
            return original != null && !original.isLoading() && original.content().equals("Pong, " + discord.guild().id() + " (**discord**)");
        }, "the late answer in place of Discord's thinking…");
        FakeSlack.Call late = Await.value(() -> bot.slack.calls("response").stream().findFirst().orElse(null), call -> call != null,
                "the late answer through Slack's response_url", Await.PATIENCE, java.time.Duration.ofMillis(50));
        assertThat(late.json("json").get("text").asText()).isEqualTo("Pong, " + FakeSlack.TEAM + " (*slack*)");
    }

    private static String text(SlackTestApp.Answer answer) throws IOException {
        assertThat(answer.status()).isEqualTo(200);
        return new ObjectMapper().readTree(answer.body()).get("text").asText();
    }
}
