package dev.kontextbot.engine;

import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.Platform;
import dev.kontextbot.engine.policy.Budgets;
import dev.kontextbot.engine.policy.PolicyDefaults;
import dev.kontextbot.engine.policy.UsageReport;
import dev.kontextbot.engine.port.UsageRepository.Spend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;

import static dev.kontextbot.engine.PolicyHarness.discord;
import static dev.kontextbot.engine.PolicyHarness.images;
import static org.assertj.core.api.Assertions.assertThat;

/** Spend per person, channel and server, today and this month in UTC, summed by the database (fake prices: pro $0.04, max $0.08). */
class UsageTest {
    static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

    @TempDir
    Path dir;
    PolicyHarness h;

    @BeforeEach
    void open() {
        h = new PolicyHarness(dir, NOW, new PolicyDefaults(2, new Budgets(1_000_000, 0)));
        h.finishedAt(Instant.parse("2026-10-31T23:59:59Z"), discord("g1", "c1", "t0"), "ana", images(1, ModelId.KONTEXT_PRO));
        h.finishedAt(Instant.parse("2026-11-23T12:00:00Z"), discord("g1", "c1", "t1"), "ana", images(2, ModelId.KONTEXT_PRO));
        h.finishedAt(Instant.parse("2026-11-24T00:00:00Z"), discord("g1", "c1", "t2"), "ana", images(1, ModelId.KONTEXT_MAX));
        h.finishedAt(Instant.parse("2026-11-24T09:30:00Z"), discord("g1", "c2", "t3"), "bo", images(1, ModelId.KONTEXT_PRO));
        h.finishedAt(Instant.parse("2026-11-24T09:45:00Z"), discord("g1", "c2", "t4"), "bo", images(2, ModelId.KONTEXT_PRO));
        h.finishedAt(Instant.parse("2026-11-24T09:50:00Z"), discord("g2", "c9", "t5"), "ana", images(4, ModelId.KONTEXT_MAX));
        h.finishedAt(Instant.parse("2026-11-24T09:55:00Z"), new dev.kontextbot.engine.model.Conversation(new Platform("slack"), "g1", "c1", "t6"),
                "ana", images(4, ModelId.KONTEXT_MAX));
        h.clock.set(NOW);
    }

    @AfterEach
    void close() throws InterruptedException {
        h.close();
    }

    @Test
    void todaySumsFromMidnightUtcPerPersonChannelAndServer() {
        UsageReport.Period today = h.usage.report(new Platform("discord"), "g1", "ana").today();

        assertThat(today.since()).isEqualTo(Instant.parse("2026-11-24T00:00:00Z"));
        assertThat(today.tenantMicros()).isEqualTo(200_000);
        assertThat(today.askerMicros()).isEqualTo(80_000);
        assertThat(today.topRequesters()).containsExactly(new Spend("bo", 120_000, 2), new Spend("ana", 80_000, 1));
        assertThat(today.topChannels()).containsExactly(new Spend("c2", 120_000, 2), new Spend("c1", 80_000, 1));
    }

    @Test
    void thisMonthSumsFromTheFirstUtcAndLeavesOutLastMonthAndOtherTenants() {
        UsageReport report = h.usage.report(new Platform("discord"), "g1", "ana");
        UsageReport.Period month = report.month();

        assertThat(month.since()).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
        assertThat(month.tenantMicros()).isEqualTo(280_000);
        assertThat(month.askerMicros()).isEqualTo(160_000);
        assertThat(month.topRequesters()).containsExactly(new Spend("ana", 160_000, 2), new Spend("bo", 120_000, 2));
        assertThat(month.topChannels()).containsExactly(new Spend("c1", 160_000, 2), new Spend("c2", 120_000, 2));
        assertThat(report.budgets().userPerDayMicros()).isEqualTo(1_000_000);
        assertThat(report.askerUsedToday()).isEqualTo(80_000);
        assertThat(report.dayResets()).isEqualTo(Instant.parse("2026-11-25T00:00:00Z"));
        assertThat(report.monthResets()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
    }

    @Test
    void turnsStillRunningCountTowardsTheBudgetButAreNotSpendYet() {
        h.provider.holdJobs = true;
        h.start(discord("g1", "c1", "t7"), "ana", images(3, ModelId.KONTEXT_MAX));

        UsageReport report = h.usage.report(new Platform("discord"), "g1", "ana");

        assertThat(report.today().askerMicros()).isEqualTo(80_000);
        assertThat(report.askerUsedToday()).isEqualTo(80_000 + 240_000);
        assertThat(report.tenantUsedThisMonth()).isEqualTo(280_000 + 240_000);
        assertThat(report.today().topRequesters()).contains(new Spend("ana", 80_000, 2));
    }
}
