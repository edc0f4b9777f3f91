package dev.kontextbot.store;

import dev.kontextbot.engine.model.ImageId;
import dev.kontextbot.engine.port.ImageStoreUnavailable;
import dev.kontextbot.engine.port.StoreFailures;
import dev.kontextbot.testing.CuttableProxy;
import dev.kontextbot.testing.TestDatabases;
import dev.kontextbot.testing.TestImageStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The S3 store on a real S3-compatible server (see {@link TestImageStores}), also when it is away or misconfigured. */
class S3ImageStoreTest {
    @TempDir
    Path dir;
    Database database;
    String endpoint;
    String prefix;

    @BeforeEach
    void open() {
        endpoint = TestImageStores.endpoint();
        TestImageStores.connection("");
        database = TestDatabases.open(dir, 2);
        prefix = TestImageStores.prefixFor(dir);
    }

    @AfterEach
    void close() {
        // Null when there is no S3 server to test against: the test was skipped before it opened the database.
        if (database != null) {
            database.close();
        }
    }

    private CuttableProxy proxyToServer() throws Exception {
        URI uri = URI.create(endpoint);
        return new CuttableProxy(uri.getHost(), uri.getPort());
    }

    @Test
    void twoInstancesOnOneBucketReadEachOthersImages() throws Exception {
        try (S3Connection first = TestImageStores.separateConnection(endpoint, TestImageStores.bucket(), prefix);
             S3Connection second = TestImageStores.separateConnection(endpoint, TestImageStores.bucket(), prefix);
             Database secondDatabase = TestDatabases.open(dir, 2)) {
            S3ImageStore a = new S3ImageStore(first, database.dsl(), Clock.systemUTC());
            S3ImageStore b = new S3ImageStore(second, secondDatabase.dsl(), Clock.systemUTC());
            byte[] fromA = "made on instance a".getBytes(StandardCharsets.UTF_8);
            byte[] fromB = "made on instance b".getBytes(StandardCharsets.UTF_8);

            ImageId idA = a.put(fromA, "image/png", 4, 3).id();
            ImageId idB = b.put(fromB, "image/jpeg", 8, 6).id();

            assertThat(b.read(idA)).isEqualTo(fromA);
            assertThat(b.find(idA)).get().extracting(i -> i.mime(), i -> i.width(), i -> i.height()).containsExactly("image/png", 4, 3);
            assertThat(a.read(idB)).isEqualTo(fromB);
            assertThat(b.put(fromA, "image/png", 4, 3).id()).as("the same bytes from the other instance").isEqualTo(idA);
        }
    }

    @Test
    void aStoppedServerIsAClearFailureAndNothingStoredIsLost() throws Exception {
        try (CuttableProxy proxy = proxyToServer();
             S3Connection s3 = TestImageStores.separateConnection("http://127.0.0.1:" + proxy.port(), TestImageStores.bucket(), prefix)) {
            S3ImageStore images = new S3ImageStore(s3, database.dsl(), Clock.systemUTC());
            byte[] before = "stored before".getBytes(StandardCharsets.UTF_8);
            byte[] during = "stored during the outage".getBytes(StandardCharsets.UTF_8);
            ImageId kept = images.put(before, "image/png", 1, 1).id();

            proxy.cut();
            Throwable put = catchThrowable(() -> images.put(during, "image/png", 1, 1));
            Throwable read = catchThrowable(() -> images.read(kept));

            assertThat(put).isInstanceOf(ImageStoreUnavailable.class)
                    .hasMessageContaining("bucket '" + TestImageStores.bucket() + "' at http://127.0.0.1:" + proxy.port())
                    .hasMessageNotContaining("kontext-secret");
            assertThat(StoreFailures.isUnreachable(put)).as("treated as the database being away").isTrue();
            assertThat(StoreFailures.isDatabaseError(put)).isTrue();
            assertThat(read).as("an image that is there but out of reach is not 'missing'").isInstanceOf(ImageStoreUnavailable.class);
            assertThat(images.find(ImageRows.idOf(during))).as("no row for bytes that were never stored").isEmpty();

            proxy.restore();
            assertThat(images.read(kept)).isEqualTo(before);
            ImageId later = images.put(during, "image/png", 1, 1).id();
            assertThat(images.read(later)).isEqualTo(during);
        }
    }

    @Test
    void aMissingBucketIsNamedWithItsEndpointAtStart() {
        String bucket = "kontext-missing-" + Long.toHexString(System.nanoTime());
        try (S3Connection s3 = TestImageStores.separateConnection(endpoint, bucket, "")) {
            assertThatThrownBy(s3::verify).isInstanceOf(IllegalStateException.class)
                    .hasMessage("the image bucket '" + bucket + "' at " + endpoint + " does not exist: create it, or set KONTEXT_S3_BUCKET");
        }
    }

    @Test
    void refusedCredentialsAreSaidWithoutRepeatingThem() {
        var wrong = StaticCredentialsProvider.create(AwsBasicCredentials.create("kontext", "not-the-secret-at-all"));
        try (S3Connection s3 = S3Connection.open(new S3Settings(TestImageStores.bucket(), endpoint, "us-east-1", ""), wrong)) {
            assertThatThrownBy(s3::verify).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("refuses the credentials")
                    .hasMessageContaining(TestImageStores.bucket())
                    .hasMessageNotContaining("not-the-secret-at-all");
        }
    }

    @Test
    void anEndpointThatIsDownIsSaidAtStart() throws Exception {
        String down;
        try (CuttableProxy proxy = proxyToServer()) {
            proxy.cut();
            down = "http://127.0.0.1:" + proxy.port();
            try (S3Connection s3 = TestImageStores.separateConnection(down, TestImageStores.bucket(), "")) {
                assertThatThrownBy(s3::verify).isInstanceOf(IllegalStateException.class)
                        .hasMessageStartingWith("the image bucket '" + TestImageStores.bucket() + "' at " + down + " cannot be reached");
            }
        }
    }
}
