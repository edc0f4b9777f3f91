package dev.kontextbot.soak;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import dev.kontextbot.adapter.discord.fake.FakeDiscord;
import dev.kontextbot.adapter.slack.ChaoticSlack;
import dev.kontextbot.app.Application;
import dev.kontextbot.app.config.ConfigLoader;
import dev.kontextbot.testing.CapturedLogs;
import dev.kontextbot.testing.TestImages;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Issue #17's soak: the bot as Application wires it, with Discord (two shards), Slack Socket Mode (two sockets) and
 * BFL against loopback fakes, on a PostgreSQL of its own, under a steady load of turns from all three doors while
 * {@link ChaosScript} drops and refuses connections, stops the database and makes the provider fail. Afterwards
 * {@link SoakReport} checks that every turn ended with an outcome, no job was sent twice, every connection is back,
 * and nothing escaped to the log; the figures go to stdout and target/soak-report.txt.
 * <p>
 * Run with {@code mvn -B -Psoak verify} (docs/reliability.md); {@code -Dsoak.minutes=10} for a longer one. Not part
 * of {@code mvn verify}: its name ends in Soak, which the ordinary test run does not pick up.
 */
@Tag("soak")
class ConnectionsSoak {
    /** The logger of app.UncaughtExceptions (package-private there), which logs what killed a thread. */
    private static final String UNCAUGHT_HANDLER = "dev.kontextbot.app.UncaughtExceptions";
    private static final int SHARDS = 2;
    private static final int SOCKETS = 2;
    /** A turn still running after this has failed to end by itself: the engine's deadline sweep should have ended it. */
    private static final Duration TURN_DEADLINE = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @Test
    void everyTurnEndsAndEveryConnectionComesBackThroughTheWeather() throws Exception {
        Duration length = Duration.ofMillis((long) (Double.parseDouble(System.getProperty("soak.minutes", "3")) * 60_000));
        Duration every = Duration.ofMillis((long) (Double.parseDouble(System.getProperty("soak.turn-every-seconds", "3")) * 1000));
        Path bin = PrivatePostgres.binaries(System.getenv()).orElse(null);
        if (bin == null) {
            String why = "the soak needs PostgreSQL's initdb and pg_ctl (apt-get install postgresql, or set KONTEXT_SOAK_PG_BIN)";
            if ("true".equals(System.getenv("CI"))) {
                fail(why);
            }
            Assumptions.abort(why);
        }
        byte[] photo = TestImages.encode(TestImages.drawn(48, 32, (x, y) -> (x * 5) << 16 | (y * 7) << 8 | 80), "png");
        StderrWatch stderr = StderrWatch.install();
        SaidConnected said = new SaidConnected();
        try (PrivatePostgres postgres = PrivatePostgres.start(bin, System.getenv());
             FakeDiscord discord = FakeDiscord.start();
             ChaoticSlack slack = new ChaoticSlack(photo);
             ChaoticBfl bfl = new ChaoticBfl();
             CapturedLogs logs = CapturedLogs.root()) {
            said.watch(discord);
            Map<String, String> env = new HashMap<>(Map.of("KONTEXT_DATA_DIR", dir.toString(), "KONTEXT_HTTP_PORT", "0", "KONTEXT_CONFIG", "",
                    "KONTEXT_PROVIDER", "bfl", "BFL_API_KEY", "soak-bfl-key-0123456789", "BFL_BASE_URL", bfl.base(),
                    "KONTEXT_DB_URL", postgres.jdbcUrl(), "KONTEXT_DB_USER", PrivatePostgres.USER, "KONTEXT_DB_PASSWORD", "unused-trust-auth"));
            env.putAll(Map.of("DISCORD_TOKEN", FakeDiscord.TOKEN, "DISCORD_API_URL", discord.restBaseUrl(), "DISCORD_SHARD_TOTAL",
                    Integer.toString(SHARDS)));
            env.putAll(slack.environment(SOCKETS));
            String yaml = """
                    discord:
                      gateway-compression: false
                    engine:
                      turn-deadline: %ds
                      circuit:
                        open-for: 10s
                      quotas:
                        user-turns-per-hour: 0
                        tenant-turns-per-hour: 0
                    """.formatted(TURN_DEADLINE.toSeconds());
            SoakReport report = soak(Application.start(new ConfigLoader(env).load(yaml, "soak")), postgres, discord, slack, bfl, logs, stderr,
                    said, photo, length, every);
            String text = report.text();
            System.out.println(text);
            Path file = Path.of("target", "soak-report.txt");
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
            assertThat(report.violations()).as("the soak's expectations (report in %s):%n%s", file.toAbsolutePath(), text).isEmpty();
        } finally {
            stderr.uninstall();
            said.close();
        }
    }

