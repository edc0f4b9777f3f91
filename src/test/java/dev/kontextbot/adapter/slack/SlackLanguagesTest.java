package dev.kontextbot.adapter.slack;

import dev.kontextbot.testing.Await;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A Slack user reads their own client's language (users.info with include_locale), asked once and kept. */
class SlackLanguagesTest extends SlackBotTest {
    private String usage(String user) throws Exception {
        return new ObjectMapper().readTree(bot.command(user, "usage").body()).get("text").asText();
    }

    @Test
    void aGermanSlackUserGetsGermanRepliesAndAnEnglishOneEnglish() throws Exception {
        slack.locales.put("U2", "de-DE");

        assertThat(usage("U2")).contains("*Ausgaben heute* (UTC) — dieser Workspace").doesNotContain("Spend today");
        assertThat(usage("U3")).contains("*Spend today* (UTC) — this workspace");
        assertThat(usage("U2")).contains("Ausgaben heute");
        List<FakeSlack.Call> lookups = slack.calls("users.info").stream().filter(c -> "U2".equals(c.params().get("user"))).toList();
        assertThat(lookups).as("U2's locale is asked once, then kept").hasSize(1);
        assertThat(lookups.get(0).params()).containsKey("include_locale");
    }

    @Test
    void aGermanUsersTurnMessageAndPrivateRefusalAreGerman() throws Exception {
        slack.locales.put("U1", "de-DE");

        bot.mention("1700009000.000100", "make it sepia", "report.pdf", "application/pdf");
        Await.until(() -> slack.calls("chat.postEphemeral").stream().anyMatch(c -> c.params().getOrDefault("text", "").contains("ist kein Bild")),
                "the private refusal in German");

        bot.mention("1700009100.000100", "sepia", "dog.png");
        bot.settled(bot.session("1700009100.000100").id(), 1);
        Await.until(() -> slack.calls("chat.update").stream().anyMatch(c -> c.params().getOrDefault("text", "").contains("1 Variante")),
                "the turn's message in German");
    }

    /** The settings answered every Slack user in English; they are the neutral handler's now, in the person's language. */
    @Test
    void aGermanSlackUserReadsTheSettingsAndTheHistoryInGerman() throws Exception {
        slack.locales.put("U2", "de-DE");

        assertThat(new ObjectMapper().readTree(bot.command("U2", "settings").body()).get("text").asText())
                .contains("*Neue Sitzungen hier beginnen mit:*").contains("die Standardwerte des Bots").doesNotContain("New sessions");
        assertThat(new ObjectMapper().readTree(bot.command("U2", "history").body()).get("text").asText())
                .isEqualTo("In diesem Kanal gibt es noch keine Sitzungen. Erwähne mich mit einem Bild, um eine zu starten.");
        assertThat(new ObjectMapper().readTree(bot.command("U3", "settings").body()).get("text").asText())
                .contains("*New sessions here start with:*").contains("Workspace admins change these");
    }

    @Test
    void aGermanSlackUserGetsTheHelpInGerman() throws Exception {
        slack.locales.put("U2", "de-DE");

        assertThat(new ObjectMapper().readTree(bot.command("U2", "help").body()).get("text").asText()).contains("bearbeitet Bilder");
        assertThat(new ObjectMapper().readTree(bot.command("U3", "").body()).get("text").asText()).doesNotContain("bearbeitet Bilder");
    }

    @Test
    void aGermanUserReadsInGermanWhyTheOfflineEditorFailedTheirTurn() throws Exception {
        slack.locales.put("U1", "de-DE");

        bot.mention("1700009200.000100", "put a hat on the cat", "dog.png");
        var ended = bot.settled(bot.session("1700009200.000100").id(), 1).turns().get(0).turn();

        Await.until(() -> slack.calls("chat.update").stream().anyMatch(c -> c.params().getOrDefault("text", "")
                        .contains("Der Offline-Editor hat „put a hat on the cat“ nicht verstanden.")),
                "the turn's failure in German");
        assertThat(slack.calls("chat.update")).noneMatch(c -> c.params().getOrDefault("text", "").contains("didn't understand"));
        assertThat(ended.errorMessage()).as("the stored text stays English").startsWith("The offline editor didn't understand");
    }

    @Test
    void aFailedTurnRedrawnFromItsRowReadsInTheReadersLanguage() throws Exception {
        slack.locales.put("U1", "de-DE");

        bot.mention("1700009300.000100", "put a hat on the cat", "dog.png");
        var stored = bot.settled(bot.session("1700009300.000100").id(), 1).turns().get(0).turn();

        assertThat(stored.failure()).as("the row keeps the provider's reason typed")
                .isInstanceOf(dev.kontextbot.engine.model.TurnFailure.Failed.class);
        String german = new SlackBlocks().ended(dev.kontextbot.adapter.words.TestWords.GERMAN, stored).text();
        String english = new SlackBlocks().ended(dev.kontextbot.adapter.words.TestWords.ENGLISH, stored).text();
        assertThat(german).contains("Der Offline-Editor hat „put a hat on the cat“ nicht verstanden.").doesNotContain("didn't understand");
        assertThat(english).contains("The offline editor didn't understand");
        var cancelled = stored.toBuilder().status(dev.kontextbot.engine.model.TurnStatus.CANCELLED)
                .failure(new dev.kontextbot.engine.model.TurnFailure.Cancelled("U2", "")).errorMessage("Cancelled by U2.").build();
        assertThat(new SlackBlocks().ended(dev.kontextbot.adapter.words.TestWords.GERMAN, cancelled).text()).contains("Abgebrochen von U2.");
    }

    @Test
    void aGermanSlackUsersBadFlagIsRefusedInGerman() throws Exception {
        slack.locales.put("U1", "de-DE");

        bot.mention("1700009200.000100", "sepia --ar 7:3", "dog.png");
        Await.until(() -> slack.calls("chat.postEphemeral").stream()
                        .anyMatch(c -> c.params().getOrDefault("text", "").startsWith("--ar 7:3: das Seitenverhältnis muss eines von")),
                "the flag's refusal in German");
        assertThat(slack.calls("chat.postEphemeral")).noneMatch(c -> c.params().getOrDefault("text", "").contains("the aspect ratio must be"));
    }
}
