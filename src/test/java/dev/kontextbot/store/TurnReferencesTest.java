package dev.kontextbot.store;

import dev.kontextbot.engine.model.Conversation;
import dev.kontextbot.engine.model.ImageId;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Platform;
import dev.kontextbot.engine.model.Session;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.TurnKind;
import dev.kontextbot.engine.port.TurnRepository;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A turn's references (images 2..N) go into turn_reference in order and come back with every read of the turn. */
class TurnReferencesTest extends DatabaseTest {

    private ImageId image(int n) {
        return new FileImageStore(dir.resolve("images"), database.dsl(), Clock.systemUTC()).put(new byte[]{(byte) n, 7}, "image/png", 1, 1).id();
    }

    private Session session(String thread, ImageId source) {
        return new JooqSessionRepository(database.dsl(), Clock.systemUTC())
                .create(new Conversation(new Platform("discord"), "g", "c", thread), "ana", source, ParamOverrides.NONE, null);
    }

    private TurnRepository.NewTurn newTurn(long sessionId, String key, List<ImageId> references) {
        return new TurnRepository.NewTurn(sessionId, TurnKind.REFINE, "the hat from image 2", ParamOverrides.NONE.resolve(() -> 5), null,
                null, "ana", key, "fake", references);
    }

    @Test
    void referencesRoundTripInOrderThroughEveryRead() {
        JooqTurnRepository turns = new JooqTurnRepository(database.dsl());
        ImageId source = image(1);
        ImageId hat = image(2);
        ImageId coat = image(3);
        Session session = session("refs", source);

        Turn plain = turns.insert(newTurn(session.id(), "k0", List.of()), Instant.now());
        Turn inserted = turns.insert(newTurn(session.id(), "k1", List.of(coat, hat, coat)), Instant.now());

        assertThat(inserted.references()).containsExactly(coat, hat, coat);
        assertThat(turns.find(inserted.id()).orElseThrow().references()).containsExactly(coat, hat, coat);
        assertThat(turns.findByRequestKey("k1").orElseThrow().references()).containsExactly(coat, hat, coat);
        assertThat(turns.ofSession(session.id())).extracting(Turn::references).containsExactly(List.of(), List.of(coat, hat, coat));
        assertThat(turns.unfinished()).extracting(Turn::references).containsExactly(List.of(), List.of(coat, hat, coat));
        TurnRepository.Lease lease = new TurnRepository.Lease("a", Instant.now().plusSeconds(30));
        assertThat(turns.claim(inserted, source, lease, Instant.now()).orElseThrow().references()).containsExactly(coat, hat, coat);
        assertThat(turns.takeOver(new TurnRepository.Lease("b", Instant.now().plusSeconds(30)), null, 10))
                .extracting(taken -> taken.turn().references()).containsExactly(List.of(coat, hat, coat));
        assertThat(turns.find(plain.id()).orElseThrow().references()).isEmpty();
    }

    @Test
    void aReferenceBelongsToTheTenantOfItsSession() {
        ImageId source = image(4);
        ImageId reference = image(5);
        Session session = session("mine", source);
        JooqSessionRepository sessions = new JooqSessionRepository(database.dsl(), Clock.systemUTC());
        assertThat(sessions.imageBelongsTo(new Platform("discord"), "g", reference)).isFalse();

        new JooqTurnRepository(database.dsl()).insert(newTurn(session.id(), null, List.of(reference)), Instant.now());

        assertThat(sessions.imageBelongsTo(new Platform("discord"), "g", reference)).isTrue();
        assertThat(sessions.imageBelongsTo(new Platform("discord"), "other", reference)).isFalse();
    }

    @Test
    void turnsStoredBeforeTheMigrationReadBackWithoutReferences() {
        database.close();
        java.nio.file.Path old = dir.resolve("old");
        String url = Database.embeddedUrl(old.resolve("db"));
        Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration").target("10").load().migrate();
        try (var connection = java.sql.DriverManager.getConnection(url, "sa", "");
             var statement = connection.createStatement()) {
            statement.execute("INSERT INTO tenant (platform, external_id, created_at) VALUES ('discord', 'g', CURRENT_TIMESTAMP)");
            statement.execute("INSERT INTO session (tenant_id, channel_id, thread_key, owner_id, defaults_json, created_at, updated_at)"
                    + " SELECT id, 'c', 't', 'ana', '{}', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM tenant");
            statement.execute("INSERT INTO turn (session_id, kind, prompt, model, num_images, guidance_scale, output_format,"
                    + " safety_tolerance, enhance_prompt, seed, requested_by, provider, status, attempts, cost_micros, created_at)"
                    + " SELECT id, 'generate', 'a cat', 'pro', 1, 3.5, 'png', 2, FALSE, 5, 'ana', 'fake', 'done', 1, 0, CURRENT_TIMESTAMP"
                    + " FROM session");
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
        database = Database.open(url, "sa", "", 2);

        long id = database.dsl().select(org.jooq.impl.DSL.min(dev.kontextbot.store.generated.Tables.TURN.ID))
                .from(dev.kontextbot.store.generated.Tables.TURN).fetchOne(0, Long.class);
        Turn old1 = new JooqTurnRepository(database.dsl()).find(id).orElseThrow();

        assertThat(old1.prompt()).isEqualTo("a cat");
        assertThat(old1.references()).isEmpty();
        assertThat(old1.inputImages()).isZero();
    }
}
