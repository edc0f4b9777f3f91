package dev.kontextbot.adapter.discord;

import dev.kontextbot.adapter.discord.fake.FakeDiscord;
import dev.kontextbot.adapter.discord.fake.FakeFile;
import dev.kontextbot.adapter.discord.fake.FakeUser;
import dev.kontextbot.adapter.discord.fake.SentInteraction;
import dev.kontextbot.adapter.discord.fake.StoredMessage;
import dev.kontextbot.engine.model.Session;
import dev.kontextbot.provider.http.FakeFalQueue;
import dev.kontextbot.provider.http.FakeService;
import dev.kontextbot.testing.TestImages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * /kontext usage and /kontext admin over real JDA and the loopback Discord: spend on a loopback fal.ai at $0.04 an
 * image, a budget an admin sets refusing the next edit, channels, roles and models, non-admins refused, the log.
 */
class DiscordPolicyTest {
    static final byte[] PHOTO = TestImages.encode(TestImages.drawn(40, 30, (x, y) -> 0x336699 + x), "png");

    @TempDir
    Path dir;
    FakeService fal;
    FakeDiscord discord;
    DiscordTestApp bot;

    void startOnFal() throws IOException {
        fal = new FakeService();
        FakeFalQueue queue = FakeFalQueue.servedBy(fal, 0, 1);
        discord = FakeDiscord.start();
        bot = new DiscordTestApp(dir, discord, "engine:\n  poll-interval: 50ms\n", Map.of("KONTEXT_PROVIDER", "fal",
                "FAL_KEY", "fal-test-key-0123456789", "FAL_BASE_URL", fal.base()));
    }

    void startOffline() {
        discord = FakeDiscord.start();
        bot = new DiscordTestApp(dir, discord, "");
    }

    @AfterEach
    void stop() {
        if (bot != null) {
            bot.close();
        }
        if (fal != null) {
            fal.close();
        }
    }

    String command(FakeUser user, String subcommand, Map<String, ?> options) {
        return bot.answer(discord.slashCommand(discord.general(), user, "kontext", subcommand, options));
    }

    String edit(FakeUser user, Map<String, Object> more) {
        Map<String, Object> options = new LinkedHashMap<>(Map.of("prompt", "make the jacket red", "image", FakeFile.png("p.png", PHOTO)));
        options.putAll(more);
        return command(user, "edit", options);
    }

    Session started(String answer) {
        assertThat(answer).startsWith("Started in <#");
        return bot.session(discord.thread(answer.substring("Started in <#".length(), answer.indexOf('>'))));
    }

    @Test
    void usageShowsTheSpendAndABudgetAnAdminSetsRefusesTheEditThatWouldPassIt() throws IOException {
        startOnFal();
        Session first = started(edit(discord.alice(), Map.of()));
        assertThat(bot.settled(first.id(), 1).turns().get(0).turn().costMicros()).isEqualTo(40_000);

        String usage = command(discord.bob(), "usage", Map.of());
        assertThat(usage).contains("**Spend today** (UTC) — this server: $0.04 · you: $0.00")
                .contains("people: <@" + discord.alice().id() + "> $0.04 (1 edit)")
                .contains("channels: <#" + discord.general().id() + "> $0.04 (1 edit)")
                .contains("**Budgets:** none set.");

        assertThat(command(discord.bob(), "admin budget", Map.of("user_per_day", 0.05))).contains("Only server admins (Manage Server)");
        assertThat(command(discord.carol(), "admin budget", Map.of("user_per_day", 0.05)))
                .startsWith("Saved.").contains("budgets: $0.05 per person per day · none per month for the server (bot default)");

        String refused = edit(discord.alice(), Map.of("variants", 2));
        assertThat(refused).isEqualTo("This edit could cost $0.08 (2 images on kontext-pro), but your daily budget here is $0.05 and you have used "
                + "$0.04 today (including edits still running). " + refused.substring(refused.indexOf("It resets at 00:00 UTC")));
        assertThat(refused).endsWith("To raise the budget, ask a server admin (/kontext admin budget …).");
        assertThat(discord.threads()).as("refused before any thread was opened").hasSize(1);
        assertThat(command(discord.alice(), "usage", Map.of())).contains("you $0.04 of $0.05 today (resets 00:00 UTC)");

        String log = command(discord.carol(), "admin log", Map.of());
        assertThat(log).contains("<@" + discord.carol().id() + "> budget user/day: bot default → $0.05");
        assertThat(command(discord.bob(), "admin log", Map.of())).contains("Only server admins");
    }

