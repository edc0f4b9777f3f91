package dev.kontextbot.store;

import dev.kontextbot.engine.model.Conversation;
import dev.kontextbot.engine.model.ImageId;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Platform;
import dev.kontextbot.engine.model.Session;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.TurnKind;
import dev.kontextbot.engine.port.ImageUrl;
import dev.kontextbot.engine.port.TurnRepository;
import dev.kontextbot.testing.TestDatabases;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** An image's URLs and a turn's input bytes survive a restart (the database reopened), with their expiry to the second. */
class ImageUrlRepositoryTest extends DatabaseTest {
    private static final Instant NOW = Instant.parse("2026-12-02T05:00:00Z");
    private static final ImageId IMAGE = ImageId.of(new byte[]{1, 2, 3});

    @Test
    void urlsComeBackAfterARestartResultsFirstAndExpiredOnesLeftOut() {
        ImageUrl attachment = new ImageUrl(URI.create("https://cdn.discordapp.com/attachments/1/2/a.png?ex=6a000000"), Optional.empty(),
                Optional.of(NOW.plus(Duration.ofHours(20))));
        ImageUrl result = ImageUrl.result(URI.create("https://delivery.bfl.ai/sample.png?sig=x"), "bfl", NOW, Duration.ofMinutes(8));
        ImageUrl stale = ImageUrl.result(URI.create("https://delivery.bfl.ai/old.png"), "bfl", NOW.minus(Duration.ofHours(1)), Duration.ofMinutes(8));
        ImageUrl forever = new ImageUrl(URI.create("https://example.org/cat.png"), Optional.empty(), Optional.empty());
        JooqImageUrlRepository urls = new JooqImageUrlRepository(database.dsl());
        urls.record(IMAGE, attachment, NOW);
        urls.record(IMAGE, stale, NOW);
        urls.record(IMAGE, result, NOW);
        urls.record(IMAGE, forever, NOW);
        urls.record(ImageId.of(new byte[]{9}), result, NOW);

        database.close();
        database = TestDatabases.open(dir, 8);
        List<ImageUrl> known = new JooqImageUrlRepository(database.dsl()).of(IMAGE, NOW);

        assertThat(known).containsExactly(result, forever, attachment);
        assertThat(known.get(0).validUntil()).contains(NOW.plus(Duration.ofMinutes(8)).truncatedTo(ChronoUnit.MICROS));
        assertThat(new JooqImageUrlRepository(database.dsl()).of(IMAGE, NOW.plus(Duration.ofMinutes(9)))).containsExactly(forever, attachment);
        assertThat(new JooqImageUrlRepository(database.dsl()).forgetExpired(NOW)).isEqualTo(1);
    }

    @Test
    void aForgottenUrlIsGoneForItsImageOnlyAndOnlyForItsProvider() {
        ImageUrl file = ImageUrl.result(URI.create("https://v3.fal.media/files/a.png"), "fal", NOW, Duration.ofHours(12));
        ImageUrl sameForAnyone = new ImageUrl(file.uri(), Optional.empty(), Optional.empty());
        ImageId other = ImageId.of(new byte[]{9});
        JooqImageUrlRepository urls = new JooqImageUrlRepository(database.dsl());
        urls.record(IMAGE, file, NOW);
        urls.record(IMAGE, sameForAnyone, NOW);
        urls.record(other, file, NOW);

        urls.forget(IMAGE, file);

        assertThat(urls.of(IMAGE, NOW)).containsExactly(sameForAnyone);
        assertThat(urls.of(other, NOW)).containsExactly(file);
    }

    @Test
    void aTurnsInputBytesAddUpOverItsSubmissionsAndSurviveARestart() {
        ImageId source = new FileImageStore(dir.resolve("images"), database.dsl(), Clock.systemUTC()).put(new byte[]{5, 7}, "image/png", 1, 1).id();
        Session session = new JooqSessionRepository(database.dsl(), Clock.systemUTC())
                .create(new Conversation(new Platform("discord"), "g", "c", "bytes"), "ana", source, ParamOverrides.NONE, null);
        JooqTurnRepository turns = new JooqTurnRepository(database.dsl());
        Turn turn = turns.insert(new TurnRepository.NewTurn(session.id(), TurnKind.REFINE, "make it red", ParamOverrides.NONE.resolve(() -> 5),
                source, null, "ana", "k", "fal"), NOW);
        assertThat(turn.inputBytesSent()).isNull();

        turns.addInputBytesSent(turn.id(), 5_000_000);
        turns.addInputBytesSent(turn.id(), 61);
        database.close();
        database = TestDatabases.open(dir, 8);

        assertThat(new JooqTurnRepository(database.dsl()).find(turn.id()).orElseThrow().inputBytesSent()).isEqualTo(5_000_061L);
    }
}
