package dev.kontextbot.store;

import dev.kontextbot.engine.model.Conversation;
import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Platform;
import dev.kontextbot.engine.model.ProviderFailure;
import dev.kontextbot.engine.model.ProviderRefusal;
import dev.kontextbot.engine.model.Session;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.TurnFailure;
import dev.kontextbot.engine.model.TurnKind;
import dev.kontextbot.engine.model.TurnStatus;
import dev.kontextbot.engine.port.TurnRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static dev.kontextbot.store.generated.Tables.TURN;
import static org.assertj.core.api.Assertions.assertThat;

/** A turn's typed reason in its row (V24's error_detail), on H2 and, with KONTEXT_TEST_POSTGRES_URL, PostgreSQL. */
class StoredTurnFailuresTest {
    @TempDir
    Path dir;
    Database database;
    JooqSessionRepository sessions;
    JooqTurnRepository turns;

    @BeforeEach
    void open() {
        database = dev.kontextbot.testing.TestDatabases.open(dir, 2);
        sessions = new JooqSessionRepository(database.dsl(), Clock.systemUTC());
        turns = new JooqTurnRepository(database.dsl());
    }

    @AfterEach
    void close() {
        database.close();
    }

    private Turn queued(String thread) {
        Session session = sessions.create(new Conversation(new Platform("slack"), "T1", "C1", thread), "ana", null, ParamOverrides.NONE, null);
        return turns.insert(new TurnRepository.NewTurn(session.id(), TurnKind.GENERATE, "a lighthouse",
                ParamOverrides.NONE.resolve(() -> 5), null, null, "ana", "key-" + thread, "fake"), Instant.now());
    }

    @Test
    void aTurnEndedForATypedReasonReadsItBackBesideItsEnglish() {
        Turn turn = queued("typed");
        TurnFailure why = new TurnFailure.Failed(new ProviderFailure.ModelNotFound("BFL", ModelId.KONTEXT_MAX, "/v1/flux-kontext-max", true, ""));
        TurnFailure refused = new TurnFailure.Refused(new ProviderRefusal.ServiceLacks("fal.ai", Optional.of(ModelId.KONTEXT_PRO),
                ProviderRefusal.Parameter.GUIDANCE_SCALE, Optional.empty()));

        assertThat(turns.end(turn.id(), null, TurnStatus.FAILED, "provider_error", "BFL has no such model.", why, Instant.now())).isTrue();
        Turn other = queued("refused");
        turns.end(other.id(), null, TurnStatus.FAILED, "bad_request", "fal.ai lacks guidance.", refused, Instant.now());

        Turn stored = turns.find(turn.id()).orElseThrow();
        assertThat(stored.failure()).isEqualTo(why);
        assertThat(stored.errorMessage()).as("the English stays, for logs and older readers").isEqualTo("BFL has no such model.");
        assertThat(turns.find(other.id()).orElseThrow().why()).contains(refused);
        assertThat(turns.ofSession(stored.sessionId())).extracting(Turn::failure).containsExactly(why);
    }

    @Test
    void aRowWithoutATypedReasonReadsAsItsEnglish() {
        Turn turn = queued("old");
        turns.end(turn.id(), null, TurnStatus.CANCELLED, "cancelled", "Cancelled by ana.", Instant.now());
        Turn done = queued("unreadable");
        turns.end(done.id(), null, TurnStatus.FAILED, "provider_error", "It broke.", new TurnFailure.Internal(), Instant.now());
        database.dsl().update(TURN).set(TURN.ERROR_DETAIL, "{\"kind\":\"SomethingNewer\"}").where(TURN.ID.eq(done.id())).execute();

        assertThat(turns.find(turn.id()).orElseThrow().failure()).isEqualTo(new TurnFailure.Legacy("Cancelled by ana."));
        assertThat(turns.find(done.id()).orElseThrow().failure()).as("a kind this build does not know")
                .isEqualTo(new TurnFailure.Legacy("It broke."));
        assertThat(turns.find(queued("running").id()).orElseThrow().why()).as("a turn that has not ended has no reason").isEmpty();
    }

    @Test
    void aDoneTurnsShortfallIsNoFailure() {
        Turn turn = queued("partial");
        turns.complete(turn.id(), null, List.of(), 0, Optional.of("1 of 2 variants: not made."), Instant.now());

        Turn done = turns.find(turn.id()).orElseThrow();
        assertThat(done.failure()).isNull();
        assertThat(done.why()).isEmpty();
        assertThat(done.shortfall()).contains("1 of 2 variants: not made.");
        assertThat(done.lacking()).as("a row from before shortfalls were typed").contains(new TurnFailure.Legacy("1 of 2 variants: not made."));
    }

    @Test
    void aDoneTurnsTypedShortfallReadsBackTypedAndStillIsNoFailure() {
        Turn turn = queued("typed-partial");
        TurnFailure lacking = new TurnFailure.Partial(1, 3, new TurnFailure.TimedOut(15, ""));
        turns.complete(turn.id(), null, List.of(), 0, Optional.of("1 of 3 variants; 2 were not made: too slow."), lacking, Instant.now());

        Turn done = turns.find(turn.id()).orElseThrow();
        assertThat(done.why()).isEmpty();
        assertThat(done.shortfall()).contains("1 of 3 variants; 2 were not made: too slow.");
        assertThat(done.lacking()).contains(lacking);
    }
}
