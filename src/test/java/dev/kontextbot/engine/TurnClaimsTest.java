package dev.kontextbot.engine;

import dev.kontextbot.engine.model.ImageId;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.TurnKind;
import dev.kontextbot.engine.model.TurnStatus;
import dev.kontextbot.engine.port.TurnRepository;
import dev.kontextbot.store.Database;
import dev.kontextbot.store.FileImageStore;
import dev.kontextbot.store.JooqSessionRepository;
import dev.kontextbot.store.JooqTransactions;
import dev.kontextbot.store.JooqTurnRepository;
import dev.kontextbot.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** A new turn starts with the commit that stores it when its session's lane is free, and waits its turn otherwise. */
class TurnClaimsTest {
    @TempDir
    Path dir;
    Database database;
    JooqTurnRepository turns;
    JooqSessionRepository sessions;
    JooqTransactions transactions;
    TurnClaims claims;
    ImageId photo;

    @BeforeEach
    void open() {
        database = TestDatabases.open(dir, 2);
        turns = new JooqTurnRepository(database.dsl());
        sessions = new JooqSessionRepository(database.dsl(), Clock.systemUTC());
        transactions = new JooqTransactions(database.dsl());
        claims = new TurnClaims(turns, transactions, new InstanceSettings("a", Duration.ofSeconds(30), false), Clock.systemUTC(),
                new RunningLimits(turns, sessions, Quotas.NONE));
        photo = new FileImageStore(dir.resolve("images"), database.dsl(), Clock.systemUTC()).put(new byte[]{7}, "image/png", 1, 1).id();
    }

    @AfterEach
    void close() {
        database.close();
    }

    private TurnClaims.Enqueued enqueue(long sessionId, String prompt) {
        return transactions.inTransaction(() -> claims.enqueue(sessionId, () -> turns.insert(new TurnRepository.NewTurn(sessionId,
                TurnKind.REFINE, prompt, ParamOverrides.NONE.resolve(() -> 1), null, null, "ana", null, "fake"), Instant.now())));
    }

    @Test
    void aTurnForAnIdleSessionIsClaimedWithItsOwnCommitAndEditsTheHead() {
        long sessionId = sessions.create(EngineHarness.thread("idle"), "ana", photo, ParamOverrides.NONE, null).id();

        TurnClaims.Enqueued queued = enqueue(sessionId, "first");

        assertThat(queued.current().status()).isEqualTo(TurnStatus.RUNNING);
        assertThat(queued.current().parent()).isEqualTo(photo);
        assertThat(turns.find(queued.turn().id()).orElseThrow().status()).isEqualTo(TurnStatus.RUNNING);
        assertThat(turns.leaseOf(queued.turn().id())).get().extracting(TurnRepository.Lease::instance).isEqualTo("a");
    }

    @Test
    void aTurnBehindARunningOneWaitsAndTheOldestWaitingOneGoesFirst() {
        long sessionId = sessions.create(EngineHarness.thread("busy"), "ana", photo, ParamOverrides.NONE, null).id();
        Turn first = enqueue(sessionId, "first").current();
        TurnClaims.Enqueued second = enqueue(sessionId, "second");
        turns.end(first.id(), "a", TurnStatus.FAILED, "x", "y", Instant.now());

        TurnClaims.Enqueued third = enqueue(sessionId, "third");

        assertThat(second.claimed()).isEmpty();
        assertThat(second.current().status()).isEqualTo(TurnStatus.QUEUED);
        assertThat(third.claimed()).get().extracting(Turn::id).isEqualTo(second.turn().id());
        assertThat(third.current().status()).isEqualTo(TurnStatus.QUEUED);
    }
}
