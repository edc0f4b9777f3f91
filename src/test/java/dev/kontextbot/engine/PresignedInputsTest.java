package dev.kontextbot.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.TurnStatus;
import dev.kontextbot.provider.bfl.BflConfig;
import dev.kontextbot.provider.bfl.BflProvider;
import dev.kontextbot.provider.http.FakeBflTasks;
import dev.kontextbot.provider.http.FakeService;
import dev.kontextbot.store.S3ImageStore;
import dev.kontextbot.testing.ProviderRefusalsSaid;
import dev.kontextbot.testing.TestCatalogue;
import dev.kontextbot.testing.TestDatabases;
import dev.kontextbot.testing.TestImageStores;
import dev.kontextbot.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On a real S3-compatible server (S3Proxy at KONTEXT_TEST_S3_ENDPOINT; skipped without one, as S3ImageStoreTest is):
 * once BFL's own result URL has run out, a refine sends the bucket's presigned URL of the head, and that URL really
 * works — the provider's fake GETs it with no credentials and gets the very bytes the bot stored.
 */
class PresignedInputsTest {
    private static final byte[] PHOTO = TestImages.encode(TestImages.drawn(200, 150, (x, y) -> x * 977 + y * 131), "png");

    @TempDir
    Path dir;

    @Test
    void aRefineWhosePreviousResultUrlExpiredSendsAPresignedUrlTheProviderCanFetch() throws Exception {
        TestImageStores.endpoint();
        try (FakeService service = new FakeService()) {
            FakeBflTasks tasks = new FakeBflTasks(task -> 1, post -> false);
            tasks.base = service.base();
            tasks.fetchInputUrls = true;
            service.server.setDispatcher(tasks);
            ReferencesByUrlTest.MovableClock clock = new ReferencesByUrlTest.MovableClock();
            BflProvider provider = new BflProvider(new BflConfig(service.base(), FakeService.API_KEY, TestCatalogue.routes("bfl"), 10_000_000),
                    service.http(), clock);
            try (EngineHarness harness = new EngineHarness(dir, provider, EngineHarness.FAST, null, () -> TestDatabases.open(dir, 4),
                    db -> new S3ImageStore(TestImageStores.connection(TestImageStores.prefixFor(dir)), db.dsl(), Clock.systemUTC()))) {
                var started = harness.engine.start(new ConversationEngine.StartCommand(EngineHarness.thread("presigned"), "ana", PHOTO,
                        "make the jacket red", ParamOverrides.NONE, null));
                Turn first = harness.awaitEnd(started.turn().id());
                byte[] head = harness.images.read(harness.engine.session(started.session().id()).head());
                // BFL keeps a result 10 minutes (recorded as 8); the bucket's presigned URL lasts an hour.
                clock.ahead.set(Duration.ofMinutes(10));
                Turn refined = harness.awaitEnd(harness.engine.refine(started.session().id(), "ana", "now make it blue",
                        ParamOverrides.NONE, null).id());

                assertThat(first.status()).isEqualTo(TurnStatus.DONE);
                assertThat(refined.status()).as(refined.errorMessage()).isEqualTo(TurnStatus.DONE);
                String sent = new ObjectMapper().readTree(tasks.bodies.get(1)).get("input_image").asText();
                assertThat(sent).startsWith(TestImageStores.endpoint() + "/" + TestImageStores.bucket() + "/")
                        .contains("X-Amz-Signature=").doesNotContain(service.base());
                assertThat(tasks.bodies).as("no resend with bytes").hasSize(2);
                assertThat(tasks.fetchedInputs).hasSize(2);
                assertThat(tasks.fetchedInputs.get(0)).as("the source, by its presigned URL").isEqualTo(PHOTO);
                assertThat(tasks.fetchedInputs.get(1)).as("the head the refine edits: the first turn's result")
                        .isEqualTo(head).isEqualTo(FakeBflTasks.sample(0));
                assertThat(refined.inputBytesSent()).isEqualTo(sent.length()).isLessThan(1_000);
            }
        }
    }
}
