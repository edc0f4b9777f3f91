package dev.kontextbot.store;

import dev.kontextbot.engine.model.Conversation;
import dev.kontextbot.engine.model.ImageId;
import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Platform;
import dev.kontextbot.engine.model.Session;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.TurnKind;
import dev.kontextbot.engine.model.TurnStatus;
import dev.kontextbot.engine.model.Variant;
import dev.kontextbot.engine.port.HeadChange;
import dev.kontextbot.engine.port.TurnRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoreTest {
    @TempDir
    Path dir;
    Database database;
    JooqSessionRepository sessions;
    JooqTurnRepository turns;
    FileImageStore images;

    @BeforeEach
    void open() {
        database = dev.kontextbot.testing.TestDatabases.open(dir, 2);
        sessions = new JooqSessionRepository(database.dsl(), Clock.systemUTC());
        turns = new JooqTurnRepository(database.dsl());
        images = new FileImageStore(dir.resolve("images"), database.dsl(), Clock.systemUTC());
    }

    @AfterEach
    void close() {
        database.close();
    }

    private Conversation thread(String tenant, String thread) {
        return new Conversation(new Platform("discord"), tenant, "channel", thread);
    }

    @Test
    void imagesAreStoredOnceUnderTheirSha256() throws Exception {
        byte[] bytes = "pretend png".getBytes();
        var first = images.put(bytes, "image/png", 3, 2);
        var again = images.put(bytes, "image/png", 3, 2);

        assertThat(first.id()).isEqualTo(again.id());
        assertThat(images.read(first.id())).isEqualTo(bytes);
        assertThat(images.find(first.id())).get().extracting(i -> i.width(), i -> i.height(), i -> i.sizeBytes())
                .containsExactly(3, 2, (long) bytes.length);
        try (var files = Files.walk(dir.resolve("images"))) {
            assertThat(files.filter(Files::isRegularFile).toList()).hasSize(1);
        }
        assertThat(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes)))
                .isEqualTo(first.id().sha256());
    }

    @Test
    void sessionsPersistAcrossReopeningTheDatabaseFile() {
        ImageId source = images.put(new byte[]{1, 2, 3}, "image/png", 1, 1).id();
        Session created = sessions.create(thread("guild-1", "t"), "ana",
                source, ParamOverrides.builder().model(ModelId.KONTEXT_MAX).numImages(3).build(), null);
        database.close();
        open();

        Session found = sessions.findByConversation(thread("guild-1", "t")).orElseThrow();
        assertThat(found).isEqualTo(created);
        assertThat(found.defaults().model()).isEqualTo(ModelId.KONTEXT_MAX);
        assertThat(found.defaults().numImages()).isEqualTo(3);
        assertThat(sessions.findByConversation(thread("guild-2", "t"))).isEmpty();
    }

    @Test
    void oneSessionPerThread() {
        sessions.create(thread("g", "same"), "ana", null, ParamOverrides.NONE, null);
        assertThatThrownBy(() -> sessions.create(thread("g", "same"), "bo", null, ParamOverrides.NONE, null))
                .isInstanceOf(org.jooq.exception.DataAccessException.class);
    }

    @Test
    void statusChangesAreCompareAndSetSoATurnEndsOnlyOnce() {
        ImageId source = images.put(new byte[]{1}, "image/png", 1, 1).id();
        Session session = sessions.create(thread("g", "cas"), "ana", source, ParamOverrides.NONE, null);
        Turn turn = turns.insert(new TurnRepository.NewTurn(session.id(), TurnKind.REFINE, "p",
                ParamOverrides.NONE.resolve(() -> 5), null, null, "ana", "key-1", "fake"), Instant.now());

        TurnRepository.Lease lease = new TurnRepository.Lease("a", Instant.now().plusSeconds(30));
        assertThat(turns.claim(turn, source, lease, Instant.now())).isPresent();
        assertThat(turns.claim(turn, source, lease, Instant.now())).isEmpty();
        assertThat(turns.end(turn.id(), null, TurnStatus.CANCELLED, "cancelled", "by ana", Instant.now())).isTrue();
        Variant late = new Variant(turn.id(), 0, source, source, 5, 0);
        assertThat(turns.complete(turn.id(), "a", List.of(late), 40_000, java.util.Optional.empty(), Instant.now())).isFalse();
        assertThat(turns.end(turn.id(), null, TurnStatus.FAILED, "x", "y", Instant.now())).isFalse();

        Turn stored = turns.find(turn.id()).orElseThrow();
        assertThat(stored.status()).isEqualTo(TurnStatus.CANCELLED);
        assertThat(stored.costMicros()).isZero();
        assertThat(turns.variants(turn.id())).isEmpty();
        assertThat(turns.findByRequestKey("key-1")).get().extracting(Turn::id).isEqualTo(turn.id());
    }

    @Test
    void undoWalksBackThroughLiveHeadChanges() {
        ImageId a = images.put(new byte[]{1}, "image/png", 1, 1).id();
        ImageId b = images.put(new byte[]{2}, "image/png", 1, 1).id();
        ImageId c = images.put(new byte[]{3}, "image/png", 1, 1).id();
        Session session = sessions.create(thread("g", "undo"), "ana", a, ParamOverrides.NONE, null);
        sessions.changeHead(session.id(), new HeadChange(b, null, HeadChange.Reason.UPLOAD));
        sessions.changeHead(session.id(), new HeadChange(c, null, HeadChange.Reason.UPLOAD));

        assertThat(sessions.undoHead(session.id())).contains(b);
        assertThat(sessions.undoHead(session.id())).contains(a);
        assertThat(sessions.undoHead(session.id())).isEmpty();
        assertThat(sessions.find(session.id()).orElseThrow().head()).isEqualTo(a);
        assertThat(sessions.liveHeads(session.id())).extracting(HeadChange::reason).containsExactly(HeadChange.Reason.SOURCE);
    }
}
