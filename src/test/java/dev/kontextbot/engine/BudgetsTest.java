package dev.kontextbot.engine;

import dev.kontextbot.engine.model.EngineRejection;
import dev.kontextbot.engine.model.Conversation;
import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.Platform;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.TurnParams;
import dev.kontextbot.engine.model.TurnStatus;
import dev.kontextbot.engine.policy.Budgets;
import dev.kontextbot.engine.policy.PolicyDefaults;
import dev.kontextbot.engine.policy.PolicyRules;
import dev.kontextbot.engine.port.UsageRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static dev.kontextbot.engine.PolicyHarness.discord;
import static dev.kontextbot.engine.PolicyHarness.images;
import static dev.kontextbot.testing.RefusalsSaid.said;
import static dev.kontextbot.testing.RefusalsSaid.saysContaining;
import static dev.kontextbot.testing.RefusalsSaid.saysStartingWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Budgets per person per day and per server per month, checked before a turn is stored (fake prices: pro $0.04, max $0.08). */
class BudgetsTest {
    static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

    @TempDir
    Path dir;
    PolicyHarness h;

    void open(long userPerDay, long tenantPerMonth) {
        h = new PolicyHarness(dir, NOW, new PolicyDefaults(2, new Budgets(userPerDay, tenantPerMonth)));
    }

    @AfterEach
    void close() throws InterruptedException {
        if (h != null) {
            h.close();
        }
    }

    @Test
    void aTurnThatWouldPassTheDailyBudgetIsRefusedBeforeAnythingIsStoredWithTheNumbers() {
        open(200_000, 0);
        Conversation thread = discord("g1", "c1", "t1");
        Turn first = h.awaitEnd(h.start(thread, "ana", images(2, ModelId.KONTEXT_PRO)).turn().id());
        assertThat(first.costMicros()).isEqualTo(80_000);
        int submits = h.provider.submits();

        assertThatThrownBy(() -> h.engine.refine(first.sessionId(), "ana", "brighter", images(2, ModelId.KONTEXT_MAX), null))
                .isInstanceOfSatisfying(EngineRejection.class, e -> {
                    assertThat(e.reason()).isEqualTo(EngineRejection.Reason.QUOTA);
                    assertThat(said(e)).isEqualTo("This edit could cost $0.16 (2 images on kontext-max), but your daily budget here is "
                            + "$0.20 and you have used $0.08 today (including edits still running). It resets at 00:00 UTC, in 14 h 0 min. "
                            + "To raise the budget, ask a server admin (/kontext admin budget …).");
                });
        ConversationEngine.StartCommand another = new ConversationEngine.StartCommand(discord("g1", "c1", "t2"), "ana", null,
                "a fox", images(4, ModelId.KONTEXT_PRO), null);
        assertThatThrownBy(() -> h.engine.check(another)).satisfies(saysContaining("could cost $0.16 (4 images on kontext-pro)"));
        assertThatThrownBy(() -> h.engine.start(another)).satisfies(saysContaining("could cost $0.16 (4 images on kontext-pro)"));
        assertThatThrownBy(() -> h.engine.remix(first.sessionId(), first.id(), "ana", null, images(2, ModelId.KONTEXT_MAX), null))
                .satisfies(saysContaining("could cost $0.16 (2 images on kontext-max)")).satisfies(saysContaining("used $0.08"));

        assertThat(h.engine.snapshot(first.sessionId()).turns()).hasSize(1);
        assertThat(h.engine.sessionIn(another.conversation())).isEmpty();
        assertThat(h.provider.submits()).isEqualTo(submits);
        Turn fits = h.awaitEnd(h.engine.refine(first.sessionId(), "ana", "brighter", images(3, ModelId.KONTEXT_PRO), null).id());
        assertThat(fits.status()).as("$0.08 + $0.12 is exactly the budget").isEqualTo(TurnStatus.DONE);
        assertThatThrownBy(() -> h.engine.refine(first.sessionId(), "ana", "darker", images(1, ModelId.KONTEXT_PRO), null))
                .satisfies(saysContaining("you have used $0.20 today"));
        assertThat(h.awaitEnd(h.engine.refine(first.sessionId(), "bo", "darker", images(1, ModelId.KONTEXT_PRO), null).id()).status())
                .as("another person's budget is their own").isEqualTo(TurnStatus.DONE);
    }

    @Test
    void turnsStillRunningCountAtTheirWorstCase() {
        open(100_000, 0);
        h.provider.holdJobs = true;
        var started = h.start(discord("g1", "c1", "t1"), "ana", images(2, ModelId.KONTEXT_PRO));

        assertThatThrownBy(() -> h.start(discord("g1", "c1", "t2"), "ana", images(1, ModelId.KONTEXT_PRO)))
                .satisfies(saysContaining("could cost $0.04 (1 image on kontext-pro)")).satisfies(saysContaining("you have used $0.08 today"));

        h.release(started.turn().id());
        assertThat(h.awaitEnd(started.turn().id()).costMicros()).isEqualTo(80_000);
        assertThatThrownBy(() -> h.start(discord("g1", "c1", "t3"), "ana", images(1, ModelId.KONTEXT_PRO)))
                .satisfies(saysContaining("you have used $0.08 today"));
    }

