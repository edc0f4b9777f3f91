package dev.kontextbot.adapter.slack;

import dev.kontextbot.testing.Await;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kontextbot.engine.model.Session;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.kontextbot.adapter.slack.SlackTestApp.CHANNEL;
import static org.assertj.core.api.Assertions.assertThat;

/** /kontext usage and /kontext admin over the real Bolt app: spend, workspace admins' rules, non-admins refused, the log. */
class SlackPolicyTest extends SlackBotTest {
    static final String ADMIN = "UADMIN1";

    @BeforeEach
    void start() {
        slack.admins.add(ADMIN);
    }

    /** The private answer that follows an admin command (run after the ack). */
    String admin(String user, String args) throws Exception {
        int before = slack.calls("chat.postEphemeral").size();
        assertThat(bot.command(user, "admin " + args).status()).isEqualTo(200);
        Await.until(() -> slack.calls("chat.postEphemeral").size() > before, "the answer to admin " + args);
        return slack.calls("chat.postEphemeral").get(before).params().get("text");
    }

    @Test
    void usageAnswersAtOnceWithTheSpendPerPersonAndChannel() throws Exception {
        bot.mention("1700000400.000100", "sepia", "dog.png");
        bot.settled(bot.session("1700000400.000100").id(), 1);

        var answer = bot.command("U2", "usage");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(new ObjectMapper().readTree(answer.body()).get("text").asText()).contains("*Spend today* (UTC) — this workspace: $0.00 · you: $0.00")
                .contains("people: <@U1> $0.00 (1 edit)").contains("channels: <#" + CHANNEL + "> $0.00 (1 edit)")
                .contains("*Budgets:* none set.");
    }

    @Test
    void workspaceAdminsSetTheRulesFromChatAndEveryChangeIsLogged() throws Exception {
        assertThat(admin("U2", "models pro")).startsWith("Only workspace admins");
        assertThat(admin(ADMIN, "")).contains("*kontext rules for this workspace*").contains("• models: all").doesNotContain("roles");

        assertThat(admin(ADMIN, "channels add <#C0OTHER|elsewhere>")).startsWith("Saved.").contains("• channels: <#C0OTHER>");
        int refusals = slack.calls("chat.postEphemeral").size();
        bot.mention("1700000500.000100", "sepia", "dog.png");
        Await.until(() -> slack.calls("chat.postEphemeral").size() > refusals, "the refusal");
        assertThat(slack.calls("chat.postEphemeral").get(refusals).params().get("text"))
                .isEqualTo("This workspace's admins allow kontext only in <#C0OTHER>.");
        assertThat(bot.engine().sessionIn(SlackSessions.conversation(FakeSlack.TEAM, CHANNEL, "1700000500.000100"))).isEmpty();

        admin(ADMIN, "channels add here");
        assertThat(admin(ADMIN, "budget user 2.50")).contains("• budgets: $2.50 per person per day");
        assertThat(admin(ADMIN, "budget month 3")).contains("A budget is for a `user` (per day) or the `workspace`");
        assertThat(admin(ADMIN, "nonsense")).startsWith("`/kontext admin` shows the rules").contains("the session's owner picks");
        assertThat(admin(ADMIN, "defaults variants=2 model=max")).startsWith("Saved.").contains("model kontext-max · 2 variants");
        assertThat(bot.command("U1", "settings").body()).contains("model kontext-max · 2 variants");
        bot.mention("1700000600.000100", "sepia", "dog.png");
        Session session = bot.session("1700000600.000100");
        assertThat(bot.settled(session.id(), 1).turns().get(0).variants()).hasSize(2);

        assertThat(admin(ADMIN, "log")).contains("<@" + ADMIN + "> defaults: none → model=kontext-max num_images=2")
                .contains("<@" + ADMIN + "> budget user/day: bot default → $2.50")
                .contains("channels: <#C0OTHER> → <#" + CHANNEL + ">, <#C0OTHER>")
                .contains("channels: every channel → <#C0OTHER>")
                .doesNotContain("models");
    }

    @Test
    void adminModelsListsTheCatalogueAndSessionsSwitchToFlux2() throws Exception {
        assertThat(admin(ADMIN, "models")).contains("*Models*").contains("• `flux-2-pro` FLUX.2 [pro] — via offline, free here")
                .contains("• `kontext-max` FLUX.1 Kontext [max]").contains("• `flux-2-flex` FLUX.2 [flex]");
        assertThat(admin(ADMIN, "models flux-3")).startsWith("There is no model 'flux-3' here; the models are kontext-pro, kontext-max, "
                + "flux-2-pro, flux-2-max, flux-2-flex, kontext-dev.");
        assertThat(new ObjectMapper().readTree(bot.command("U1", "help").body()).get("text").asText())
                .contains("kontext-pro, kontext-max, flux-2-pro, flux-2-max, flux-2-flex");

        assertThat(admin(ADMIN, "defaults model=flux-2-pro")).startsWith("Saved.").contains("model flux-2-pro");
        bot.mention("1700000700.000100", "sepia", "dog.png");
        assertThat(bot.settled(bot.session("1700000700.000100").id(), 1).turns().get(0).turn().params().model())
                .isEqualTo(new dev.kontextbot.engine.model.ModelId("flux-2-pro"));
        bot.mention("1700000800.000100", "sepia --model flux-2-flex", "dog.png");
        assertThat(bot.settled(bot.session("1700000800.000100").id(), 1).turns().get(0).turn().params().model())
                .isEqualTo(new dev.kontextbot.engine.model.ModelId("flux-2-flex"));
    }

