package dev.kontextbot.engine;

import dev.kontextbot.testing.ProviderRefusalsSaid;
import dev.kontextbot.testing.Await;
import dev.kontextbot.engine.image.ImageInspector;
import dev.kontextbot.engine.model.Conversation;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Platform;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.TurnStatus;
import dev.kontextbot.engine.model.Variant;
import dev.kontextbot.engine.port.ImageStore;
import dev.kontextbot.engine.port.KontextProvider;
import dev.kontextbot.store.Database;
import dev.kontextbot.store.JooqStores;
import dev.kontextbot.testing.TestImageStores;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** The real engine on a real H2 file database in {@code dir}, restartable like the bot process. */
final class EngineHarness implements AutoCloseable {
    static final EngineSettings FAST = new EngineSettings(4, Duration.ofMillis(5), Duration.ofSeconds(20), 500,
            new RetryPolicy(3, Duration.ofMillis(5), Duration.ofMillis(40), 2), ParamOverrides.NONE, 2, 0, Duration.ZERO, Quotas.NONE);

    private final Path dir;
    private final KontextProvider provider;
    private final EngineSettings settings;
    private final InstanceSettings instance;
    private final java.util.function.Supplier<Database> databases;
    private final java.util.function.Function<Database, ImageStore> imageStores;
    private final AtomicLong seeds = new AtomicLong(1000);
    final List<String> events = new CopyOnWriteArrayList<>();
    Database database;
    ImageStore images;
    ConversationEngine engine;

    EngineHarness(Path dir, KontextProvider provider, EngineSettings settings) {
        this(dir, provider, settings, null);
    }

    /** {@code instance}: null for the only instance on its database (what a single bot process is). */
    EngineHarness(Path dir, KontextProvider provider, EngineSettings settings, InstanceSettings instance) {
        this(dir, provider, settings, instance, () -> dev.kontextbot.testing.TestDatabases.open(dir, 4));
    }

    /** {@code databases}: opens the database each (re)start uses, e.g. one behind a proxy that can cut it off. */
    EngineHarness(Path dir, KontextProvider provider, EngineSettings settings, InstanceSettings instance,
                  java.util.function.Supplier<Database> databases) {
        this(dir, provider, settings, instance, databases, db -> TestImageStores.open(dir, db, Clock.systemUTC()));
    }

    /** {@code imageStores}: the image store over each (re)opened database, e.g. an object store behind a proxy. */
    EngineHarness(Path dir, KontextProvider provider, EngineSettings settings, InstanceSettings instance,
                  java.util.function.Supplier<Database> databases, java.util.function.Function<Database, ImageStore> imageStores) {
        this.imageStores = imageStores;
        this.dir = dir;
        this.provider = provider;
        this.settings = settings;
        this.instance = instance;
        this.databases = databases;
        open();
    }

    EngineHarness(Path dir, KontextProvider provider) {
        this(dir, provider, FAST);
    }

    private void open() {
        database = databases.get();
        Clock clock = Clock.systemUTC();
        EngineStores stores = JooqStores.over(database, imageStores.apply(database), clock);
        images = stores.images();
        ImageInspector inspector = new ImageInspector(10_000_000, 40_000_000);
        // The app's English words for a turn's stored failure text, so tests read what people read.
        engine = new ConversationEngine(stores, TurnRules.votesOnly(settings.votesToPick()), provider, inspector, settings,
                instance == null ? InstanceSettings.sole("engine-" + Long.toHexString(System.nanoTime())) : instance, clock,
                seeds::incrementAndGet, ProviderRefusalsSaid.ENGLISH_TEXTS);
        engine.addListener(new TurnListener() {
            @Override
            public void onQueued(Turn turn, int position) {
                events.add("queued " + turn.id() + " at " + position);
            }

            @Override
            public void onDone(Turn turn, List<Variant> variants) {
                events.add("done " + turn.id());
            }

            @Override
            public void onScored(Turn turn) {
                events.add("scored " + turn.id());
            }

            @Override
            public void onFailed(Turn turn) {
                events.add(turn.status().wireName() + " " + turn.id());
            }
        });
    }

    /** Stops the engine and the database, then starts both again on the same files and resumes. */
    void restart() throws InterruptedException {
        close();
        open();
        engine.resume();
    }

    static Conversation thread(String name) {
        return new Conversation(new Platform("playground"), "local", "playground", name);
    }

    Turn awaitEnd(long turnId) {
        Await.until(() -> engine.turn(turnId).orElseThrow().status().isFinal(), "turn " + turnId + " to end");
        return engine.turn(turnId).orElseThrow();
    }

    Turn awaitStatus(long turnId, TurnStatus status) {
        Await.until(() -> engine.turn(turnId).orElseThrow().status() == status, "turn " + turnId + " to be " + status);
        return engine.turn(turnId).orElseThrow();
    }

    /** Waits until the turn ended and, when it is done, until its scores are stored. */
    Turn awaitSettled(long turnId) {
        Turn ended = awaitEnd(turnId);
        return ended.status() == TurnStatus.DONE ? awaitScored(turnId) : ended;
    }

    /** Waits until the done turn's fidelity scores are stored (they follow the done event). */
    Turn awaitScored(long turnId) {
        Await.until(() -> events.contains("scored " + turnId), "turn " + turnId + " to be scored");
        return engine.turn(turnId).orElseThrow();
    }

    /** Waits until the provider has accepted the turn (its job id is stored): only then can a test release the job. */
    Turn awaitJob(long turnId) {
        Await.until(() -> engine.turn(turnId).orElseThrow().providerJob() != null, "turn " + turnId + " to have a job");
        return engine.turn(turnId).orElseThrow();
    }



    @Override
    public void close() throws InterruptedException {
        engine.close();
        database.close();
    }
}
