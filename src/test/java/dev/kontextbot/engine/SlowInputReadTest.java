package dev.kontextbot.engine;

import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.TurnStatus;
import dev.kontextbot.engine.port.EditRequest;
import dev.kontextbot.engine.port.ImageStore;
import dev.kontextbot.engine.model.ImageId;
import dev.kontextbot.engine.model.StoredImage;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kontextbot.provider.http.FakeService;
import dev.kontextbot.provider.http.ProviderHttp;
import dev.kontextbot.provider.runflow.FakeRunflow;
import dev.kontextbot.provider.runflow.RunflowConfig;
import dev.kontextbot.provider.runflow.RunflowProvider;
import dev.kontextbot.store.FileImageStore;
import dev.kontextbot.store.JooqTurnRepository;
import dev.kontextbot.testing.TestCatalogue;
import okhttp3.OkHttpClient;
import dev.kontextbot.testing.Await;
import dev.kontextbot.testing.TestDatabases;
import dev.kontextbot.testing.TestImageStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An instance that dies while it reads a turn's inputs (a slow object store) has sent nothing: the instance that takes
 * the turn over sends it, once, instead of ending it as "maybe sent, not resent"; and no input is read after the
 * submission is marked, even one that goes by URL and is resent with bytes. On whichever database the tests run on.
 */
class SlowInputReadTest {
    static final Duration LEASE = Duration.ofMillis(400);

    @TempDir
    Path dir;
    final FakeProvider provider = new FakeProvider();

    /** A store that passes everything on but its reads, which each test's store decides; it offers no presigned URL. */
    abstract static class ReadingStore implements ImageStore {
        final ImageStore store;

        ReadingStore(ImageStore store) {
            this.store = store;
        }

        @Override
        public StoredImage put(byte[] bytes, String mime, int width, int height) {
            return store.put(bytes, mime, width, height);
        }

        @Override
        public Optional<StoredImage> find(ImageId id) {
            return store.find(id);
        }

        @Override
        public InputStream open(ImageId id) throws IOException {
            return store.open(id);
        }

        @Override
        public Optional<URI> presignedUrl(ImageId id, Duration validFor) {
            return Optional.empty();
        }
    }

    /** An image store whose first read hangs until {@link #release}, deaf to interrupts, as a read cut off by a kill is. */
    static final class HangingFirstRead extends ReadingStore {
        private final AtomicBoolean first = new AtomicBoolean(true);
        final CountDownLatch reading = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        HangingFirstRead(ImageStore store) {
            super(store);
        }

        void release() {
            released.countDown();
        }

