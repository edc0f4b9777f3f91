package dev.kontextbot.store;

import dev.kontextbot.engine.model.Conversation;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Platform;
import dev.kontextbot.engine.model.Session;
import dev.kontextbot.testing.AtOnce;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Found by the benchmark: the first sessions of a new workspace, started at the same moment, all succeed. */
class SessionCreationRaceTest extends DatabaseTest {
    @Test
    void sessionsOfANewTenantCreatedAtOnceShareOneTenant() throws Exception {
        JooqSessionRepository sessions = new JooqSessionRepository(database.dsl(), Clock.systemUTC());
        JooqTransactions transactions = new JooqTransactions(database.dsl());
        // As the engine starts a session: inside a transaction that also stores its first turn.
        List<Session> all = AtOnce.run(8, i -> transactions.inTransaction(() -> sessions.create(
                new Conversation(new Platform("slack"), "T-new", "C1", "thread-" + i), "ana", null, ParamOverrides.NONE, null)));

        assertThat(all).hasSize(8);
        assertThat(sessions.recentIn(new Platform("slack"), "T-new", "C1", 20)).hasSize(8);
        assertThat(database.dsl().fetchCount(dev.kontextbot.store.generated.Tables.TENANT)).isEqualTo(1);
    }
}
