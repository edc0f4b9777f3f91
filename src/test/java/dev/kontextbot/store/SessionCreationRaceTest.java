package dev.kontextbot.store;

import dev.kontextbot.engine.model.Conversation;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Platform;
import dev.kontextbot.engine.model.Session;
import dev.kontextbot.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Found by the benchmark: the first sessions of a new workspace, started at the same moment, all succeed. */
class SessionCreationRaceTest {
    @TempDir
    Path dir;
    Database database;

    @BeforeEach
    void open() {
        database = TestDatabases.open(dir, 8);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void sessionsOfANewTenantCreatedAtOnceShareOneTenant() throws Exception {
        JooqSessionRepository sessions = new JooqSessionRepository(database.dsl(), Clock.systemUTC());
        JooqTransactions transactions = new JooqTransactions(database.dsl());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Session>> created = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Conversation thread = new Conversation(Platform.SLACK, "T-new", "C1", "thread-" + i);
            Callable<Session> create = () -> {
                go.await();
                // As the engine starts a session: inside a transaction that also stores its first turn.
                return transactions.inTransaction(() -> sessions.create(thread, "ana", null, ParamOverrides.NONE, null));
            };
            created.add(pool.submit(create));
        }
        go.countDown();
        List<Session> all = new ArrayList<>();
        for (Future<Session> session : created) {
            all.add(session.get());
        }
        pool.shutdown();

        assertThat(all).hasSize(8);
        assertThat(sessions.recentIn(Platform.SLACK, "T-new", "C1", 20)).hasSize(8);
        assertThat(database.dsl().fetchCount(dev.kontextbot.store.generated.Tables.TENANT)).isEqualTo(1);
    }
}
