package dev.kontextbot.adapter.chat;

import dev.kontextbot.adapter.words.Languages;
import dev.kontextbot.engine.model.EngineRejection;
import dev.kontextbot.engine.model.Refusal;
import dev.kontextbot.engine.model.InvalidParameterException;
import dev.kontextbot.engine.model.ModelId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

class RefusalWordsTest {
    private static final Languages LANGUAGES = Languages.load();
    private static final EngineRejection MONTH = new EngineRejection(new Refusal.OverBudget(Refusal.BudgetPeriod.TENANT_MONTH, 40_000, 1,
            ModelId.KONTEXT_PRO, 100_000, 80_000, Instant.parse("2026-12-01T00:00:00Z"), Instant.parse("2026-11-25T00:00:00Z")));

    @Test
    void eachSurfaceNamesItsOwnTenantAndItsOwnWayToRaiseALimit() {
        assertThat(new RefusalWords(LANGUAGES, "discord").explain(MONTH, Locale.ENGLISH)).isEqualTo(
                "This edit could cost $0.04 (1 image on kontext-pro), but this server's monthly budget is $0.10 and it has used $0.08 "
                        + "this month (including edits still running). It resets on 1 December at 00:00 UTC, in 6 days. "
                        + "To raise the budget, ask a server admin (/kontext admin budget …).");
        assertThat(new RefusalWords(LANGUAGES, "slack").explain(MONTH, Locale.ENGLISH))
                .contains("this workspace's monthly budget").endsWith("ask a workspace admin (/kontext admin budget …).");
        assertThat(new RefusalWords(LANGUAGES, "playground").explain(MONTH, Locale.ENGLISH))
                .endsWith("ask whoever runs the bot (engine settings in config/application.yaml).");
    }

    @Test
    void aGermanSpeakerReadsTheRefusalInGermanWithAGermanDate() {
        String said = new RefusalWords(LANGUAGES, "discord").explain(MONTH, Locale.GERMAN);

        assertThat(said).startsWith("Diese Bearbeitung könnte $0.04 kosten (1 Bild mit kontext-pro)").contains("am 1. Dezember um 00:00 UTC zurückgesetzt, in 6 Tagen")
                .endsWith("frag einen Server-Admin (/kontext admin budget …).");
    }

    @Test
    void theOperatorsQuotaIsRaisedByWhoeverRunsTheBotNotATenantAdmin() {
        EngineRejection tenant = new EngineRejection(new Refusal.OverTurnQuota(Refusal.QuotaScope.TENANT, 30));

        assertThat(tenant.reason()).isEqualTo(EngineRejection.Reason.QUOTA);
        assertThat(new RefusalWords(LANGUAGES, "slack").explain(tenant, Locale.ENGLISH))
                .isEqualTo("This workspace has used its 30 edits for this hour; try again later, or ask whoever runs the bot to raise engine.quotas.");
        assertThat(new RefusalWords(LANGUAGES, "discord").explain(new EngineRejection(new Refusal.OverTurnQuota(Refusal.QuotaScope.REQUESTER, 5)), Locale.ENGLISH))
                .isEqualTo("You have started 5 edits in the last hour, the limit here; try again later.");
    }

    @Test
    void aModelRefusalSuggestsTheFirstAllowedModelAndOtherFailuresKeepTheirWords() {
        EngineRejection model = new EngineRejection(new Refusal.ModelNotAllowed(ModelId.KONTEXT_MAX, List.of(ModelId.KONTEXT_PRO)));

        assertThat(model.reason()).isEqualTo(EngineRejection.Reason.INVALID);
        assertThat(new RefusalWords(LANGUAGES, "discord").explain(model, Locale.ENGLISH)).isEqualTo("The kontext-max model is not allowed in this server "
                + "(allowed: kontext-pro). Choose model kontext-pro, or ask a server admin (/kontext admin models …).");
        assertThat(new RefusalWords(LANGUAGES, "discord").explain(new InvalidParameterException("num_images", "num_images must be 1 to 4."), Locale.GERMAN))
                .isEqualTo("num_images must be 1 to 4.");
    }
}
