package dev.kontextbot.adapter.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kontextbot.provider.http.FakeReplicate;
import dev.kontextbot.provider.http.FakeService;
import dev.kontextbot.testing.Await;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replicate chosen the way an operator chooses it, by setting REPLICATE_API_TOKEN (and, here, REPLICATE_BASE_URL at a
 * loopback fake) with provider: auto, through the whole application: turns run there, survive a restart mid-turn
 * without a second prediction, and a cancel reaches Replicate.
 */
class ReplicateThroughTheAppTest {
    @TempDir
    Path dir;

    FakeService server;
    FakeReplicate replicate;

    @BeforeEach
    void start() throws Exception {
        server = new FakeService();
        replicate = new FakeReplicate(FakeService.API_KEY);
        replicate.base = server.base();
        server.server.setDispatcher(replicate);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private RunningPlayground playground() {
        return RunningPlayground.start(dir, "", Duration.ofSeconds(10), Map.of(
                "REPLICATE_API_TOKEN", FakeService.API_KEY, "REPLICATE_BASE_URL", server.base()));
    }

    private static long startSession(RunningPlayground playground, int variants) throws Exception {
        MultipartBody form = new MultipartBody.Builder().setType(MultipartBody.FORM)
                .addFormDataPart("prompt", "make the jacket red").addFormDataPart("num_images", Integer.toString(variants))
                .addFormDataPart("image", "p.jpg", RequestBody.create(PlaygroundApiTest.photo(), MediaType.get("image/jpeg")))
                .build();
        return playground.call(new Request.Builder().url(playground.url("/api/sessions")).post(form)).json().get("id").asLong();
    }

    @Test
    void aTwoVariantKontextTurnRunsAtReplicateAndARestartMidTurnNeitherLosesNorRepeatsIt() throws Exception {
        replicate.held.add(0);
        replicate.held.add(1);
        long id;
        try (RunningPlayground first = playground()) {
            id = startSession(first, 2);
            Await.until(() -> replicate.creates.get() == 2, "both predictions created");
            first.awaitSession(id, s -> s.get("turns").get(0).get("status").asText().equals("running"), "the turn to run");
        }
        replicate.held.clear();

        try (RunningPlayground second = playground()) {
            JsonNode session = second.awaitSession(id, s -> RunningPlayground.lastEnded(s, 1, null), "the turn to end after the restart");

            JsonNode turn = session.get("turns").get(0);
            assertThat(turn.get("status").asText()).isEqualTo("done");
            assertThat(turn.get("variants")).hasSize(2);
            assertThat(session.get("provider").asText()).isEqualTo("replicate");
        }
        assertThat(replicate.creates.get()).isEqualTo(2);
        assertThat(replicate.createPaths).allMatch(path -> path.equals("/v1/models/black-forest-labs/flux-kontext-pro/predictions"));
        assertThat(replicate.fetchesByPrediction()).isEqualTo(Map.of(0, 1, 1, 1));
    }

    @Test
    void cancellingARunningTurnCancelsItsPredictionAtReplicate() throws Exception {
        replicate.held.add(0);
        try (RunningPlayground playground = playground()) {
            long id = startSession(playground, 1);
            JsonNode running = playground.awaitSession(id, s -> s.get("turns").get(0).get("status").asText().equals("running"), "the turn to run");
            Await.until(() -> replicate.creates.get() == 1, "the prediction created");

            playground.post("/api/sessions/" + id + "/cancel", "{\"turn\":" + running.get("turns").get(0).get("id").asLong() + "}");

            Await.until(() -> replicate.cancels.contains("p0"), "the cancel at Replicate");
            JsonNode session = playground.awaitSession(id, s -> RunningPlayground.lastEnded(s, 1, null), "the turn to end");
            assertThat(session.get("turns").get(0).get("status").asText()).isEqualTo("cancelled");
        }
    }
}
