package dev.kontextbot.store;

import dev.kontextbot.engine.model.AspectRatio;
import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Platform;
import dev.kontextbot.engine.policy.PolicyChange;
import dev.kontextbot.engine.policy.PolicyEdit;
import dev.kontextbot.engine.port.ScopedDefaultsRepository;
import dev.kontextbot.testing.TestDatabases;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import static dev.kontextbot.store.generated.Tables.POLICY_AUDIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Audited policy changes are stored as data and come back as they were; rows from before V25 come back as their English. */
class PolicyAuditTest extends DatabaseTest {
    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
    private static final Platform DISCORD = new Platform("discord");
    private static final List<PolicyEdit> EVERY_KIND = List.of(
            new PolicyEdit.Channels(Set.of(), Set.of("222", "111")),
            new PolicyEdit.Roles(Set.of("333"), Set.of()),
            new PolicyEdit.Models(Set.of(), Set.of(ModelId.KONTEXT_PRO, ModelId.KONTEXT_MAX)),
            new PolicyEdit.MaxSafety(null, 3),
            new PolicyEdit.VotesToPick(2, 0),
            new PolicyEdit.UserDayBudget(null, 2_500_000L),
            new PolicyEdit.TenantMonthBudget(0L, null),
            new PolicyEdit.Defaults(ScopedDefaultsRepository.TENANT_WIDE, ParamOverrides.NONE, ParamOverrides.builder()
                    .model(ModelId.KONTEXT_MAX).numImages(2).aspectRatio(AspectRatio.LANDSCAPE_16_9).guidanceScale(3.5).enhancePrompt(true).seed(7L).build()));

    private final PolicyEditJson json = new PolicyEditJson();

    @Test
    void everyKindOfChangeComesBackFromItsDocumentAsItWas() {
        for (PolicyEdit edit : EVERY_KIND) {
            assertThat(json.read(json.write(edit).json())).as(edit.toString()).contains(edit);
        }
        assertThat(json.write(EVERY_KIND.get(0)).json()).as("lists sorted, names the document's own")
                .isEqualTo("{\"setting\":\"channels\",\"before\":[],\"after\":[\"111\",\"222\"]}");
        assertThat(json.write(EVERY_KIND.get(7)).json()).contains("\"scope\":\"*\"").contains("\"model\":\"kontext-max\"");
    }

    @Test
    void theOlderColumnsKeepAPlainRenderingForWhoeverReadsTheTable() {
        assertThat(json.write(EVERY_KIND.get(0))).extracting(PolicyEditJson.Row::setting, PolicyEditJson.Row::before, PolicyEditJson.Row::after)
                .containsExactly("channels", "", "111, 222");
        assertThat(json.write(EVERY_KIND.get(3))).extracting(PolicyEditJson.Row::setting, PolicyEditJson.Row::before, PolicyEditJson.Row::after)
                .containsExactly("safety", "", "3");
        assertThat(json.write(EVERY_KIND.get(5)).setting()).isEqualTo("budget_user_day");
        assertThatThrownBy(() -> json.write(new PolicyEdit.Worded("votes", "bot default", "2"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSettingThisVersionDoesNotKnowIsNoChangeOfData() {
        assertThat(json.read("{\"setting\":\"colour\",\"before\":\"red\",\"after\":\"blue\"}")).isEmpty();
    }

    @Test
    void changesComeBackAfterARestartNewestFirstAndARowFromBeforeV25AsItsEnglish() {
        JooqTenantPolicyRepository repository = new JooqTenantPolicyRepository(database.dsl(), Clock.systemUTC());
        // What V6..V24 stored: the setting and both values in English, no document.
        database.dsl().insertInto(POLICY_AUDIT)
                .set(POLICY_AUDIT.PLATFORM, "discord").set(POLICY_AUDIT.TENANT, "g1").set(POLICY_AUDIT.ACTOR, "carol")
                .set(POLICY_AUDIT.CHANGED_AT, OffsetDateTime.ofInstant(NOW.minusSeconds(60), ZoneOffset.UTC))
                .set(POLICY_AUDIT.SETTING, "budget user/day").set(POLICY_AUDIT.OLD_VALUE, "bot default").set(POLICY_AUDIT.NEW_VALUE, "$2.50")
                .execute();
        EVERY_KIND.forEach(edit -> repository.audit(DISCORD, "g1", new PolicyChange(NOW, "dave", edit)));
        repository.audit(new Platform("slack"), "g1", new PolicyChange(NOW, "erin", EVERY_KIND.get(3)));

        database.close();
        database = TestDatabases.open(dir, 8);
        List<PolicyChange> log = new JooqTenantPolicyRepository(database.dsl(), Clock.systemUTC()).log(DISCORD, "g1", 20);

        List<PolicyEdit> newestFirst = new java.util.ArrayList<>(EVERY_KIND);
        java.util.Collections.reverse(newestFirst);
        assertThat(log).hasSize(EVERY_KIND.size() + 1);
        assertThat(log.subList(0, EVERY_KIND.size())).extracting(PolicyChange::edit).containsExactlyElementsOf(newestFirst);
        assertThat(log).allSatisfy(change -> assertThat(change.actor()).isIn("carol", "dave"));
        assertThat(log.get(EVERY_KIND.size())).isEqualTo(new PolicyChange(NOW.minusSeconds(60), "carol",
                new PolicyEdit.Worded("budget user/day", "bot default", "$2.50")));
    }
}