    @Test
    void theServersMonthlyBudgetCountsEveryoneAndResetsOnTheFirstOfTheMonth() {
        open(0, 100_000);
        h.finishedAt(Instant.parse("2026-11-02T08:00:00Z"), discord("g1", "c1", "t1"), "ana", images(2, ModelId.KONTEXT_PRO));
        h.clock.set(NOW);

        assertThatThrownBy(() -> h.start(discord("g1", "c2", "t2"), "bo", images(1, ModelId.KONTEXT_PRO)))
                .isInstanceOfSatisfying(EngineRejection.class, e -> assertThat(said(e)).isEqualTo(
                        "This edit could cost $0.04 (1 image on kontext-pro), but this server's monthly budget is $0.10 and it has used $0.08 "
                                + "this month (including edits still running). It resets on 1 December at 00:00 UTC, in 6 days. "
                                + "To raise the budget, ask a server admin (/kontext admin budget …)."));
        assertThat(h.start(discord("g2", "c1", "t1"), "bo", images(1, ModelId.KONTEXT_PRO)).turn()).as("another server").isNotNull();

        h.clock.set(Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(h.start(discord("g1", "c2", "t2"), "bo", images(1, ModelId.KONTEXT_PRO)).turn().status()).as("admitted")
                .isIn(TurnStatus.QUEUED, TurnStatus.RUNNING);
    }

    @Test
    void aServersOwnBudgetOverridesTheConfiguredOneAndZeroMeansNone() {
        open(50_000, 0);
        assertThatThrownBy(() -> h.start(discord("g1", "c1", "t1"), "ana", images(2, ModelId.KONTEXT_PRO))).satisfies(saysContaining("$0.05"));
        assertThatThrownBy(() -> h.engine.start(new ConversationEngine.StartCommand(new Conversation(new Platform("slack"), "T1", "C1", "1.1"),
                "ana", null, "a fox", images(2, ModelId.KONTEXT_PRO), null)))
                .satisfies(e -> assertThat(said(e, "slack")).contains("ask a workspace admin (/kontext admin budget …)"));

        h.policies.change(new Platform("discord"), "g1", "carol", p -> p.withUserPerDay(0L));

        assertThat(h.start(discord("g1", "c1", "t1"), "ana", images(4, ModelId.KONTEXT_MAX)).turn().status()).as("admitted")
                .isIn(TurnStatus.QUEUED, TurnStatus.RUNNING);
    }

    @Test
    void aTurnAskedForWhileAnotherIsBeingStoredWaitsAndThenCountsIt() throws Exception {
        open(40_000, 0);
        CountingUsage usage = new CountingUsage();
        PolicyRules rules = new PolicyRules(h.policies, usage, h.provider::pricePerImageMicros, h.clock);
        TurnParams onePro = images(1, ModelId.KONTEXT_PRO).resolve(() -> 1L);
        Conversation where = discord("g1", "c1", "t1");
        CountDownLatch firstStoring = new CountDownLatch(1);
        CountDownLatch secondAnswered = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<String> first = pool.submit(() -> rules.admit(where, "ana", onePro, () -> {
                firstStoring.countDown();
                // Without the per-tenant lock the second turn is checked (and admitted) right now; with it, it waits.
                awaitQuietly(secondAnswered);
                usage.pending.incrementAndGet();
                return "first";
            }));
            firstStoring.await();
            Future<String> second = pool.submit(() -> {
                try {
                    return rules.admit(where, "ana", onePro, () -> {
                        usage.pending.incrementAndGet();
                        return "second";
                    });
                } catch (EngineRejection e) {
                    return "refused";
                } finally {
                    secondAnswered.countDown();
                }
            });

            assertThat(first.get()).isEqualTo("first");
            assertThat(second.get()).isEqualTo("refused");
            assertThat(usage.pending.get()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Bounded, so the test ends either way; how long it waited is never asserted. */
    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Spend kept in memory: nothing recorded, {@code pending} pro images still running. */
    static final class CountingUsage implements UsageRepository {
        final AtomicLong pending = new AtomicLong();

        @Override
        public long spent(Platform platform, String tenant, String requester, Instant since) {
            return 0;
        }

        @Override
        public List<Spend> topRequesters(Platform platform, String tenant, Instant since, int limit) {
            return List.of();
        }

        @Override
        public List<Spend> topChannels(Platform platform, String tenant, Instant since, int limit) {
            return List.of();
        }

        @Override
        public Map<ModelId, Long> pendingImages(Platform platform, String tenant, String requester, Instant since) {
            return Map.of(ModelId.KONTEXT_PRO, pending.get());
        }
    }
}
