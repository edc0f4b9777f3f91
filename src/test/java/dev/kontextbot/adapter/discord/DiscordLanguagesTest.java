package dev.kontextbot.adapter.discord;

import dev.kontextbot.adapter.discord.fake.FakeChannel;
import dev.kontextbot.adapter.discord.fake.FakeDiscord;
import dev.kontextbot.adapter.discord.fake.FakeFile;
import dev.kontextbot.adapter.discord.fake.SentInteraction;
import dev.kontextbot.engine.SessionSnapshot;
import dev.kontextbot.engine.model.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Each person reads their own language: replies in the interaction's locale, thread messages in the server's. */
class DiscordLanguagesTest {
    @TempDir
    Path dir;
    DiscordTestApp bot;
    FakeDiscord discord;

    @AfterEach
    void stop() {
        if (bot != null) {
            bot.close();
        }
    }

    private SentInteraction edit(String prompt) {
        return discord.slashCommand(discord.general(), discord.alice(), "kontext", "edit",
                Map.of("prompt", prompt, "image", FakeFile.png("p.png", DiscordCommandsTest.PHOTO)));
    }

    @Test
    void aGermanDiscordClientGetsGermanRepliesAndAnEnglishOneEnglish() {
        startWithAGermanAlice();

        assertThat(bot.answer(edit("sepia"))).startsWith("Gestartet in <#");
        SentInteraction fromBob = discord.slashCommand(discord.general(), discord.bob(), "kontext", "usage", Map.of());
        assertThat(bot.answer(fromBob)).contains("Spend today");
        discord.speaks(discord.bob(), "de");
        SentInteraction german = discord.slashCommand(discord.general(), discord.bob(), "kontext", "usage", Map.of());
        assertThat(bot.answer(german)).contains("Ausgaben heute").contains("dieser Server").doesNotContain("Spend today");
    }

    @Test
    void aTurnsMessageInTheThreadIsInTheServersLanguageNotTheAskers() {
        discord = FakeDiscord.start();
        discord.speaks(discord.guild(), "de");
        bot = new DiscordTestApp(dir, discord, "");

        String answer = bot.answer(edit("sepia"));
        assertThat(answer).as("alice's own client is English").startsWith("Started in <#");
        String thread = answer.substring("Started in <#".length(), answer.indexOf('>'));
        Session session = bot.session(discord.thread(thread));
        SessionSnapshot done = bot.settled(session.id(), 1);

        String shown = bot.doneMessageOf(discord.thread(thread), done.turns().get(0).turn().id()).content();
        assertThat(shown).contains("Seed ").contains("um abzustimmen").doesNotContain("to vote");
    }

    @Test
    void aDirectMessageTurnIsInTheLanguageOfThePersonWhoStartedIt() {
        startWithAGermanAlice();
        FakeChannel dm = discord.dmWith(discord.alice());

        Session session = sepiaInTheDm(dm);
        SessionSnapshot done = bot.settled(session.id(), 1);

        String shown = bot.doneMessageOf(dm, done.turns().get(0).turn().id()).content();
        assertThat(shown).as("the turn's message, posted later by the engine's listener").contains("um abzustimmen").doesNotContain("to vote");

        discord.messageCreate(dm, discord.alice(), "grayscale");
        SessionSnapshot refined = bot.settled(session.id(), 2);
        assertThat(bot.doneMessageOf(dm, refined.turns().get(1).turn().id()).content()).as("a plain reply's turn, which carries no locale")
                .contains("um abzustimmen").doesNotContain("to vote");
    }

    @Test
    void aGermanPersonsDirectMessagesStayGermanAfterARestart() {
        startWithAGermanAlice();
        FakeChannel dm = discord.dmWith(discord.alice());
        Session session = sepiaInTheDm(dm);
        bot.settled(session.id(), 1);
        bot.app.close();

        // A new process on the same database: nothing in memory, and a plain message carries no locale.
        bot = new DiscordTestApp(dir, discord, "");
        discord.messageCreate(dm, discord.alice(), "grayscale");
        SessionSnapshot refined = bot.settled(session.id(), 2);

        assertThat(bot.doneMessageOf(dm, refined.turns().get(1).turn().id()).content()).contains("um abzustimmen").doesNotContain("to vote");
    }

    @Test
    void aGermanDiscordClientReadsWhyTheProviderCannotRunTheEditInGerman() {
        startWithAGermanAlice();

        // The offline editor makes no WebP: the catalogue's refusal, typed in the engine, worded here in German.
        assertThat(bot.answer(edit("sepia --webp"))).isEqualTo("kontext-pro kann keine webp-Bilder erzeugen; kein Modell hier kann das.");
        SentInteraction unknown = discord.slashCommand(discord.general(), discord.alice(), "kontext", "new", Map.of("prompt", "a lighthouse --model flux-9"));
        assertThat(bot.answer(unknown)).startsWith("Ein Modell 'flux-9' gibt es hier nicht; die Modelle sind kontext-pro, kontext-max");
        assertThat(discord.threads()).as("a refused edit opens no thread").isEmpty();
    }

    @Test
    void aGermanServerReadsInGermanWhyTheOfflineEditorFailedTheTurnWhileTheTurnKeepsTheEnglish() {
        discord = FakeDiscord.start();
        discord.speaks(discord.guild(), "de");
        bot = new DiscordTestApp(dir, discord, "");

        String answer = bot.answer(edit("put a hat on the cat"));
        String thread = answer.substring("Started in <#".length(), answer.indexOf('>'));
        Session session = bot.session(discord.thread(thread));
        SessionSnapshot ended = bot.settled(session.id(), 1);
        var turn = ended.turns().get(0).turn();

        String shown = bot.failedMessageOf(discord.thread(thread), turn.id()).content();
        assertThat(shown).as("the provider's failure, typed, worded in the thread's language")
                .contains("Der Offline-Editor hat „put a hat on the cat“ nicht verstanden. Er versteht: ")
                .doesNotContain("didn't understand");
        assertThat(turn.errorMessage()).as("the stored text, for later readers, stays English")
                .startsWith("The offline editor didn't understand \"put a hat on the cat\".");
    }

    @Test
    void aGermanDiscordPersonsBadFlagAndUnknownFlagAreRefusedInGerman() {
        startWithAGermanAlice();

        assertThat(bot.answer(edit("sepia --ar 7:3"))).startsWith("--ar 7:3: das Seitenverhältnis muss eines von 1:1");
        assertThat(bot.answer(edit("sepia --sparkle"))).startsWith("Das Flag --sparkle kenne ich nicht. Die Flags sind: --ar 16:9");
        assertThat(discord.threads()).as("a refused start opens no thread").isEmpty();
    }

    /** The fake Discord, where Alice's client is German, and the bot connected to it. */
    private void startWithAGermanAlice() {
        discord = FakeDiscord.start();
        discord.speaks(discord.alice(), "de");
        bot = new DiscordTestApp(dir, discord, "");
    }

    /** Alice's {@code /kontext edit sepia} of a photo in her DM with the bot: the session it started. */
    private Session sepiaInTheDm(FakeChannel dm) {
        bot.answer(discord.slashCommand(dm, discord.alice(), "kontext", "edit",
                Map.of("prompt", "sepia", "image", FakeFile.png("p.png", DiscordCommandsTest.PHOTO))));
        return bot.engine().recentSessions(DiscordBot.PLATFORM, "dm:" + discord.alice().id(), dm.id(), 1).get(0).session();
    }
}