    @Test
    void adminsLimitChannelsRolesAndModelsAndEveryChangeIsLogged() {
        startOffline();
        String elsewhere = "987654321098765432";
        assertThat(command(discord.carol(), "admin channels", Map.of("add", elsewhere))).startsWith("Saved.")
                .contains("channels: <#" + elsewhere + ">");
        assertThat(edit(discord.alice(), Map.of())).isEqualTo("This server's admins allow kontext only in <#" + elsewhere + ">.");

        command(discord.carol(), "admin channels", Map.of("clear", true));
        assertThat(command(discord.carol(), "admin roles", Map.of("add", discord.guild().adminRoleId()))).contains("roles: <@&");
        assertThat(edit(discord.bob(), Map.of())).startsWith("This server's admins allow kontext only for these roles: <@&"
                + discord.guild().adminRoleId() + ">");
        command(discord.carol(), "admin roles", Map.of("remove", discord.guild().adminRoleId()));

        assertThat(command(discord.carol(), "admin models", Map.of("allowed", "kontext-pro"))).contains("models: kontext-pro");
        assertThat(edit(discord.alice(), Map.of("model", "max"))).startsWith("The kontext-max model is not allowed in this server (allowed: kontext-pro).");
        assertThat(command(discord.carol(), "settings", Map.of("scope", "server", "variants", 2))).startsWith("Saved.");
        assertThat(discord.threads()).isEmpty();
        Session session = started(edit(discord.alice(), Map.of()));
        assertThat(bot.settled(session.id(), 1).turns().get(0).turn().params().numImages()).isEqualTo(2);

        assertThat(command(discord.bob(), "admin models", Map.of("allowed", "all"))).contains("Only server admins");
        String log = command(discord.carol(), "admin log", Map.of());
        assertThat(log.lines().skip(1).map(line -> line.substring(line.indexOf('>') + 2)))
                .containsExactly("defaults: none → num_images=2", "models: all → kontext-pro", "roles: <@&" + discord.guild().adminRoleId() + "> → everyone",
                        "roles: everyone → <@&" + discord.guild().adminRoleId() + ">", "channels: <#" + elsewhere + "> → every channel",
                        "channels: every channel → <#" + elsewhere + ">");
        assertThat(command(discord.carol(), "admin show", Map.of())).contains("• defaults of new sessions: 2 variants")
                .contains("• channels: every channel").contains("• votes: the first variant to 2 vote(s) becomes the head (bot default)");
    }

    @Test
    void aGermanAdminReadsInGermanWhatAnEnglishAdminChanged() {
        startOffline();
        command(discord.carol(), "admin safety", Map.of("max", 3));
        command(discord.carol(), "admin channels", Map.of("add", "987654321098765432"));
        assertThat(command(discord.carol(), "admin log", Map.of())).contains("> safety: no limit → up to 3");

        discord.speaks(discord.carol(), "de");
        String log = command(discord.carol(), "admin log", Map.of());

        assertThat(log).startsWith("**Letzte Änderungen** (neueste zuerst, UTC):")
                .contains("<@" + discord.carol().id() + "> Kanäle: jeder Kanal → <#987654321098765432>")
                .contains("<@" + discord.carol().id() + "> Sicherheit: keine Grenze → bis 3")
                .doesNotContain("every channel").doesNotContain("no limit");
    }

    /** The rules answered every admin in English; a German admin reads them, and "saved", in German. */
    @Test
    void aGermanAdminReadsTheRulesInGerman() {
        startOffline();
        discord.speaks(discord.carol(), "de");

        assertThat(command(discord.carol(), "admin votes", Map.of("needed", 2))).startsWith("Gespeichert.\n")
                .contains("• Stimmen: die erste Variante mit 2 Stimmen wird zum Stand");
        assertThat(command(discord.carol(), "admin roles", Map.of("add", discord.guild().adminRoleId())))
                .contains("• Rollen: <@&" + discord.guild().adminRoleId() + "> (und Admins)");
        String rules = command(discord.carol(), "admin show", Map.of());

        assertThat(rules).startsWith("**kontext-Regeln für diesen Server** (Admins ändern sie mit /kontext admin …)\n")
                .contains("\n• Kanäle: jeder Kanal\n").contains("\n• Modelle: alle\n").contains("\n• Sicherheit: keine Grenze (0–6)\n")
                .contains(" pro Person und Tag").contains(" pro Monat für den Server")
                .contains("• Voreinstellungen neuer Sitzungen: die des Bots").contains("Serverweite Voreinstellungen")
                .doesNotContain("rules for").doesNotContain("every channel").doesNotContain("per person").doesNotContain("Saved");
        assertThat(command(discord.carol(), "admin safety", Map.of("max", 4))).contains("• Sicherheit: safety_tolerance bis 4\n");
        assertThat(command(discord.carol(), "admin safety", Map.of())).contains("• Sicherheit: keine Grenze (0–6)\n");
        assertThat(command(discord.carol(), "admin budget", Map.of("user_per_day", 1.5, "server_per_month", 30)))
                .contains("• Budgets: $1.50 pro Person und Tag · $30.00 pro Monat für den Server\n");
        assertThat(command(discord.carol(), "admin budget", Map.of("server_per_month", 0)))
                .contains("• Budgets: $1.50 pro Person und Tag · keins pro Monat für den Server\n");
        assertThat(command(discord.carol(), "admin budget", Map.of())).startsWith("Gib `user_per_day`, `server_per_month`");
        assertThat(command(discord.carol(), "admin channels", Map.of())).startsWith("Gib einen Kanal für `add` oder `remove` an");
        assertThat(command(discord.carol(), "admin roles", Map.of("clear", true))).contains("\n• Rollen: alle\n");
        assertThat(command(discord.carol(), "admin budget", Map.of("reset", true))).contains(" pro Person und Tag (Voreinstellung des Bots) · ");
        assertThat(command(discord.carol(), "admin votes", Map.of())).contains("• Stimmen: die erste Variante mit 2 Stimmen wird zum Stand (Voreinstellung des Bots)\n");
    }
}
