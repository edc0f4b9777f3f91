package dev.kontextbot.testing;

import dev.kontextbot.engine.EngineStores;
import dev.kontextbot.engine.model.ImageId;
import dev.kontextbot.engine.port.ImageStore;
import dev.kontextbot.store.Database;
import dev.kontextbot.store.FileImageStore;
import dev.kontextbot.store.JooqStores;
import dev.kontextbot.store.S3Connection;
import dev.kontextbot.store.S3ImageStore;
import dev.kontextbot.store.S3Settings;
import org.junit.jupiter.api.Assumptions;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.time.Clock;
import java.util.Locale;

/**
 * Which image store the store and engine tests run on, as {@link TestDatabases} chooses the database: files under the
 * test's directory, or — with {@code -Dkontext.test.images=s3} (the postgres run of .ci/run sets it when an S3 server
 * is there) — a real S3-compatible server at KONTEXT_TEST_S3_ENDPOINT, each test under a prefix of its own in
 * KONTEXT_TEST_S3_BUCKET (created when missing). The credentials are KONTEXT_TEST_S3_ACCESS_KEY/_SECRET_KEY, never the
 * developer's own AWS ones.
 */
public final class TestImageStores {
    private static S3Connection shared;

    private TestImageStores() {
    }

    public static boolean s3() {
        return "s3".equals(System.getProperty("kontext.test.images"));
    }

    /** The engine's stores on {@code database}, with the chosen image store. */
    public static EngineStores stores(Database database, Path dir, Clock clock) {
        return JooqStores.over(database, open(dir, database, clock), clock);
    }

    public static ImageStore open(Path dir, Database database, Clock clock) {
        return s3() ? new S3ImageStore(connection(prefixFor(dir)), database.dsl(), clock)
                : new FileImageStore(dir.resolve("images"), database.dsl(), clock);
    }

    /**
     * The S3 server's endpoint. Without one the S3 cases skip, except under CI (CI=true), where a missing server fails
     * the run as a missing PostgreSQL would: .ci/run starts one.
     */
    public static String endpoint() {
        String endpoint = System.getenv("KONTEXT_TEST_S3_ENDPOINT");
        if (endpoint == null || endpoint.isBlank()) {
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException("CI=true but KONTEXT_TEST_S3_ENDPOINT is not set: .ci/run starts an S3-compatible server");
            }
            Assumptions.abort("no S3-compatible server: set KONTEXT_TEST_S3_ENDPOINT (.ci/run starts S3Proxy)");
        }
        return endpoint;
    }

    public static String bucket() {
        return env("KONTEXT_TEST_S3_BUCKET", "kontext-test");
    }

    public static AwsCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(env("KONTEXT_TEST_S3_ACCESS_KEY", "kontext"),
                env("KONTEXT_TEST_S3_SECRET_KEY", "kontext-secret")));
    }

    /** One client for the whole test JVM (clients are costly to build), seen under {@code prefix}. */
    public static synchronized S3Connection connection(String prefix) {
        if (shared == null) {
            shared = S3Connection.open(new S3Settings(bucket(), endpoint(), "us-east-1", ""), credentials());
            createBucket(shared);
        }
        return new S3Connection(shared.client(), shared.presigner(), new S3Settings(bucket(), endpoint(), "us-east-1", prefix),
                shared.credentials());
    }

    /** A connection of its own (another instance's), e.g. to another endpoint that leads to the same server. */
    public static S3Connection separateConnection(String endpoint, String bucket, String prefix) {
        return S3Connection.open(new S3Settings(bucket, endpoint, "us-east-1", prefix), credentials());
    }

    /** Takes the image's bytes away behind the store's back (its row stays), to see what a lost image does. */
    public static void lose(Path dir, ImageId id) throws IOException {
        if (s3()) {
            S3Connection s3 = connection(prefixFor(dir));
            String key = new S3ImageStore(s3, null, Clock.systemUTC()).keyOf(id);
            s3.client().deleteObject(delete -> delete.bucket(s3.settings().bucket()).key(key));
            return;
        }
        try (Stream<Path> files = Files.walk(dir.resolve("images"))) {
            for (Path file : files.filter(f -> f.getFileName().toString().equals(id.sha256())).toList()) {
                Files.delete(file);
            }
        }
    }

    /** How many images' bytes the chosen store holds for the test in {@code dir}. */
    public static long count(Path dir) throws IOException {
        if (s3()) {
            S3Connection s3 = connection(prefixFor(dir));
            return s3.client().listObjectsV2Paginator(list -> list.bucket(s3.settings().bucket()).prefix(s3.settings().prefix()))
                    .contents().stream().count();
        }
        Path images = dir.resolve("images");
        if (!Files.exists(images)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(images)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    public static String prefixFor(Path dir) {
        // Stable for the directory, so a harness that restarts its engine finds the images it stored before.
        return "t-" + Integer.toHexString(dir.toAbsolutePath().toString().hashCode()).toLowerCase(Locale.ROOT) + "/";
    }

    private static void createBucket(S3Connection s3) {
        try {
            s3.client().headBucket(b -> b.bucket(s3.settings().bucket()));
        } catch (NoSuchBucketException e) {
            s3.client().createBucket(b -> b.bucket(s3.settings().bucket()));
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw e;
            }
            s3.client().createBucket(b -> b.bucket(s3.settings().bucket()));
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