    /** The rules answered every workspace admin in English; a German admin (users.info's locale) reads them in German. */
    @Test
    void aGermanWorkspaceAdminReadsTheRulesInGerman() throws Exception {
        slack.locales.put(ADMIN, "de-DE");

        assertThat(admin(ADMIN, "show")).startsWith("*kontext-Regeln für diesen Workspace* (Admins ändern sie mit /kontext admin …)\n")
                .contains("\n• Kanäle: jeder Kanal\n").contains("\n• Modelle: alle\n")
                .contains("\n• Stimmen: die erste Variante mit 2 Stimmen wird zum Stand (Voreinstellung des Bots)\n").doesNotContain("Rollen")
                .doesNotContain("rules for").doesNotContain("every channel");
        assertThat(admin(ADMIN, "budget user 2.50")).startsWith("Gespeichert.\n")
                .contains("• Budgets: $2.50 pro Person und Tag · ").contains(" pro Monat für den Workspace");
        assertThat(admin(ADMIN, "safety 3")).contains("• Sicherheit: safety_tolerance bis 3").doesNotContain("up to");
        assertThat(admin(ADMIN, "safety none")).contains("• Sicherheit: keine Grenze (0–6)");
        assertThat(admin(ADMIN, "votes 0")).contains("• Stimmen: nur wer die Sitzung begonnen hat, bestimmt den Stand\n");
        assertThat(admin(ADMIN, "votes default")).contains("• Stimmen: die erste Variante mit 2 Stimmen wird zum Stand (Voreinstellung des Bots)\n");
        assertThat(admin(ADMIN, "votes many")).contains("votes nimmt eine ganze Zahl oder `default`, nicht 'many'.");
        assertThat(admin(ADMIN, "safety 1 2")).startsWith("Gib genau einen Wert an.");
        assertThat(admin(ADMIN, "budget month 3")).startsWith("Ein Budget gilt für einen `user` (pro Tag) oder den `workspace` (pro Monat), nicht für 'month'.");
        assertThat(admin(ADMIN, "channels add nowhere")).startsWith("'nowhere' ist kein Kanal, den ich lesen kann;");
        assertThat(admin(ADMIN, "budget workspace 40")).contains("• Budgets: $2.50 pro Person und Tag · $40.00 pro Monat für den Workspace\n");
        assertThat(admin(ADMIN, "budget user default")).contains(" pro Person und Tag (Voreinstellung des Bots) · $40.00 pro Monat für den Workspace\n");
        assertThat(admin(ADMIN, "budget")).isEqualTo("Schreib `budget user <Dollar>` oder `budget workspace <Dollar>` (0: keines; `default`: das des Bots).");
        assertThat(admin(ADMIN, "budget default")).contains(" pro Monat für den Workspace (Voreinstellung des Bots)\n");
        assertThat(admin(ADMIN, "models pro, flux-2-pro")).startsWith("Gespeichert.\n").contains("\n• Modelle: flux-2-pro, kontext-pro\n");
        assertThat(admin(ADMIN, "models flux-3")).startsWith("Ein Modell 'flux-3' gibt es hier nicht; die Modelle sind kontext-pro, ").doesNotContain("There is no model");
        assertThat(admin(ADMIN, "models ,")).startsWith("Nenne die Modelle, die erlaubt sein sollen (kontext-pro, ");
        assertThat(admin(ADMIN, "models all")).contains("\n• Modelle: alle\n");
        assertThat(admin(ADMIN, "channels add here <#C0OTHER|elsewhere>")).contains("\n• Kanäle: <#" + CHANNEL + ">, <#C0OTHER>\n");
        assertThat(admin(ADMIN, "channels remove C0OTHER")).contains("\n• Kanäle: <#" + CHANNEL + ">\n");
        assertThat(admin(ADMIN, "channels")).isEqualTo("Schreib `channels add here`, `channels add #Kanal`, `channels remove #Kanal` oder `channels clear`.");
        assertThat(admin(ADMIN, "channels clear")).contains("\n• Kanäle: jeder Kanal\n");
    }
}
