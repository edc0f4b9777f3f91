package dev.kontextbot.store;

import dev.kontextbot.engine.model.Conversation;
import dev.kontextbot.engine.model.ImageId;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Platform;
import dev.kontextbot.engine.model.Session;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.TurnKind;
import dev.kontextbot.engine.model.TurnStatus;
import dev.kontextbot.engine.model.Variant;
import dev.kontextbot.engine.model.VariantRef;
import dev.kontextbot.engine.port.TurnRepository;
import dev.kontextbot.engine.review.QualityFlag;
import dev.kontextbot.engine.review.VariantScore;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScoreRepositoryTest {
    @TempDir
    Path dir;
    Database database;
    JooqSessionRepository sessions;
    JooqTurnRepository turns;
    JooqScoreRepository scores;
    FileImageStore images;
    JooqTransactions transactions;

    @BeforeEach
    void open() {
        database = dev.kontextbot.testing.TestDatabases.open(dir, 2);
        sessions = new JooqSessionRepository(database.dsl(), Clock.systemUTC());
        turns = new JooqTurnRepository(database.dsl());
        scores = new JooqScoreRepository(database.dsl());
        images = new FileImageStore(dir.resolve("images"), database.dsl(), Clock.systemUTC());
        transactions = new JooqTransactions(database.dsl());
    }

    @AfterEach
    void close() {
        database.close();
    }

    private Session session(String thread, ImageId source, VariantRef branchedFrom) {
        return sessions.create(new Conversation(new Platform("playground"), "local", "playground", thread), "ana", source, ParamOverrides.NONE, branchedFrom);
    }

    /** A running turn of the session, not yet completed. */
    private Turn running(Session session) {
        Turn turn = turns.insert(new TurnRepository.NewTurn(session.id(), TurnKind.REFINE, "p",
                ParamOverrides.NONE.resolve(() -> 5), null, null, "ana", null, "fake"), Instant.now());
        return turns.claim(turn, session.source(), new TurnRepository.Lease("test", Instant.now().plusSeconds(60)), Instant.now())
                .orElseThrow();
    }

    @Test
    void scoresRoundTripWithTheirFlagsAndTheFirstScoreOfAVariantIsKept() {
        ImageId source = images.put(new byte[]{1}, "image/png", 1, 1).id();
        Session session = session("t", source, null);
        Turn turn = running(session);
        turns.complete(turn.id(), "test", List.of(new Variant(turn.id(), 0, source, source, 5, 0), new Variant(turn.id(), 1, source, source, 6, 0)),
                0, java.util.Optional.empty(), Instant.now());
        VariantScore flagged = new VariantScore(41, 0.52, 17, Set.of(QualityFlag.RESOLUTION_LOSS, QualityFlag.ARTEFACTS), null);
        VariantScore clean = new VariantScore(93, 0.97, 2, Set.of(), 88);

        scores.save(Map.of(new VariantRef(turn.id(), 0), flagged, new VariantRef(turn.id(), 1), clean));
        scores.save(Map.of(new VariantRef(turn.id(), 1), new VariantScore(1, 0, 60, Set.of(QualityFlag.BLANK), 1)));

        assertThat(scores.ofSession(session.id())).containsExactlyInAnyOrderEntriesOf(Map.of(
                new VariantRef(turn.id(), 0), flagged, new VariantRef(turn.id(), 1), clean));
        assertThat(scores.ofSession(session("other", source, null).id())).isEmpty();
    }

    @Test
    void aFailedScoreWriteInsideATransactionRollsBackAloneAndTheRestCommits() {
        ImageId source = images.put(new byte[]{2}, "image/png", 1, 1).id();
        Session session = session("t", source, null);
        Turn turn = running(session);
        VariantScore score = new VariantScore(90, 0.9, 3, Set.of(), 90);

        transactions.run(() -> {
            turns.complete(turn.id(), "test", List.of(new Variant(turn.id(), 0, source, source, 5, 0)), 0, java.util.Optional.empty(), Instant.now());
            // No such variant: the foreign key refuses the row, and on PostgreSQL that would abort the whole transaction.
            assertThatThrownBy(() -> scores.save(Map.of(new VariantRef(turn.id(), 7), score))).isInstanceOf(DataAccessException.class);
            scores.save(Map.of(new VariantRef(turn.id(), 0), score));
        });

        assertThat(turns.find(turn.id()).orElseThrow().status()).isEqualTo(TurnStatus.DONE);
        assertThat(scores.ofSession(session.id())).containsOnlyKeys(new VariantRef(turn.id(), 0));
    }

    @Test
    void branchesOfASessionAreTheSessionsStartedFromItsVariants() {
        ImageId source = images.put(new byte[]{3}, "image/png", 1, 1).id();
        Session origin = session("origin", source, null);
        Turn turn = running(origin);
        turns.complete(turn.id(), "test", List.of(new Variant(turn.id(), 0, source, source, 5, 0), new Variant(turn.id(), 1, source, source, 6, 0)),
                0, java.util.Optional.empty(), Instant.now());
        Session first = session("b1", source, new VariantRef(turn.id(), 1));
        Session second = session("b2", source, new VariantRef(turn.id(), 0));
        session("unrelated", source, null);

        assertThat(sessions.branchesOf(origin.id())).extracting(Session::id).containsExactly(first.id(), second.id());
        assertThat(sessions.branchesOf(first.id())).isEmpty();
    }
}