    private static SoakReport soak(Application app, PrivatePostgres postgres, FakeDiscord discord, ChaoticSlack slack, ChaoticBfl bfl,
                                   CapturedLogs logs, StderrWatch stderr, SaidConnected said, byte[] photo, Duration length, Duration every)
            throws Exception {
        Run run;
        try {
            run = run(app, postgres, discord, slack, bfl, said, photo, length, every);
        } finally {
            // Shutdown is part of the weather (issue #17: a late score refused by a stopped pool): its log counts too.
            app.close();
        }
        List<ILoggingEvent> errors = logs.events().stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.ERROR) && e.getThrowableProxy() != null)
                .toList();
        return new SoakReport(run.facts().apply(new SoakReport.LoggedErrors(
                errors.stream().filter(ConnectionsSoak::escaped).map(ConnectionsSoak::describe).toList(),
                errors.stream().filter(e -> !escaped(e)).map(ConnectionsSoak::describe).toList(), stderr.uncaught())));
    }

    /**
     * Whether an ERROR's Throwable got past our code: to the thread (our default handler logs those) or to a library
     * that logged it for want of a handler (JDA's default failure of a RestAction, Bolt's "Failed to handle a
     * request"). The others were caught by our code, which logged them with their stack and answered the person.
     */
    private static boolean escaped(ILoggingEvent event) {
        return !event.getLoggerName().startsWith("dev.kontextbot.") || event.getLoggerName().equals(UNCAUGHT_HANDLER);
    }

    /** What the run saw, waiting for the log's figures, which are complete only once the application has stopped. */
    private record Run(java.util.function.Function<SoakReport.LoggedErrors, SoakReport.Facts> facts) {
    }

    private static Run run(Application app, PrivatePostgres postgres, FakeDiscord discord, ChaoticSlack slack, ChaoticBfl bfl,
                           SaidConnected said, byte[] photo, Duration length, Duration every) throws Exception {
        Healthz healthz = new Healthz(app.httpPort());
        SoakLoad load = new SoakLoad(discord, slack, photo, app.httpPort());
        ChaosScript chaos = new ChaosScript(discord, SHARDS, slack, SOCKETS, bfl, postgres, healthz, load, Duration.ofSeconds(15));
        ScheduledExecutorService steady = Executors.newScheduledThreadPool(4, r -> {
            Thread t = new Thread(r, "soak-load");
            t.setDaemon(true);
            return t;
        });
        Instant start = Instant.now();
        Instant until = start.plus(length);
        long period = every.toMillis();
        steady.scheduleAtFixedRate(load::discordTurn, 500, period, TimeUnit.MILLISECONDS);
        steady.scheduleAtFixedRate(() -> load.slackTurn(false), 500 + period / 3, period, TimeUnit.MILLISECONDS);
        steady.scheduleAtFixedRate(load::apiTurn, 500 + 2 * period / 3, period, TimeUnit.MILLISECONDS);
        try {
            chaos.run(until);
            Thread.sleep(Math.max(0, Duration.between(Instant.now(), until).toMillis()));
        } finally {
            steady.shutdown();
        }
        if (!steady.awaitTermination(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the load did not stop within 60 s");
        }
        chaos.finish();
        // Every connection back, as far as each side can tell; then every turn ended, or the deadline past.
        awaitAtMost(Duration.ofSeconds(60), () -> discord.connectedShards().size() == SHARDS && slack.openConnections() == SOCKETS
                && healthz.probe().allUp());
        SoakReport.Connections end = new SoakReport.Connections(discord.connectedShards().size(), SHARDS, slack.openConnections(), SOCKETS,
                healthz.probe());
        TurnLedger ledger = new TurnLedger(postgres.jdbcUrl());
        Instant lastTurnsDeadline = Instant.now().plus(TURN_DEADLINE).plus(SoakReport.DEADLINE_SWEEP_SLACK);
        awaitAtMost(Duration.between(Instant.now(), lastTurnsDeadline), () -> {
            try {
                return ledger.rows().stream().allMatch(TurnLedger.Row::isFinal);
            } catch (java.sql.SQLException notYet) {
                // The database may still be coming back from the script's last stop: look again.
                return false;
            }
        });
        var acked = slack.acknowledged();
        List<TurnLedger.Row> rows = ledger.rows();
        List<ChaosScript.Disruption> disruptions = chaos.disruptions();
        List<SoakLoad.Sent> requests = load.sent();
        List<Integer> saidConnected = said.samples();
        load.close();
        healthz.close();
        return new Run(logged -> new SoakReport.Facts(
                "Discord " + SHARDS + " shards, Slack Socket Mode " + SOCKETS + " sockets, BFL, private PostgreSQL; a turn every "
                        + SoakReport.seconds(every) + " per door (Discord, Slack, API)",
                start, Duration.between(start, until), TURN_DEADLINE, disruptions, end, saidConnected, requests, rows, bfl.acceptedByPrompt(),
                sent -> switch (sent.platform()) {
                    case DISCORD -> sent.interaction().map(i -> !discord.callbacks(i).isEmpty()).orElse(false);
                    case SLACK -> sent.envelope().map(acked::contains).orElse(false);
                    case API -> sent.httpStatus() > 0;
                },
                chaos.outages(), chaos.outageProbes(), logged, bfl.served5xx(), slack.refusedOpens()));
    }

    /** "logger: message (Throwable class)", the shape that tells one kind of error from another. */
    private static String describe(ILoggingEvent event) {
        IThrowableProxy cause = event.getThrowableProxy();
        String message = event.getFormattedMessage().replaceAll("\\d+", "N");
        return event.getLoggerName().replaceAll(".*\\.", "") + ": " + (message.length() > 120 ? message.substring(0, 120) + "…" : message)
                + " (" + cause.getClassName() + ")";
    }

    private static void awaitAtMost(Duration limit, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end && !condition.getAsBoolean()) {
            Thread.sleep(250);
        }
    }

    /**
     * How many shards had identified at the fake gateway at the moment the bot logged that Discord was connected;
     * sampled on the logging thread, so the answer is the state the log line claimed.
     */
    private static final class SaidConnected extends AppenderBase<ILoggingEvent> {
        private final List<Integer> samples = new CopyOnWriteArrayList<>();
        private volatile FakeDiscord discord;

        void watch(FakeDiscord fake) {
            discord = fake;
            setContext((ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory());
            start();
            root().addAppender(this);
        }

        @Override
        protected void append(ILoggingEvent event) {
            FakeDiscord fake = discord;
            if (fake != null && event.getFormattedMessage().startsWith("Discord connected")) {
                samples.add(fake.connectedShards().size());
            }
        }

        List<Integer> samples() {
            return List.copyOf(samples);
        }

        void close() {
            root().detachAppender(this);
            stop();
        }

        private static ch.qos.logback.classic.Logger root() {
            return (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        }
    }

    /** Copies stderr through, and counts the JVM's "Exception in thread" lines: a thread died with nobody to catch it. */
    private static final class StderrWatch extends OutputStream {
        private final PrintStream original;
        private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

        private StderrWatch(PrintStream original) {
            this.original = original;
        }

        static StderrWatch install() {
            StderrWatch watch = new StderrWatch(System.err);
            System.setErr(new PrintStream(watch, true, StandardCharsets.UTF_8));
            return watch;
        }

        @Override
        public synchronized void write(int b) {
            original.write(b);
            copy.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            original.write(b, off, len);
            copy.write(b, off, len);
        }

        synchronized int uncaught() {
            return copy.toString(StandardCharsets.UTF_8).split("Exception in thread", -1).length - 1;
        }

        void uninstall() {
            System.setErr(original);
        }
    }
}