        @Override
        public byte[] read(ImageId id) throws IOException {
            if (first.getAndSet(false)) {
                reading.countDown();
                boolean interrupted = false;
                while (true) {
                    try {
                        released.await();
                        break;
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
                throw new IOException("the read was cut off with its process");
            }
            return store.read(id);
        }

    }

    /**
     * An image store that refuses every read while a turn is marked as being sent and has no job yet, and counts those
     * reads: a read there is one the engine cannot take back (it may follow a request that started paid work).
     */
    static class FailingAfterTheMark extends ReadingStore {
        private final JooqTurnRepository turns;
        final java.util.concurrent.atomic.AtomicInteger readsAfterTheMark = new java.util.concurrent.atomic.AtomicInteger();
        /** Where the first read after the mark came from, so a failure names its thread and caller. */
        final java.util.concurrent.atomic.AtomicReference<String> firstReadAfterTheMark = new java.util.concurrent.atomic.AtomicReference<>("");

        FailingAfterTheMark(ImageStore store, JooqTurnRepository turns) {
            super(store);
            this.turns = turns;
        }

        @Override
        public byte[] read(ImageId id) throws IOException {
            if (turns.unfinished().stream().anyMatch(turn -> turn.submittingAt() != null && turn.providerJob() == null)) {
                readsAfterTheMark.incrementAndGet();
                java.io.StringWriter where = new java.io.StringWriter();
                new Throwable("read of " + id + " on " + Thread.currentThread().getName()).printStackTrace(new java.io.PrintWriter(where));
                firstReadAfterTheMark.compareAndSet("", where.toString());
                throw new IOException("the store went away after the submission was marked");
            }
            return store.read(id);
        }

    }

    @Test
    void aRefineSentByUrlHasReadItsInputBeforeTheMarkSoItsResendWithBytesNeedsNoStoreRead() throws Exception {
        try (FakeRunflow runflow = new FakeRunflow(FakeService.API_KEY)) {
            RunflowProvider runflowProvider = new RunflowProvider(new RunflowConfig(runflow.base(), FakeService.API_KEY,
                    TestCatalogue.routes("runflow"), 1_000_000), new ProviderHttp(new OkHttpClient(), new ObjectMapper()));
            FailingAfterTheMark[] store = new FailingAfterTheMark[1];
            try (EngineHarness harness = new EngineHarness(dir, runflowProvider, EngineHarness.FAST, null, () -> TestDatabases.open(dir, 4),
                    db -> store[0] = new FailingAfterTheMark(new FileImageStore(dir.resolve("images"), db.dsl(), Clock.systemUTC()),
                            new JooqTurnRepository(db.dsl())))) {
                var started = harness.engine.start(new ConversationEngine.StartCommand(EngineHarness.thread("marked"), "ana",
                        FakeProvider.png(new EditRequest("photo", null, List.of()), 1), "make it a watercolor", ParamOverrides.NONE, null));
                assertThat(harness.awaitEnd(started.turn().id()).status()).isEqualTo(TurnStatus.DONE);
                // The refine goes by the first result's URL, which Runflow now cannot fetch: it is sent once more with bytes.
                runflow.unreachableUrls = true;
                Turn refined = harness.awaitEnd(harness.engine.refine(started.session().id(), "ana", "now make it blue", ParamOverrides.NONE, null).id());

                assertThat(refined.status()).as("%s: %s", refined.errorCode(), refined.errorMessage()).isEqualTo(TurnStatus.DONE);
                assertThat(runflow.createAttempts.get()).as("the refine's URL refused, then its bytes accepted").isEqualTo(3);
                assertThat(runflow.acceptedInputs.get(1).get("image_url").asText()).startsWith("data:image/png;base64,");
                assertThat(store[0].readsAfterTheMark.get()).as("store reads after a submission was marked: %s", store[0].firstReadAfterTheMark.get())
                        .isZero();
            }
        }
    }

    @Test
    void anInputTheObjectStoreCannotGiveBackNowEndsTheTurnWithItsMessageBeforeAnythingIsSent() throws Exception {
        try (EngineHarness harness = new EngineHarness(dir, provider, EngineHarness.FAST, null, () -> TestDatabases.open(dir, 4),
                db -> new FailingAfterTheMark(new FileImageStore(dir.resolve("images"), db.dsl(), Clock.systemUTC()), new JooqTurnRepository(db.dsl())) {
                    @Override
                    public byte[] read(ImageId id) {
                        throw new dev.kontextbot.engine.port.ImageStoreUnavailable("the bucket is away", new IOException("503 Slow Down"));
                    }
                })) {
            long turnId = harness.engine.start(new ConversationEngine.StartCommand(EngineHarness.thread("away"), "ana",
                    FakeProvider.png(new EditRequest("photo", null, List.of()), 1), "make it a watercolor", ParamOverrides.NONE, null)).turn().id();
            Turn ended = harness.awaitEnd(turnId);

            assertThat(ended.status()).isEqualTo(TurnStatus.FAILED);
            assertThat(ended.errorMessage()).isEqualTo("The image to edit could not be read back from storage.");
            assertThat(ended.submittingAt()).as("never marked: nothing was sent").isNull();
            assertThat(provider.submits()).isZero();
        }
    }

    @Test
    void aTurnWhoseInstanceDiedReadingItsInputsIsSentOnceByTheInstanceThatTakesItOver() throws Exception {
        HangingFirstRead[] hanging = new HangingFirstRead[1];
        EngineHarness a = new EngineHarness(dir, provider, EngineHarness.FAST, new InstanceSettings("a", LEASE, false),
                () -> TestDatabases.open(dir, 4), db -> hanging[0] = new HangingFirstRead(TestImageStores.open(dir, db, Clock.systemUTC())));
        a.engine.resume();
        long turnId = a.engine.start(new ConversationEngine.StartCommand(EngineHarness.thread("cut off"), "ana",
                FakeProvider.png(new EditRequest("photo", null, List.of()), 1), "make it a watercolor", ParamOverrides.NONE, null)).turn().id();
        Await.until(() -> hanging[0].reading.getCount() == 0, "instance a to be reading the turn's input");
        // Instance a dies here: nothing it does from now on reaches the database, and its lease runs out.
        a.database.close();

        try (EngineHarness b = new EngineHarness(dir, provider, EngineHarness.FAST, new InstanceSettings("b", LEASE, false))) {
            b.engine.resume();
            Turn ended = b.awaitEnd(turnId);

            assertThat(ended.status()).as("%s: %s", ended.errorCode(), ended.errorMessage()).isEqualTo(TurnStatus.DONE);
            assertThat(new JooqTurnRepository(b.database.dsl()).leaseOf(turnId)).isEmpty();
            assertThat(provider.submits()).as("sent once, by b").isEqualTo(1);
            assertThat(ended.attempts()).isEqualTo(1);
        } finally {
            hanging[0].release();
            a.engine.halt();
        }
        assertThat(provider.submits()).as("a, its read given back at last, sends nothing").isEqualTo(1);
    }

    @Test
    void aReadCutOffByTheInstanceStoppingLeavesTheTurnForTheInstanceThatTakesItOver() throws Exception {
        CountDownLatch reading = new CountDownLatch(1);
        EngineHarness a = new EngineHarness(dir, provider, EngineHarness.FAST, new InstanceSettings("a", LEASE, false),
                () -> TestDatabases.open(dir, 4), db -> new FailingAfterTheMark(TestImageStores.open(dir, db, Clock.systemUTC()),
                new JooqTurnRepository(db.dsl())) {
                    @Override
                    public byte[] read(ImageId id) {
                        reading.countDown();
                        try {
                            new CountDownLatch(1).await();
                            throw new IllegalStateException("never released");
                        } catch (InterruptedException e) {
                            // What the object store's client does when its thread is interrupted mid-read.
                            throw new dev.kontextbot.engine.port.ImageStoreUnavailable("the read was interrupted", new IOException("Thread was interrupted"));
                        }
                    }
                });
        a.engine.resume();
        long turnId = a.engine.start(new ConversationEngine.StartCommand(EngineHarness.thread("halted"), "ana",
                FakeProvider.png(new EditRequest("photo", null, List.of()), 1), "make it a watercolor", ParamOverrides.NONE, null)).turn().id();
        Await.until(() -> reading.getCount() == 0, "instance a to be reading the turn's input");
        a.engine.halt();
        a.database.close();

        try (EngineHarness b = new EngineHarness(dir, provider, EngineHarness.FAST, new InstanceSettings("b", LEASE, false))) {
            b.engine.resume();
            Turn ended = b.awaitEnd(turnId);

            assertThat(ended.status()).as("%s: %s", ended.errorCode(), ended.errorMessage()).isEqualTo(TurnStatus.DONE);
            assertThat(provider.submits()).as("sent once, by b").isEqualTo(1);
        }
    }
}
