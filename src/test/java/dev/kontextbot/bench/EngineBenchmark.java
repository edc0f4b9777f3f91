package dev.kontextbot.bench;

import dev.kontextbot.engine.ConversationEngine;
import dev.kontextbot.engine.EngineSettings;
import dev.kontextbot.engine.Quotas;
import dev.kontextbot.engine.RetryPolicy;
import dev.kontextbot.engine.TurnListener;
import dev.kontextbot.engine.image.ImageInspector;
import dev.kontextbot.engine.model.Conversation;
import dev.kontextbot.engine.model.ImageId;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Platform;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.TurnKind;
import dev.kontextbot.engine.model.Variant;
import dev.kontextbot.engine.port.HeadChange;
import dev.kontextbot.engine.port.TurnRepository;
import dev.kontextbot.store.Database;
import dev.kontextbot.store.FileImageStore;
import dev.kontextbot.store.JooqSessionRepository;
import dev.kontextbot.store.JooqTransactions;
import dev.kontextbot.store.JooqStores;
import dev.kontextbot.store.JooqTurnRepository;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Prints the walking skeleton's figures: turns persisted per second in embedded H2, heap held per idle session,
 * and the engine's own time per turn on top of a provider with fixed latency. Run: {@code mvn -Pbench verify}
 * (or this class's main from the test classpath). No targets: it reports.
 */
public final class EngineBenchmark {

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("kontext-bench");
        System.out.printf(Locale.ROOT, "kontext-bot engine benchmark — %d cores, max heap %d MB, %s%n",
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, Instant.now());
        turnsPersistedPerSecond(dir.resolve("persist"));
        heapPerIdleSession(dir.resolve("idle"));
        engineOverheadPerTurn(dir.resolve("overhead"), Duration.ofMillis(200), 200);
    }

    private static Database open(Path dir) {
        return Database.open(Database.embeddedUrl(dir.resolve("db")), "sa", "", 8);
    }

    /** The full life of a turn as the engine writes it: insert, running, submitting, job id, done with a variant and the head. */
    private static void turnsPersistedPerSecond(Path dir) {
        try (Database db = open(dir)) {
            Clock clock = Clock.systemUTC();
            JooqSessionRepository sessions = new JooqSessionRepository(db.dsl(), clock);
            JooqTurnRepository turns = new JooqTurnRepository(db.dsl());
            JooqTransactions tx = new JooqTransactions(db.dsl());
            ImageId image = new FileImageStore(dir.resolve("images"), db.dsl(), clock).put(new byte[]{1, 2, 3}, "image/png", 1, 1).id();
            long sessionId = sessions.create(thread("persist"), "bench", image, ParamOverrides.NONE, null).id();
            var params = ParamOverrides.NONE.resolve(() -> 1);
            for (int round = 0; round < 2; round++) {
                int n = round == 0 ? 500 : 3000;
                long start = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    Turn turn = turns.insert(new TurnRepository.NewTurn(sessionId, TurnKind.REFINE, "p", params, null, null,
                            "bench", null, "fake"), clock.instant());
                    turns.claim(turn.id(), image, new TurnRepository.Lease("bench", clock.instant().plusSeconds(30)), clock.instant());
                    turns.storeJob(turn.id(), "bench", "job");
                    Variant variant = new Variant(turn.id(), 0, image, image, 1, 0);
                    tx.run(() -> {
                        turns.complete(turn.id(), "bench", List.of(variant), 40_000, clock.instant());
                        sessions.changeHead(sessionId, new HeadChange(image, variant.ref(), HeadChange.Reason.TURN));
                    });
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                if (round == 1) {
                    System.out.printf(Locale.ROOT, "turns persisted in H2 (5 writes each, full lifecycle): %,.0f turns/s (%d turns in %.2f s)%n",
                            n / seconds, n, seconds);
                }
            }
        }
    }

    private static void heapPerIdleSession(Path dir) throws Exception {
        LatencyProvider provider = new LatencyProvider(Duration.ZERO);
        try (Database db = open(dir); ConversationEngine engine = engine(db, dir, provider)) {
            byte[] png = LatencyProvider.png(0);
            CountDownLatch done = new CountDownLatch(1000);
            engine.addListener(new TurnListener() {
                @Override
                public void onDone(Turn turn, List<Variant> variants) {
                    done.countDown();
                }
            });
            long before = usedHeapAfterGc();
            for (int i = 0; i < 1000; i++) {
                engine.start(new ConversationEngine.StartCommand(thread("idle-" + i), "bench", png, "edit " + i, ParamOverrides.NONE, null));
            }
            if (!done.await(120, TimeUnit.SECONDS)) {
                throw new IllegalStateException("sessions did not finish their first turn");
            }
            long after = usedHeapAfterGc();
            System.out.printf(Locale.ROOT, "heap after 1,000 idle sessions (each with one finished turn): %.1f MB used, %+,d bytes per session%n",
                    after / 1048576.0, (after - before) / 1000);
        }
    }

    private static void engineOverheadPerTurn(Path dir, Duration latency, int turnCount) throws Exception {
        LatencyProvider provider = new LatencyProvider(latency);
        try (Database db = open(dir); ConversationEngine engine = engine(db, dir, provider)) {
            Map<Long, Long> startedAt = new ConcurrentHashMap<>();
            List<Long> totals = java.util.Collections.synchronizedList(new ArrayList<>());
            CountDownLatch done = new CountDownLatch(turnCount);
            engine.addListener(new TurnListener() {
                @Override
                public void onDone(Turn turn, List<Variant> variants) {
                    totals.add(System.nanoTime() - startedAt.get(turn.id()));
                    done.countDown();
                }
            });
            byte[] png = LatencyProvider.png(1);
            long cpuBefore = cpuTime();
            for (int i = 0; i < turnCount; i++) {
                long t0 = System.nanoTime();
                var started = engine.start(new ConversationEngine.StartCommand(thread("o-" + i), "bench", png, "edit", ParamOverrides.NONE, null));
                startedAt.put(started.turn().id(), t0);
            }
            if (!done.await(300, TimeUnit.SECONDS)) {
                throw new IllegalStateException("turns did not finish");
            }
            long cpu = cpuTime() - cpuBefore;
            List<Long> sorted = totals.stream().sorted().toList();
            double l = latency.toNanos();
            System.out.printf(Locale.ROOT, "engine overhead per turn on a provider with %d ms latency, poll interval %d ms, %d turns in parallel sessions:%n",
                    latency.toMillis(), POLL.toMillis(), turnCount);
            System.out.printf(Locale.ROOT, "  end-to-end p50 %.1f ms, p99 %.1f ms → overhead p50 %.1f ms, p99 %.1f ms; process CPU %.2f ms per turn%n",
                    pct(sorted, 50) / 1e6, pct(sorted, 99) / 1e6, (pct(sorted, 50) - l) / 1e6, (pct(sorted, 99) - l) / 1e6,
                    cpu / 1e6 / turnCount);
        }
    }

    private static final Duration POLL = Duration.ofMillis(20);

    private static ConversationEngine engine(Database db, Path dir, LatencyProvider provider) {
        Clock clock = Clock.systemUTC();
        AtomicLong seeds = new AtomicLong();
        EngineSettings settings = new EngineSettings(8, POLL, Duration.ofMinutes(5), 2000,
                new RetryPolicy(3, Duration.ofMillis(50), Duration.ofSeconds(1), 2), ParamOverrides.NONE, 0, 0, Duration.ZERO, Quotas.NONE);
        return new ConversationEngine(JooqStores.over(db, dir.resolve("images"), clock), provider,
                new ImageInspector(20_000_000, 50_000_000), settings, clock, seeds::incrementAndGet);
    }

    private static Conversation thread(String name) {
        return new Conversation(Platform.PLAYGROUND, "bench", "bench", name);
    }

    private static long pct(List<Long> sorted, int percentile) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1));
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static long cpuTime() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
