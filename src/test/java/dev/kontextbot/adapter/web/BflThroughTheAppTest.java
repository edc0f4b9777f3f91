package dev.kontextbot.adapter.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kontextbot.provider.http.FakeBflTasks;
import dev.kontextbot.provider.http.FakeService;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A four-variant BFL turn through the whole application, as wired for people (metering, health and all in between
 * the engine and the provider), against a loopback BFL whose tasks finish at different times and whose sample URLs
 * work once: every outcome the engine learns from a poll must reach it unchanged.
 */
class BflThroughTheAppTest {
    @TempDir
    Path dir;

    @Test
    void aFourVariantTurnWhoseTasksFinishAtDifferentTimesEndsWithAllFourEachFetchedOnce() throws Exception {
        try (FakeService server = new FakeService()) {
            FakeBflTasks bfl = new FakeBflTasks(task -> task + 1, post -> false);
            bfl.base = server.base();
            server.server.setDispatcher(bfl);
            try (RunningPlayground playground = RunningPlayground.start(dir, "", Duration.ofSeconds(10), Map.of(
                    "KONTEXT_PROVIDER", "bfl", "BFL_API_KEY", FakeService.API_KEY, "BFL_BASE_URL", server.base()))) {
                MultipartBody form = new MultipartBody.Builder().setType(MultipartBody.FORM)
                        .addFormDataPart("prompt", "make the jacket red").addFormDataPart("num_images", "4")
                        .addFormDataPart("image", "p.jpg", RequestBody.create(PlaygroundApiTest.photo(), MediaType.get("image/jpeg")))
                        .build();
                long id = playground.call(new Request.Builder().url(playground.url("/api/sessions")).post(form)).json().get("id").asLong();

                JsonNode session = playground.awaitSession(id, s -> RunningPlayground.lastEnded(s, 1, null), "the turn to end");

                JsonNode turn = session.get("turns").get(0);
                assertThat(turn.get("status").asText()).isEqualTo("done");
                assertThat(turn.has("shortfall")).isFalse();
                assertThat(turn.get("variants")).hasSize(4);
                assertThat(bfl.fetchesByTask()).isEqualTo(Map.of(0, 1, 1, 1, 2, 1, 3, 1));
            }
        }
    }
}
