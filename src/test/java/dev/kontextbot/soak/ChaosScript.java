package dev.kontextbot.soak;

import dev.kontextbot.adapter.discord.fake.FakeDiscord;
import dev.kontextbot.adapter.slack.ChaoticSlack;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The weather: one disruption after another, a gap of calm between them, cycling through the list until the soak's
 * time is nearly up. After each, a watcher measures how long the bot took to be whole again.
 */
final class ChaosScript {
    /** How long after a disruption ended the bot may take to be whole again before it counts as not recovered. */
    static final Duration RECOVERY_LIMIT = Duration.ofSeconds(60);

    enum Kind {
        GATEWAY_DROP("Discord gateway connections closed (4000)"),
        SLACK_REFRESH("Slack disconnect (refresh_requested) on every socket, closed 2 s later"),
        SLACK_REFUSAL("Slack sockets closed while apps.connections.open answers internal_error"),
        PROVIDER_5XX("provider answers 503 to every submit and poll"),
        DATABASE_DOWN("PostgreSQL stopped (fast shutdown), then started again");

        final String words;

        Kind(String words) {
            this.words = words;
        }
    }

    /** One disruption: {@code affected} connections (or 5xx answers served); recovered empty when it never was. */
    record Disruption(Kind kind, Instant start, Instant end, int affected, Optional<Instant> recovered) {
        Optional<Duration> timeToRecover() {
            return recovered.map(at -> Duration.between(end, at).isNegative() ? Duration.ZERO : Duration.between(end, at));
        }
    }

    private record Step(Kind kind, Duration length) {
    }

    private static final List<Step> SCRIPT = List.of(
            new Step(Kind.GATEWAY_DROP, Duration.ZERO),
            new Step(Kind.SLACK_REFRESH, Duration.ZERO),
            new Step(Kind.PROVIDER_5XX, Duration.ofSeconds(10)),
            new Step(Kind.DATABASE_DOWN, Duration.ofSeconds(15)),
            new Step(Kind.SLACK_REFUSAL, Duration.ofSeconds(12)),
            new Step(Kind.GATEWAY_DROP, Duration.ZERO),
            new Step(Kind.PROVIDER_5XX, Duration.ofSeconds(8)));

    private final FakeDiscord discord;
    private final int shards;
    private final ChaoticSlack slack;
    private final int sockets;
    private final ChaoticBfl provider;
    private final PrivatePostgres postgres;
    private final Healthz healthz;
    private final SoakLoad load;
    private final Duration gap;
    private final List<Disruption> disruptions = new CopyOnWriteArrayList<>();
    private final List<Healthz.Probe> outageProbes = new CopyOnWriteArrayList<>();
    private final List<Window> outages = new CopyOnWriteArrayList<>();
    private final ExecutorService watchers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "soak-recovery-watch");
        t.setDaemon(true);
        return t;
    });

    /** When the database was down, for telling the API requests and probes made meanwhile. */
    record Window(Instant start, Instant end) {
        boolean holds(Instant at) {
            return !at.isBefore(start) && !at.isAfter(end);
        }
    }

    ChaosScript(FakeDiscord discord, int shards, ChaoticSlack slack, int sockets, ChaoticBfl provider, PrivatePostgres postgres,
                Healthz healthz, SoakLoad load, Duration gap) {
        this.discord = discord;
        this.shards = shards;
        this.slack = slack;
        this.sockets = sockets;
        this.provider = provider;
        this.postgres = postgres;
        this.healthz = healthz;
        this.load = load;
        this.gap = gap;
    }

    /** Runs the script on the calling thread until {@code until}, leaving a gap of calm at the end. */
    void run(Instant until) throws Exception {
        for (int i = 0; ; i++) {
            Step step = SCRIPT.get(i % SCRIPT.size());
            if (Instant.now().plus(gap).plus(step.length()).plus(gap).isAfter(until)) {
                return;
            }
            Thread.sleep(gap.toMillis());
            perform(step);
        }
    }

    private void perform(Step step) throws Exception {
        Instant start = Instant.now();
        switch (step.kind()) {
            case GATEWAY_DROP -> {
                int dropped = discord.dropGateway();
                watch(step.kind(), start, Instant.now(), dropped, () -> discord.connectedShards().size() == shards);
            }
            case SLACK_REFRESH -> {
                int before = slack.connectionsOpened();
                int refreshed = slack.refresh(Duration.ofSeconds(2));
                // An event on a connection just after its disconnect message, as in the field.
                load.slackTurn(true);
                watch(step.kind(), start, Instant.now(), refreshed,
                        () -> slack.connectionsOpened() >= before + refreshed && slack.openConnections() == sockets);
            }
            case SLACK_REFUSAL -> {
                slack.refuseOpens(true);
                int closed = slack.closeAll();
                Thread.sleep(step.length().toMillis());
                slack.refuseOpens(false);
                watch(step.kind(), start, Instant.now(), closed, () -> slack.openConnections() == sockets);
            }
            case PROVIDER_5XX -> {
                int before = provider.served5xx();
                provider.failing(true);
                Thread.sleep(step.length().toMillis());
                provider.failing(false);
                watch(step.kind(), start, Instant.now(), provider.served5xx() - before,
                        () -> healthz.probe().component("provider").equals("up"));
            }
            case DATABASE_DOWN -> {
                postgres.stop();
                Instant stopped = Instant.now();
                long end = System.nanoTime() + step.length().toNanos();
                while (System.nanoTime() < end) {
                    long next = System.nanoTime() + 1_000_000_000L;
                    outageProbes.add(healthz.probe());
                    TimeUnit.NANOSECONDS.sleep(Math.max(0, next - System.nanoTime()));
                }
                postgres.start();
                outages.add(new Window(stopped, Instant.now()));
                watch(step.kind(), start, Instant.now(), 1, () -> healthz.probe().component("database").equals("up"));
            }
        }
    }

    private void watch(Kind kind, Instant start, Instant end, int affected, BooleanSupplier whole) {
        watchers.execute(() -> {
            long limit = System.nanoTime() + RECOVERY_LIMIT.toNanos();
            Optional<Instant> recovered = Optional.empty();
            while (System.nanoTime() < limit) {
                if (whole.getAsBoolean()) {
                    recovered = Optional.of(Instant.now());
                    break;
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            disruptions.add(new Disruption(kind, start, end, affected, recovered));
        });
    }

    /** Waits for the watchers still measuring. */
    void finish() throws InterruptedException {
        watchers.shutdown();
        if (!watchers.awaitTermination(RECOVERY_LIMIT.plusSeconds(10).toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("a recovery watcher did not end within " + RECOVERY_LIMIT.plusSeconds(10));
        }
    }

    List<Disruption> disruptions() {
        return disruptions.stream().sorted(java.util.Comparator.comparing(Disruption::start)).toList();
    }

    List<Healthz.Probe> outageProbes() {
        return List.copyOf(outageProbes);
    }

    List<Window> outages() {
        return List.copyOf(outages);
    }
}
