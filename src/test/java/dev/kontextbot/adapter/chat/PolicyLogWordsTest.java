package dev.kontextbot.adapter.chat;

import dev.kontextbot.adapter.words.TestWords;
import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.policy.PolicyChange;
import dev.kontextbot.engine.policy.PolicyEdit;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The audit log worded for its reader: every kind of change in English as it always read, and in German. */
class PolicyLogWordsTest {
    private static final Instant AT = Instant.parse("2026-12-02T10:15:00Z");
    private static final PolicyLogWords SERVER = new PolicyLogWords(text -> "**" + text + "**", "server");

    private static final List<PolicyChange> CHANGES = List.of(
            new PolicyChange(AT, "U1", new PolicyEdit.Defaults("*", ParamOverrides.NONE, ParamOverrides.builder().model(ModelId.KONTEXT_MAX).numImages(2).build())),
            new PolicyChange(AT, "U1", new PolicyEdit.Channels(Set.of(), Set.of("22", "11"))),
            new PolicyChange(AT, "U1", new PolicyEdit.Roles(Set.of("33"), Set.of())),
            new PolicyChange(AT, "U1", new PolicyEdit.Models(Set.of(), Set.of(ModelId.KONTEXT_PRO))),
            new PolicyChange(AT, "U1", new PolicyEdit.MaxSafety(null, 3)),
            new PolicyChange(AT, "U1", new PolicyEdit.VotesToPick(null, 2)),
            new PolicyChange(AT, "U1", new PolicyEdit.UserDayBudget(null, 2_500_000L)),
            new PolicyChange(AT, "U1", new PolicyEdit.TenantMonthBudget(0L, null)));

    @Test
    void englishReadsAsTheLogAlwaysDid() {
        assertThat(SERVER.log(TestWords.ENGLISH, CHANGES).lines()).containsExactly(
                "**Latest changes** (newest first, UTC):",
                "• 2026-12-02 10:15 <@U1> defaults: none → model=kontext-max num_images=2",
                "• 2026-12-02 10:15 <@U1> channels: every channel → <#11>, <#22>",
                "• 2026-12-02 10:15 <@U1> roles: <@&33> → everyone",
                "• 2026-12-02 10:15 <@U1> models: all → kontext-pro",
                "• 2026-12-02 10:15 <@U1> safety: no limit → up to 3",
                "• 2026-12-02 10:15 <@U1> votes: bot default → 2",
                "• 2026-12-02 10:15 <@U1> budget user/day: bot default → $2.50",
                "• 2026-12-02 10:15 <@U1> budget tenant/month: none → bot default");
        assertThat(SERVER.log(TestWords.ENGLISH, List.of())).isEqualTo("No admin changes yet in this server.");
        assertThat(new PolicyLogWords(text -> "*" + text + "*", "workspace").log(TestWords.ENGLISH, List.of()))
                .isEqualTo("No admin changes yet in this workspace.");
    }

    @Test
    void germanReadsEveryKindOfChangeInGerman() {
        assertThat(SERVER.log(TestWords.GERMAN, CHANGES).lines()).containsExactly(
                "**Letzte Änderungen** (neueste zuerst, UTC):",
                "• 2026-12-02 10:15 <@U1> Voreinstellungen: keine → model=kontext-max num_images=2",
                "• 2026-12-02 10:15 <@U1> Kanäle: jeder Kanal → <#11>, <#22>",
                "• 2026-12-02 10:15 <@U1> Rollen: <@&33> → alle",
                "• 2026-12-02 10:15 <@U1> Modelle: alle → kontext-pro",
                "• 2026-12-02 10:15 <@U1> Sicherheit: keine Grenze → bis 3",
                "• 2026-12-02 10:15 <@U1> Stimmen: Vorgabe des Bots → 2",
                "• 2026-12-02 10:15 <@U1> Budget pro Person/Tag: Vorgabe des Bots → $2.50",
                "• 2026-12-02 10:15 <@U1> Budget pro Monat: keins → Vorgabe des Bots");
        assertThat(SERVER.log(TestWords.GERMAN, List.of())).isEqualTo("In diesem Server hat noch kein Admin etwas geändert.");
    }

    @Test
    void aRowFromBeforeChangesWereDataShowsItsEnglishWithItsIdsAsMentions() {
        List<PolicyChange> old = List.of(
                new PolicyChange(AT, "U1", new PolicyEdit.Worded("channels", "every channel", "C0OTHER, C0KONTEXT")),
                new PolicyChange(AT, "U1", new PolicyEdit.Worded("roles", "123456789", "everyone")),
                new PolicyChange(AT, "U1", new PolicyEdit.Worded("budget user/day", "bot default", "$2.50")));

        assertThat(SERVER.log(TestWords.GERMAN, old).lines()).containsExactly(
                "**Letzte Änderungen** (neueste zuerst, UTC):",
                "• 2026-12-02 10:15 <@U1> channels: every channel → <#C0KONTEXT>, <#C0OTHER>",
                "• 2026-12-02 10:15 <@U1> roles: <@&123456789> → everyone",
                "• 2026-12-02 10:15 <@U1> budget user/day: bot default → $2.50");
    }
}
