package dev.kontextbot.engine;

import dev.kontextbot.engine.model.EngineRejection;
import dev.kontextbot.engine.ConversationEngine.StartCommand;

import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.testing.AtOnce;
import dev.kontextbot.engine.model.Platform;
import org.junit.jupiter.api.Test;

import dev.kontextbot.testing.TestDatabases;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The hourly quotas hold under a burst: requests arriving together are counted one after another with what the
 * others stored, on the real database (H2 here; PostgreSQL too when KONTEXT_TEST_POSTGRES_URL is set).
 */
class QuotaBurstTest extends EngineTest {
    private static final int BURST = 24;
    /** Holds every job, so the turns admitted stay counted against the quota while the burst runs. */
    private final FakeProvider provider = new FakeProvider();

    {
        provider.holdJobs = true;
    }

    private ConversationEngine openWith(Quotas quotas) {
        harness = new EngineHarness(dir, provider, EngineHarness.FAST.withQuotas(quotas));
        return harness.engine;
    }

    @Test
    void aConcurrentBurstIsAdmittedUpToTheHourlyQuotaAndNoFurther() throws Exception {
        ConversationEngine engine = openWith(new Quotas(0, 8, 0, 0));
        long sessionId = engine.start(new StartCommand(EngineHarness.thread("burst"), "ana", null, "a fox", ParamOverrides.NONE, null))
                .session().id();

        List<Boolean> admitted = burst(i -> {
            try {
                engine.refine(sessionId, "user-" + i, "edit " + i, ParamOverrides.NONE, null);
                return true;
            } catch (EngineRejection e) {
                assertThat(e.reason()).isEqualTo(EngineRejection.Reason.QUOTA);
                return false;
            }
        });

        assertThat(admitted.stream().filter(a -> a).count()).as("7 more fit beside the first turn").isEqualTo(7);
        assertThat(harness.database.dsl().fetchCount(dev.kontextbot.store.generated.Tables.TURN)).isEqualTo(8);
        provider.releaseAll();
    }

    @Test
    void aConcurrentBurstOfNewSessionsHoldsThePersonsQuota() throws Exception {
        ConversationEngine engine = openWith(new Quotas(5, 0, 0, 0));

        List<Boolean> admitted = burst(i -> {
            try {
                engine.start(new StartCommand(EngineHarness.thread("new-" + i), "ana", null, "a fox " + i, ParamOverrides.NONE, null));
                return true;
            } catch (EngineRejection e) {
                return false;
            }
        });

        assertThat(admitted.stream().filter(a -> a).count()).isEqualTo(5);
        assertThat(harness.engine.recentSessions(new Platform("playground"), "local", "playground", 100)).hasSize(5);
        assertThat(harness.database.dsl().fetchCount(dev.kontextbot.store.generated.Tables.TURN)).isEqualTo(5);
        provider.releaseAll();
    }

    @Test
    void twoInstancesOnOneDatabaseTogetherStayWithinTheQuota() throws Exception {
        assumeTrue(TestDatabases.postgres(), "needs a database two processes share: PostgreSQL (KONTEXT_TEST_POSTGRES_URL)");
        EngineSettings settings = EngineHarness.FAST.withQuotas(new Quotas(0, 8, 0, 0));
        harness = new EngineHarness(dir, provider, settings, new InstanceSettings("a", Duration.ofSeconds(30), false));
        try (EngineHarness other = new EngineHarness(dir, provider, settings, new InstanceSettings("b", Duration.ofSeconds(30), false))) {
            long sessionId = harness.engine.start(new StartCommand(EngineHarness.thread("two"), "ana", null, "a fox", ParamOverrides.NONE,
                    null)).session().id();

            // Each instance has its own monitors: only the database's lock stands between them.
            List<Boolean> admitted = burst(i -> {
                try {
                    (i % 2 == 0 ? harness : other).engine.refine(sessionId, "user-" + i, "edit " + i, ParamOverrides.NONE, null);
                    return true;
                } catch (EngineRejection e) {
                    return false;
                }
            });

            assertThat(admitted.stream().filter(a -> a).count()).isEqualTo(7);
            assertThat(harness.database.dsl().fetchCount(dev.kontextbot.store.generated.Tables.TURN)).isEqualTo(8);
            provider.releaseAll();
        }
    }

    /** Runs {@value #BURST} attempts released at the same instant. */
    private static List<Boolean> burst(AtOnce.Call<Boolean> attempt) throws Exception {
        return AtOnce.run(BURST, attempt);
    }
}
