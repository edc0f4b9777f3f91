package dev.kontextbot.adapter.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kontextbot.engine.SessionSnapshot;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.provider.http.FakeFalQueue;
import dev.kontextbot.provider.http.FakeService;
import dev.kontextbot.testing.Await;
import dev.kontextbot.testing.LoopbackTls;
import dev.kontextbot.testing.TestImages;
import mockwebserver3.MockWebServer;
import okhttp3.MultipartBody;
import okhttp3.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A session started in the playground from an https link (image_url): the bot fetches it safely once, and fal is sent
 * the link, not the bytes, on that turn and the next. The link is served by a loopback https server the test's fetcher
 * trusts; fal is its loopback fake.
 */
class PlaygroundLinksTest {
    private static final byte[] PHOTO = TestImages.encode(TestImages.drawn(200, 150, (x, y) -> x * 977 + y * 131), "png");

    @TempDir
    Path dir;

    @Test
    void aSessionStartedFromAnHttpsLinkSendsFalTheLinkNotTheBytes() throws Exception {
        LoopbackTls tls = LoopbackTls.create(dir);
        try (FakeService fal = new FakeService(); MockWebServer pictures = tls.servingPicture(PHOTO)) {
            FakeFalQueue queue = FakeFalQueue.servedBy(fal, 0, 0);
            String link = "https://127.0.0.1:" + pictures.getPort() + "/photo.png";
            try (RunningPlayground app = RunningPlayground.start(dir.resolve("app"), "", Duration.ofSeconds(20), Map.of("KONTEXT_PROVIDER", "fal",
                    "FAL_KEY", FakeService.API_KEY, "FAL_BASE_URL", fal.base()), java.util.function.UnaryOperator.identity(), tls.links())) {
                MultipartBody form = new MultipartBody.Builder().setType(MultipartBody.FORM).addFormDataPart("prompt", "make the jacket red")
                        .addFormDataPart("image_url", link).build();
                var started = app.call(new Request.Builder().url(app.url("/api/sessions")).post(form));
                assertThat(started.status()).as(started.json().toString()).isEqualTo(201);
                long session = started.json().get("id").asLong();
                Turn first = ended(app, session, 1);
                Turn rerolled = app.engine().reroll(session, first.id(), "playground", null);
                Turn second = ended(app, session, 2);

                ObjectMapper json = new ObjectMapper();
                assertThat(queue.submitBodies).hasSize(2);
                assertThat(json.readTree(queue.submitBodies.get(0)).get("image_url").asText()).isEqualTo(link);
                assertThat(json.readTree(queue.submitBodies.get(1)).get("image_url").asText()).isEqualTo(link);
                assertThat(second.id()).isEqualTo(rerolled.id());
                assertThat(first.inputBytesSent()).isEqualTo(link.length());
                assertThat(second.inputBytesSent()).isEqualTo(link.length()).isLessThan(PHOTO.length / 100);
                assertThat(pictures.getRequestCount()).as("the bot fetched the link once").isEqualTo(1);
            }
        }
    }

    /** The session's turn number {@code n} (1-based), once it has ended. */
    private static Turn ended(RunningPlayground app, long session, int n) {
        return Await.value(() -> app.engine().snapshot(session), (SessionSnapshot s) -> s.turns().size() >= n
                        && s.turns().get(n - 1).turn().status().isFinal(), "turn " + n + " of session " + session + " to end",
                        Await.PATIENCE, Duration.ofMillis(20))
                .turns().get(n - 1).turn();
    }
}
