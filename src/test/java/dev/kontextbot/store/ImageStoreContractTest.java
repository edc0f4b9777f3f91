package dev.kontextbot.store;

import dev.kontextbot.engine.model.ImageId;
import dev.kontextbot.engine.model.StoredImage;
import dev.kontextbot.engine.port.ImageStore;
import dev.kontextbot.testing.TestDatabases;
import dev.kontextbot.testing.TestImageStores;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.sync.RequestBody;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every image store does, on the local directory always and on a real S3-compatible server (S3Proxy in .ci/run,
 * see {@link TestImageStores}) when one is there.
 */
class ImageStoreContractTest {
    @TempDir
    Path dir;
    Database database;
    String prefix;

    @BeforeEach
    void open() {
        database = TestDatabases.open(dir, 2);
        prefix = TestImageStores.prefixFor(dir);
    }

    @AfterEach
    void close() {
        database.close();
    }

    private ImageStore store(String kind) {
        return switch (kind) {
            case "file" -> new FileImageStore(dir.resolve("images"), database.dsl(), Clock.systemUTC());
            case "s3" -> new S3ImageStore(TestImageStores.connection(prefix), database.dsl(), Clock.systemUTC());
            default -> throw new IllegalArgumentException("no image store " + kind);
        };
    }

    /** Replaces the stored bytes behind the store's back, to see whether a later put writes them again. */
    private void overwriteBehindTheStore(String kind, ImageId id, byte[] marker) throws IOException {
        switch (kind) {
            case "file" -> {
                Path file = dir.resolve("images");
                for (String segment : ImageRows.segments(id)) {
                    file = file.resolve(segment);
                }
                Files.write(file, marker);
            }
            case "s3" -> {
                S3Connection s3 = TestImageStores.connection(prefix);
                s3.client().putObject(put -> put.bucket(s3.settings().bucket()).key(new S3ImageStore(s3, database.dsl(), Clock.systemUTC()).keyOf(id)),
                        RequestBody.fromBytes(marker));
            }
            default -> throw new IllegalArgumentException("no image store " + kind);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "s3"})
    void theSameBytesAreStoredOnceUnderTheirSha256(String kind) throws Exception {
        ImageStore images = store(kind);
        byte[] bytes = "pretend png".getBytes(StandardCharsets.UTF_8);

        StoredImage first = images.put(bytes, "image/png", 3, 2);
        overwriteBehindTheStore(kind, first.id(), "marker".getBytes(StandardCharsets.UTF_8));
        StoredImage again = images.put(bytes, "image/png", 3, 2);

        assertThat(again.id()).isEqualTo(first.id());
        assertThat(first.id().sha256()).isEqualTo(HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes)));
        // The second put found the object there and wrote nothing: the marker is still what is stored.
        assertThat(new String(images.read(first.id()), StandardCharsets.UTF_8)).isEqualTo("marker");
        assertThat(images.find(first.id())).get().extracting(StoredImage::mime, StoredImage::width, StoredImage::height, StoredImage::sizeBytes)
                .containsExactly("image/png", 3, 2, (long) bytes.length);
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "s3"})
    void imagesAreReadWholeOrAsAStream(String kind) throws Exception {
        ImageStore images = store(kind);
        byte[] bytes = new byte[300_000];
        new java.util.Random(7).nextBytes(bytes);

        ImageId id = images.put(bytes, "image/jpeg", 640, 480).id();

        assertThat(images.read(id)).isEqualTo(bytes);
        try (InputStream in = images.open(id)) {
            assertThat(in.readAllBytes()).isEqualTo(bytes);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "s3"})
    void anImageThatIsNotThereIsNoSuchFile(String kind) {
        ImageStore images = store(kind);
        ImageId absent = new ImageId("ab".repeat(32));

        assertThat(images.find(absent)).isEmpty();
        assertThatThrownBy(() -> images.read(absent)).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> images.open(absent)).isInstanceOf(NoSuchFileException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "s3"})
    void onlyAnObjectStoreHasPresignedUrls(String kind) throws Exception {
        ImageStore images = store(kind);
        byte[] bytes = "a picture".getBytes(StandardCharsets.UTF_8);
        ImageId id = images.put(bytes, "image/png", 1, 1).id();

        Optional<URI> url = images.presignedUrl(id, Duration.ofMinutes(5));

        if (kind.equals("file")) {
            assertThat(url).isEmpty();
            return;
        }
        assertThat(url).isPresent();
        OkHttpClient anyone = new OkHttpClient();
        // Fetched over plain HTTP without any credentials: what a provider does with it.
        try (Response response = anyone.newCall(new Request.Builder().url(url.get().toString()).build()).execute()) {
            assertThat(response.code()).isEqualTo(200);
            assertThat(response.body().bytes()).isEqualTo(bytes);
            assertThat(response.header("Content-Type")).isEqualTo("image/png");
        }
        String tampered = url.get().toString().replaceFirst("X-Amz-Signature=[0-9a-f]", "X-Amz-Signature=z");
        try (Response response = anyone.newCall(new Request.Builder().url(tampered).build()).execute()) {
            assertThat(response.code()).isEqualTo(403);
        }
    }
}
