package dev.kontextbot.store;

import dev.kontextbot.engine.model.Conversation;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Platform;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.TurnKind;
import dev.kontextbot.engine.model.TurnStatus;
import dev.kontextbot.engine.port.TurnRepository;
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

/** What the quotas count: a tenant's own turns, by person, unfinished or of the last hour. */
class TurnCountsTest {
    @TempDir
    Path dir;
    Database database;
    JooqSessionRepository sessions;
    JooqTurnRepository turns;
    final Instant now = Instant.now();

    @BeforeEach
    void open() {
        database = TestDatabases.open(dir, 2);
        sessions = new JooqSessionRepository(database.dsl(), Clock.systemUTC());
        turns = new JooqTurnRepository(database.dsl());
    }

    @AfterEach
    void close() {
        database.close();
    }

    private Turn turn(String tenant, String thread, String requester, Instant created) {
        long sessionId = sessions.findByConversation(new Conversation(new Platform("slack"), tenant, "C", thread))
                .orElseGet(() -> sessions.create(new Conversation(new Platform("slack"), tenant, "C", thread), requester, null, ParamOverrides.NONE, null))
                .id();
        return turns.insert(new TurnRepository.NewTurn(sessionId, TurnKind.GENERATE, "p", ParamOverrides.NONE.resolve(() -> 1), null, null,
                requester, null, "fal"), created);
    }

    @Test
    void countsOnlyTheTenantsTurnsByPersonAndByAge() {
        Instant twoHoursAgo = now.minus(Duration.ofHours(2));
        turn("T1", "a", "ana", now);
        turn("T1", "a", "ana", now);
        turn("T1", "b", "bo", now);
        Turn old = turn("T1", "b", "bo", twoHoursAgo);
        turn("T2", "a", "ana", now);
        turns.end(old.id(), null, TurnStatus.CANCELLED, "cancelled", "by bo", now);

        Instant hourAgo = now.minus(Duration.ofHours(1));
        assertThat(turns.countOf(new Platform("slack"), "T1", null, null)).as("unfinished in T1").isEqualTo(3);
        assertThat(turns.countOf(new Platform("slack"), "T1", "ana", null)).isEqualTo(2);
        assertThat(turns.countOf(new Platform("slack"), "T1", null, hourAgo)).as("T1's last hour").isEqualTo(3);
        assertThat(turns.countOf(new Platform("slack"), "T1", "bo", twoHoursAgo.minusSeconds(1))).isEqualTo(2);
        assertThat(turns.countOf(new Platform("slack"), "T2", null, null)).isEqualTo(1);
        assertThat(turns.countOf(new Platform("discord"), "T1", null, null)).isZero();
    }
}
