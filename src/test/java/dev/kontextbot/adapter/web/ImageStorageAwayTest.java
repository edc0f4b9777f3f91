package dev.kontextbot.adapter.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kontextbot.adapter.chat.Apology;
import dev.kontextbot.adapter.web.PlaygroundHttp.Answer;
import dev.kontextbot.testing.TestImages;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
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

import static dev.kontextbot.adapter.words.TestWords.ENGLISH;
import static dev.kontextbot.adapter.words.TestWords.GERMAN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole application on an S3 bucket that answers at start (a loopback server that says the bucket is there) and
 * then is gone, its port dead: the person is told the image storage is away, not the database, and /healthz says
 * images are down.
 */
class ImageStorageAwayTest {
    @TempDir
    Path dir;

    /** The SDK's default chain reads these system properties before the environment, which a test cannot set. */
    @BeforeEach
    void credentials() {
        System.setProperty("aws.accessKeyId", "kontext");
        System.setProperty("aws.secretAccessKey", "kontext-secret");
    }

    @AfterEach
    void forgetCredentials() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    @Test
    void aBucketThatIsGoneGetsThePersonTheStorageApologyAndHealthShowsImagesDown() throws Exception {
        MockWebServer bucket = new MockWebServer();
        bucket.start();
        // HEAD /pictures: the bucket exists (what the start checks); then the server goes and its port answers nothing.
        bucket.enqueue(new MockResponse.Builder().code(200).build());
        String endpoint = "http://127.0.0.1:" + bucket.getPort();
        try (RunningPlayground app = RunningPlayground.start(dir, "", Duration.ofSeconds(20), Map.of("KONTEXT_PROVIDER", "offline",
                "KONTEXT_IMAGES_STORE", "s3", "KONTEXT_S3_BUCKET", "pictures", "KONTEXT_S3_ENDPOINT", endpoint))) {
            assertThat(bucket.takeRequest().getMethod()).isEqualTo("HEAD");
            bucket.close();

            Answer english = start(app, "en");
            Answer german = start(app, "de");
            Answer health = app.get("/healthz");

            assertThat(english.status()).isEqualTo(503);
            assertThat(english.json().path("error").asText()).isEqualTo("images_unavailable");
            assertThat(english.json().path("message").asText()).isEqualTo(Apology.imagesUnavailable(ENGLISH))
                    .isNotEqualTo(Apology.databaseUnavailable(ENGLISH));
            assertThat(german.json().path("message").asText()).isEqualTo(Apology.imagesUnavailable(GERMAN));
            assertThat(health.status()).isEqualTo(503);
            JsonNode images = health.json().path("components").path("images");
            assertThat(images.path("status").asText()).isEqualTo("down");
            assertThat(images.path("state").asText()).contains("bucket 'pictures' at " + endpoint).doesNotContain("kontext-secret");
            assertThat(health.json().path("components").path("database").path("status").asText()).isEqualTo("up");
        }
    }

    private static Answer start(RunningPlayground app, String language) throws java.io.IOException {
        byte[] photo = TestImages.encode(TestImages.drawn(40, 30, (x, y) -> x * 9 << 8 | y * 5), "png");
        MultipartBody form = new MultipartBody.Builder().setType(MultipartBody.FORM).addFormDataPart("prompt", "sepia")
                .addFormDataPart("image", "photo.png", RequestBody.create(photo, MediaType.get("image/png"))).build();
        return app.call(new Request.Builder().url(app.url("/api/sessions")).header("Accept-Language", language).post(form));
    }
}
