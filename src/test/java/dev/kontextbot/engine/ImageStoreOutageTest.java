package dev.kontextbot.engine;

import dev.kontextbot.testing.Await;
import ch.qos.logback.classic.Level;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.TurnStatus;
import dev.kontextbot.engine.model.Variant;
import dev.kontextbot.engine.port.EditRequest;
import dev.kontextbot.store.S3Connection;
import dev.kontextbot.store.S3ImageStore;
import dev.kontextbot.testing.CapturedLogs;
import dev.kontextbot.testing.CuttableProxy;
import dev.kontextbot.testing.TestDatabases;
import dev.kontextbot.testing.TestImageStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine with its images in a real S3-compatible bucket that goes away while turns run (a proxy refuses every
 * connection, as a stopped server does), then comes back: results are paid for, so they are stored once the bucket is
 * back, never lost and never asked for twice — the same as for a database that is away.
 */
class ImageStoreOutageTest {
    @TempDir
    Path dir;

    @Test
    void resultsThatArriveWhileTheBucketIsAwayAreStoredWhenItIsBackAndNothingIsSentTwice() throws Exception {
        URI endpoint = URI.create(TestImageStores.endpoint());
        TestImageStores.connection("");
        FakeProvider provider = new FakeProvider();
        provider.holdJobs = true;
        try (CuttableProxy proxy = new CuttableProxy(endpoint.getHost(), endpoint.getPort());
             S3Connection s3 = TestImageStores.separateConnection("http://127.0.0.1:" + proxy.port(), TestImageStores.bucket(),
                     TestImageStores.prefixFor(dir));
             CapturedLogs logs = CapturedLogs.root();
             EngineHarness harness = new EngineHarness(dir, provider, EngineHarness.FAST, null, () -> TestDatabases.open(dir, 4),
                     database -> new S3ImageStore(s3, database.dsl(), Clock.systemUTC()))) {
            java.util.Map<Long, List<Variant>> done = new java.util.concurrent.ConcurrentHashMap<>();
            harness.engine.addListener(new TurnListener() {
                @Override
                public void onDone(Turn turn, List<Variant> variants) {
                    done.put(turn.id(), variants);
                }
            });
            List<Long> turns = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                turns.add(harness.engine.start(new ConversationEngine.StartCommand(EngineHarness.thread("bucket " + i), "ana",
                        FakeProvider.png(new EditRequest("source " + i, null, List.of()), 1), "edit " + i, ParamOverrides.NONE, null))
                        .turn().id());
            }
            turns.forEach(harness::awaitJob);

            proxy.cut();
            provider.releaseAll();
            Await.until(() -> logs.atLeast(Level.WARN).stream()
                    .anyMatch(e -> e.getFormattedMessage().contains("ImageStoreUnavailable")), "a result to fail on the bucket");
            assertThat(turns).as("no turn ends while its result cannot be stored")
                    .allSatisfy(id -> assertThat(harness.engine.turn(id).orElseThrow().status()).isEqualTo(TurnStatus.RUNNING));
            proxy.restore();

            for (long id : turns) {
                Turn ended = harness.awaitEnd(id);
                assertThat(ended.status()).as("turn %d: %s", id, ended.errorMessage()).isEqualTo(TurnStatus.DONE);
                Await.until(() -> done.containsKey(id), "turn " + id + "'s done event");
                assertThat(done.get(id)).isNotEmpty();
                for (Variant variant : done.get(id)) {
                    assertThat(harness.images.read(variant.image())).isNotEmpty();
                }
            }
            assertThat(provider.submits()).as("no job sent twice").isEqualTo(turns.size());
            assertThat(logs.atLeast(Level.ERROR)).extracting(e -> e.getFormattedMessage()).noneMatch(m -> m.contains("failed unexpectedly"));
        }
    }
}
