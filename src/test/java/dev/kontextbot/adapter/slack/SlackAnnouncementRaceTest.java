package dev.kontextbot.adapter.slack;

import dev.kontextbot.testing.Await;
import dev.kontextbot.engine.port.EditRequest;
import dev.kontextbot.engine.port.ForwardingProvider;
import dev.kontextbot.engine.port.JobProgress;
import dev.kontextbot.engine.port.KontextProvider;
import dev.kontextbot.engine.port.PollOutcome;
import dev.kontextbot.engine.port.SubmitOutcome;
import dev.kontextbot.testing.TestImages;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.MethodsClient;
import dev.kontextbot.engine.ConversationEngine;
import dev.kontextbot.engine.EngineSettings;
import dev.kontextbot.engine.EngineStores;
import dev.kontextbot.engine.Quotas;
import dev.kontextbot.engine.RetryPolicy;
import dev.kontextbot.engine.image.ImageInspector;
import dev.kontextbot.engine.model.Conversation;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.provider.offline.OfflineEditorProvider;
import dev.kontextbot.store.Database;
import dev.kontextbot.store.JooqAnnouncementRepository;
import dev.kontextbot.store.JooqStores;
import dev.kontextbot.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two bot instances render the same turn: the one that queued it (its message, "queued") and the one that runs it
 * (progress). Rendering is Web API calls on the message stored for the turn, so either can do it; when both find no
 * message yet and post one, the first stored is kept and the other deleted.
 */
class SlackAnnouncementRaceTest {
    @TempDir
    Path dir;
    FakeSlack slack;
    Database database;
    ConversationEngine engine;
    ExecutorService renderingA = Executors.newSingleThreadExecutor();
    ExecutorService renderingB = Executors.newSingleThreadExecutor();
    SlackTurnAnnouncer queuedBy;
    SlackTurnAnnouncer ranBy;
    JooqAnnouncementRepository announcements;

    @BeforeEach
    void start() throws Exception {
        slack = new FakeSlack();
        database = TestDatabases.open(dir, 4);
        Clock clock = Clock.systemUTC();
        EngineStores stores = JooqStores.over(database, dir.resolve("images"), clock);
        AtomicLong seeds = new AtomicLong();
        // The job never ends: the race is between the two instances' messages, not with the turn's end (a turn that had
        // ended would rightly get no progress drawn over its result).
        KontextProvider stillWorking = new ForwardingProvider(new OfflineEditorProvider(TestImages.decoder())) {
            @Override
            public SubmitOutcome submit(EditRequest request) {
                return new SubmitOutcome.Submitted("held");
            }

            @Override
            public PollOutcome poll(String job) {
                return PollOutcome.Pending.running();
            }
        };
        engine = new ConversationEngine(stores, stillWorking, new ImageInspector(10_000_000, 40_000_000),
                new EngineSettings(2, Duration.ofMillis(20), Duration.ofSeconds(20), 500, new RetryPolicy(1, Duration.ofMillis(5),
                        Duration.ofMillis(5), 1), ParamOverrides.NONE, 0, 0, Duration.ZERO, Quotas.NONE), clock, seeds::incrementAndGet);
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(slack.apiUrl());
        MethodsClient client = Slack.getInstance(config).methods(FakeSlack.BOT_TOKEN);
        announcements = new JooqAnnouncementRepository(database.dsl());
        SlackLocales locales = new SlackLocales(client, dev.kontextbot.adapter.words.TestWords.LANGUAGES);
        queuedBy = new SlackTurnAnnouncer(engine, client, stores.images(), announcements, renderingA, clock, locales);
        ranBy = new SlackTurnAnnouncer(engine, client, stores.images(), announcements, renderingB, clock, locales);
    }

    @AfterEach
    void stop() throws Exception {
        renderingA.shutdownNow();
        renderingB.shutdownNow();
        engine.close();
        database.close();
        slack.close();
    }

    private Turn turn(String thread) {
        return engine.start(new ConversationEngine.StartCommand(new Conversation(SlackBot.PLATFORM, FakeSlack.TEAM, "C1", thread), "U1", null,
                "a fox in the snow", ParamOverrides.NONE, null)).turn();
    }

    @Test
    void whenBothInstancesPostATurnsMessageTheFirstStoredStaysAndTheOtherIsDeleted() {
        Turn turn = turn("1700000900.000100");

        ranBy.onProgress(turn, JobProgress.Generating.started(), Duration.ofSeconds(1));
        Await.until(() -> announcements.ofTurn(turn.id()).isPresent(), "the progress message stored");
        String kept = announcements.ofTurn(turn.id()).orElseThrow().messageId();
        queuedBy.onQueued(turn, 0);
        Await.until(() -> !slack.calls("chat.delete").isEmpty(), "the second message deleted");

        assertThat(slack.calls("chat.postMessage")).hasSize(2);
        assertThat(slack.calls("chat.delete")).singleElement().satisfies(call -> assertThat(call.params().get("ts")).isNotEqualTo(kept));
        assertThat(announcements.ofTurn(turn.id()).orElseThrow().messageId()).isEqualTo(kept);
        assertThat(slack.calls("chat.update")).as("the older 'queued' news is not drawn over the progress").isEmpty();
    }

    @Test
    void theInstanceThatRunsATurnUpdatesTheMessageAnotherInstancePosted() {
        Turn turn = turn("1700000900.000200");

        queuedBy.onQueued(turn, 0);
        Await.until(() -> announcements.ofTurn(turn.id()).isPresent(), "the queued message stored");
        String posted = announcements.ofTurn(turn.id()).orElseThrow().messageId();
        ranBy.onProgress(turn, JobProgress.Generating.started(), Duration.ofSeconds(1));
        Await.until(() -> !slack.calls("chat.update").isEmpty(), "the message updated");

        assertThat(slack.calls("chat.postMessage")).hasSize(1);
        assertThat(slack.calls("chat.update")).singleElement().satisfies(call -> {
            assertThat(call.params().get("ts")).isEqualTo(posted);
            assertThat(call.params().get("text")).startsWith("🎨 Generating");
        });
        assertThat(slack.calls("chat.delete")).isEmpty();
    }
}
