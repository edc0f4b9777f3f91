package dev.kontextbot.app;

import dev.kontextbot.app.config.ConfigException;
import dev.kontextbot.app.config.ConfigLoader;
import dev.kontextbot.testing.TestImageStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** images.store: s3 that cannot work stops the start with one line naming the bucket and the endpoint, never a secret. */
class ImageStoreStartTest {
    private static final String SECRET = "kontext-secret";

    @TempDir
    Path dir;

    /** The SDK's default chain reads these system properties before the environment, which a test cannot set. */
    @BeforeEach
    void credentials() {
        System.setProperty("aws.accessKeyId", "kontext");
        System.setProperty("aws.secretAccessKey", SECRET);
    }

    @AfterEach
    void forgetCredentials() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    private Application start(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(Map.of("KONTEXT_DATA_DIR", dir.toString(), "KONTEXT_HTTP_PORT", "0", "KONTEXT_PROVIDER", "offline"));
        env.putAll(extra);
        return Application.start(new ConfigLoader(env).load(null, "test"));
    }

    @Test
    void aMissingBucketStopsTheStartAndSaysWhich() {
        String endpoint = TestImageStores.endpoint();

        assertThatThrownBy(() -> start(Map.of("KONTEXT_IMAGES_STORE", "s3", "KONTEXT_S3_BUCKET", "no-such-bucket", "KONTEXT_S3_ENDPOINT", endpoint)))
                .isInstanceOf(StartupException.class)
                .hasMessage("the image bucket 'no-such-bucket' at " + endpoint + " does not exist: create it, or set KONTEXT_S3_BUCKET");
        // The failed start let go of the embedded database: the next one opens it.
        try (Application app = start(Map.of())) {
            assertThat(app.httpPort()).isPositive();
        }
    }

    @Test
    void anEndpointThatIsDownStopsTheStartAndSaysWhere() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        String endpoint = "http://127.0.0.1:" + closed;

        assertThatThrownBy(() -> start(Map.of("KONTEXT_IMAGES_STORE", "s3", "KONTEXT_S3_BUCKET", "pictures", "KONTEXT_S3_ENDPOINT", endpoint)))
                .isInstanceOf(StartupException.class)
                .hasMessageStartingWith("the image bucket 'pictures' at " + endpoint + " cannot be reached")
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void theS3StoreNeedsABucketAndTheStoreAKnownName() {
        assertThatThrownBy(() -> start(Map.of("KONTEXT_IMAGES_STORE", "s3")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("images.store is s3, so images.s3.bucket (KONTEXT_S3_BUCKET) must name the bucket");
        assertThatThrownBy(() -> start(Map.of("KONTEXT_IMAGES_STORE", "ftp")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("images.store (KONTEXT_IMAGES_STORE) must be file or s3, not 'ftp'");
    }
}
