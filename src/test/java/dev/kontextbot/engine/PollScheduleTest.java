package dev.kontextbot.engine;

import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.TurnParams;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.TurnStatus;
import dev.kontextbot.engine.port.EditRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Optional;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class PollScheduleTest {
    final PollSchedule schedule = new PollSchedule(Duration.ofSeconds(1));
    final TurnParams pro = ParamOverrides.NONE.resolve(() -> 1);
    final TurnParams max = ParamOverrides.builder().model(ModelId.KONTEXT_MAX).build().resolve(() -> 1);

    private void seen(TurnParams params, long... millis) {
        for (long ms : millis) {
            schedule.finished(params, Duration.ofMillis(ms));
        }
    }

    @Test
    void theEngineLooksLessOftenOnceItHasLearnedHowLongJobsTake(@TempDir Path dir) throws Exception {
        QueueService service = new QueueService(300);
        EngineSettings every25ms = new EngineSettings(2, Duration.ofMillis(25), Duration.ofSeconds(20), 500, EngineHarness.FAST.retry(),
                ParamOverrides.NONE, 0, 0, Duration.ZERO, Quotas.NONE);
        try (EngineHarness harness = new EngineHarness(dir, service, every25ms)) {
            byte[] photo = FakeProvider.png(new EditRequest("photo", null, java.util.List.of()), 1);
            long sessionId = harness.engine.start(new ConversationEngine.StartCommand(EngineHarness.thread("learn"), "ana", photo,
                    QueueService.prompt(0, 0), ParamOverrides.NONE, null)).session().id();
            Turn last = null;
            for (int step = 1; step <= PollSchedule.NEEDED; step++) {
                last = harness.engine.refine(sessionId, "ana", QueueService.prompt(0, step), ParamOverrides.NONE, null);
            }
            harness.awaitStatus(last.id(), TurnStatus.DONE);

            // Bounds that a slow machine cannot break: a scheduled look can come late, never early.
            String learned = QueueService.prompt(0, PollSchedule.NEEDED);
            assertThat(service.firstLookAfter.get(QueueService.prompt(0, 0))).as("unknown speed: a look after the poll interval")
                    .isLessThan(240);
            assertThat(service.firstLookAfter.get(learned)).as("nothing before 90% of the 300 ms jobs seen").isGreaterThanOrEqualTo(240);
            assertThat(service.polls.get(learned)).as("then every 20 ms until done").isLessThanOrEqualTo(4);
        }
    }

    @Test
    void jobsResumedAfterARestartDoNotTeachTheScheduleHowLongJobsTake(@TempDir Path dir) throws Exception {
        java.util.Map<String, Long> sentAt = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.Map<String, Long> firstLookAfter = new java.util.concurrent.ConcurrentHashMap<>();
        FakeProvider service = new FakeProvider() {
            @Override
            public dev.kontextbot.engine.port.SubmitOutcome submit(EditRequest request) {
                var outcome = super.submit(request);
                if (outcome instanceof dev.kontextbot.engine.port.SubmitOutcome.Submitted submitted) {
                    sentAt.put(submitted.job(), System.nanoTime());
                }
                return outcome;
            }

            @Override
            public dev.kontextbot.engine.port.PollOutcome poll(String job) {
                firstLookAfter.putIfAbsent(job, (System.nanoTime() - sentAt.get(job)) / 1_000_000);
                return super.poll(job);
            }
        };
        service.holdJobs = true;
        EngineSettings every25ms = new EngineSettings(2, Duration.ofMillis(25), Duration.ofSeconds(20), 500, EngineHarness.FAST.retry(),
                ParamOverrides.NONE, 0, 0, Duration.ZERO, Quotas.NONE);
        byte[] photo = FakeProvider.png(new EditRequest("photo", null, java.util.List.of()), 1);
        try (EngineHarness harness = new EngineHarness(dir, service, every25ms)) {
            java.util.List<Long> resumed = new java.util.ArrayList<>();
            for (int session = 0; session < PollSchedule.NEEDED; session++) {
                resumed.add(harness.engine.start(new ConversationEngine.StartCommand(EngineHarness.thread("resumed " + session), "ana", photo,
                        "edit " + session, ParamOverrides.NONE, null)).turn().id());
            }
            resumed.forEach(harness::awaitJob);
            harness.restart();
            // The jobs run on at the service while no process looks, so the restarted one sees them finish long after they
            // were sent: at least this long, which is not how long the service took.
            Thread.sleep(800);
            service.holdJobs = false;
            service.releaseAll();
            resumed.forEach(id -> harness.awaitStatus(id, TurnStatus.DONE));

            Turn fresh = harness.engine.start(new ConversationEngine.StartCommand(EngineHarness.thread("fresh"), "ana", photo, "fresh edit",
                    ParamOverrides.NONE, null)).turn();
            String job = harness.awaitJob(fresh.id()).providerJob();
            harness.awaitStatus(fresh.id(), TurnStatus.DONE);

            assertThat(firstLookAfter.get(job)).as("nothing learned from the resumed jobs: a look after the 25 ms poll interval,"
                    + " not after 90% of the 800 ms and more they appeared to take").isLessThan(240);
        }
    }

    @Test
    void untilJobsOfAKindHaveBeenSeenItLooksEveryPollInterval() {
        seen(pro, 2000, 2000, 2000, 2000);

        assertThat(schedule.next(pro, Duration.ZERO)).isEqualTo(Duration.ofSeconds(1));
        assertThat(schedule.next(pro, Duration.ofMillis(1900))).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void nothingBeforeNinetyPercentOfTheShortestRecentJobsThenEveryTwoPercentOfTheElapsedTime() {
        seen(pro, 2100, 2000, 2300, 2050, 2200);

        assertThat(schedule.next(pro, Duration.ZERO)).isEqualTo(Duration.ofMillis(1800));
        assertThat(schedule.next(pro, Duration.ofMillis(300))).isEqualTo(Duration.ofMillis(1500));
        assertThat(schedule.next(pro, Duration.ofMillis(1800))).isEqualTo(Duration.ofMillis(36));
        assertThat(schedule.next(pro, Duration.ofMillis(2500))).isEqualTo(Duration.ofMillis(50));
    }

    @Test
    void whereDurationsVaryTheQuickJobsAreLookedForEveryTenPercentOfTheElapsedTimeBeforeTheDenseLooks() {
        seen(pro, 2600, 500, 1000, 1200, 1400, 1600, 1800, 2000, 2200, 2400);

        // The 10th percentile is 1,000 ms, the shortest 500 ms: dense looks from 900 ms, early ones from 900 × (500 / 1,000)².
        assertThat(schedule.next(pro, Duration.ZERO)).isEqualTo(Duration.ofMillis(225));
        assertThat(schedule.next(pro, Duration.ofMillis(450))).isEqualTo(Duration.ofMillis(45));
        assertThat(schedule.next(pro, Duration.ofMillis(700))).isEqualTo(Duration.ofMillis(70));
        assertThat(schedule.next(pro, Duration.ofMillis(850))).as("not past the start of the dense looks").isEqualTo(Duration.ofMillis(50));
        assertThat(schedule.next(pro, Duration.ofMillis(1500))).isEqualTo(Duration.ofMillis(30));
    }

    /**
     * The schedule and what it learns from, on virtual time: jobs of log-normal duration (median 2 s, 90th percentile
     * 5 s, as the refine-chain benchmark's), each looked at as the engine would. Before, a job seen finished at its first
     * look taught the schedule that look's time, and nothing was looked at before 90% of the quick jobs: 1 in 100 jobs
     * waited more than 1.3 times its own duration for the look that saw it finished (now under a tenth).
     */
    @Test
    void jobsOfVaryingDurationAreSeenFinishedSoonAfterTheyEndQuickOnesToo() {
        ObservedJobs observed = new ObservedJobs();
        java.util.Random random = new java.util.Random(15);
        double sigma = Math.log(2.5) / 1.2815515655446004;
        Instant sent = Instant.parse("2026-12-02T08:00:00Z");
        java.util.List<Double> waitedShares = new java.util.ArrayList<>();
        int looks = 0;
        for (long job = 0; job < 2_100; job++) {
            Duration took = Duration.ofNanos((long) (2e9 * Math.exp(sigma * random.nextGaussian())));
            observed.sending(job, sent);
            Duration elapsed = Duration.ZERO;
            while (true) {
                elapsed = elapsed.plus(schedule.next(pro, elapsed));
                looks++;
                if (elapsed.compareTo(took) >= 0) {
                    break;
                }
                observed.stillWorking(job);
            }
            Duration learned = observed.finished(job, sent.plus(elapsed)).orElseThrow();
            schedule.finished(pro, learned);
            if (job >= 100) {
                waitedShares.add((double) elapsed.minus(took).toNanos() / took.toNanos());
            }
        }
        java.util.Collections.sort(waitedShares);

        assertThat(waitedShares.get(waitedShares.size() / 2)).as("median wait, as a share of the job's duration").isLessThan(0.02);
        assertThat(waitedShares.get(waitedShares.size() * 99 / 100)).as("99th percentile").isLessThan(0.15);
        assertThat(looks / 2_100.0).as("looks per job").isLessThan(70);
    }

    /**
     * As above, on virtual time, where each look's answer takes a round trip of 45 ms (what the benchmark's loopback fal
     * took). Planned from the answer, every spacing grew by that round trip; planned from when the look was sent, a
     * finished job waits as on a link without one, and never with more looks than the schedule plans.
     */
    @Test
    void aLooksRoundTripDoesNotDelayTheLookThatSeesTheJobFinished() {
        Duration roundTrip = Duration.ofMillis(45);
        Waits fromSending = lognormalJobs(new PollSchedule(Duration.ofSeconds(1)), roundTrip, true);
        Waits fromAnswer = lognormalJobs(new PollSchedule(Duration.ofSeconds(1)), roundTrip, false);
        Waits noRoundTrip = lognormalJobs(new PollSchedule(Duration.ofSeconds(1)), Duration.ZERO, true);

        assertThat(fromSending.medianMillis()).as("median wait after the job's end, planned from the sending")
                .isLessThan(fromAnswer.medianMillis() * 0.7);
        assertThat(fromSending.medianShare()).as("median wait, as a share of the job's duration").isLessThan(0.02);
        assertThat(fromSending.looksPerJob()).as("looks per job: no more than without a round trip")
                .isLessThanOrEqualTo(noRoundTrip.looksPerJob());
    }

    @Test
    void aLookIsNeverPlannedLaterThanTheScheduleSaysWhateverItsAnswerTook() {
        seen(pro, 2100, 2000, 2300, 2050, 2200);

        assertThat(schedule.afterLook(pro, Duration.ofMillis(2500), Duration.ofMillis(20))).isEqualTo(Duration.ofMillis(30));
        assertThat(schedule.afterLook(pro, Duration.ofMillis(2500), Duration.ofMillis(80))).as("answered after the next look was due")
                .isEqualTo(Duration.ZERO);
        assertThat(schedule.afterLook(pro, Duration.ofMillis(2500), Duration.ofMinutes(-5))).as("the wall clock set back meanwhile")
                .isEqualTo(Duration.ofMillis(50));
    }

    private record Waits(double medianMillis, double medianShare, double looksPerJob) {
    }

    /**
     * Jobs of log-normal duration (median 2 s, 90th percentile 5 s) looked at as the engine does: a look reaches the
     * service half a round trip after it was sent and is answered a round trip after; the next is planned from its
     * sending ({@link PollSchedule#afterLook}) or, as before, from its answer.
     */
    private static Waits lognormalJobs(PollSchedule schedule, Duration roundTrip, boolean fromSending) {
        TurnParams pro = ParamOverrides.NONE.resolve(() -> 1);
        ObservedJobs observed = new ObservedJobs();
        java.util.Random random = new java.util.Random(15);
        double sigma = Math.log(2.5) / 1.2815515655446004;
        Instant submitted = Instant.parse("2026-12-02T08:00:00Z");
        java.util.List<Long> waited = new java.util.ArrayList<>();
        java.util.List<Double> shares = new java.util.ArrayList<>();
        int looks = 0;
        for (long job = 0; job < 1_100; job++) {
            Duration took = Duration.ofNanos((long) (2e9 * Math.exp(sigma * random.nextGaussian())));
            observed.sending(job, submitted);
            Duration sent = schedule.next(pro, Duration.ZERO);
            while (true) {
                looks++;
                Duration arrives = sent.plus(roundTrip.dividedBy(2));
                if (arrives.compareTo(took) >= 0) {
                    if (job >= 100) {
                        waited.add(arrives.minus(took).toMillis());
                        shares.add((double) arrives.minus(took).toNanos() / took.toNanos());
                    }
                    break;
                }
                observed.stillWorking(job);
                Duration answered = sent.plus(roundTrip);
                sent = answered.plus(fromSending ? schedule.afterLook(pro, sent, roundTrip) : schedule.next(pro, answered));
            }
            schedule.finished(pro, observed.finished(job, submitted.plus(sent)).orElseThrow());
        }
        java.util.Collections.sort(waited);
        java.util.Collections.sort(shares);
        return new Waits(waited.get(waited.size() / 2), shares.get(shares.size() / 2), looks / 1_100.0);
    }

    @Test
    void looksStayBetweenTwentyMillisecondsAndThePollInterval() {
        seen(pro, 100, 100, 100, 100, 100);
        seen(max, 60_000, 60_000, 60_000, 60_000, 60_000);

        assertThat(schedule.next(pro, Duration.ofMillis(95))).isEqualTo(Duration.ofMillis(20));
        assertThat(schedule.next(max, Duration.ofSeconds(70))).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void kindsAreLearnedApartAndOnlyRecentJobsCount() {
        seen(max, 9000, 9000, 9000, 9000, 9000);
        assertThat(schedule.next(pro, Duration.ZERO)).as("[pro] jobs not seen yet").isEqualTo(Duration.ofSeconds(1));

        for (int i = 0; i < PollSchedule.KEPT; i++) {
            seen(max, 3000);
        }
        assertThat(schedule.next(max, Duration.ZERO)).isEqualTo(Duration.ofMillis(2700));
    }
}
