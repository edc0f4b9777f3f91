package dev.kontextbot.engine;

import dev.kontextbot.engine.model.Conversation;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Platform;
import dev.kontextbot.engine.model.TurnStatus;
import dev.kontextbot.testing.TestImages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first sessions of a server nobody used before, started by several people at the same moment: each gets its
 * session and its turn. The tenant's row is created by one of them and locked by each in turn; a database that
 * reports the others' wait as a concurrent update (H2) or a serialization failure does not reach the person.
 */
class NewTenantRaceTest {
    static final int PEOPLE = 16;

    @TempDir
    Path dir;
    EngineHarness harness;

    @AfterEach
    void close() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void severalFirstSessionsOfANewTenantAtOnceAllStart() throws Exception {
        // Quotas make each start lock the tenant's row: the row that is being created at the same moment.
        harness = new EngineHarness(dir, new FakeProvider(), EngineHarness.FAST.withQuotas(new Quotas(1_000, 10_000, 1_000, 10_000)));
        byte[] photo = TestImages.encode(TestImages.drawn(32, 24, (x, y) -> x * 7 << 16 | y * 9), "png");
        ExecutorService people = Executors.newFixedThreadPool(PEOPLE);
        try {
            for (int round = 0; round < 5; round++) {
                String server = "new-server-" + round;
                CyclicBarrier together = new CyclicBarrier(PEOPLE);
                List<Future<Long>> turns = new ArrayList<>();
                for (int person = 0; person < PEOPLE; person++) {
                    String channel = "c" + person;
                    turns.add(people.submit(() -> {
                        together.await();
                        return harness.engine.start(new ConversationEngine.StartCommand(
                                new Conversation(new Platform("discord"), server, channel, "t"), "p", photo, "invert",
                                ParamOverrides.NONE, null)).turn().id();
                    }));
                }
                for (Future<Long> turn : turns) {
                    assertThat(harness.awaitEnd(turn.get()).status()).isEqualTo(TurnStatus.DONE);
                }
            }
        } finally {
            people.shutdownNow();
        }
    }
}
