package dev.kontextbot.app;

import dev.kontextbot.adapter.health.Health;
import dev.kontextbot.store.S3Connection;
import dev.kontextbot.store.S3ImageStore;
import dev.kontextbot.store.S3Settings;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The image store's health against a loopback server speaking S3's HEAD bucket: asked once per period, not per probe. */
class ImageStoreHealthTest {
    private static final Duration KEPT_FOR = Duration.ofSeconds(15);

    @Test
    void theBucketIsAskedOncePerPeriodAndAGoneBucketIsReportedDownWithWhere() throws Exception {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-02T08:00:00Z"));
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        MockWebServer bucket = new MockWebServer();
        bucket.start();
        for (int i = 0; i < 2; i++) {
            bucket.enqueue(new MockResponse.Builder().code(200).build());
        }
        String endpoint = "http://127.0.0.1:" + bucket.getPort();
        try (S3Connection s3 = S3Connection.open(new S3Settings("pictures", endpoint, "us-east-1", ""),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("kontext", "kontext-secret")))) {
            ImageStoreHealth health = new ImageStoreHealth(new S3ImageStore(s3, null, clock), KEPT_FOR, Duration.ofSeconds(5), clock);

            Health first = health.check();
            Health second = health.check();
            Health third = health.check();
            int askedWithinThePeriod = bucket.getRequestCount();
            now.set(now.get().plus(KEPT_FOR));
            Health later = health.check();
            int askedAfter = bucket.getRequestCount();
            bucket.close();
            Health stillKept = health.check();
            now.set(now.get().plus(KEPT_FOR));
            Health gone = health.check();

            assertThat(java.util.List.of(first, second, third, later, stillKept)).allSatisfy(h -> assertThat(h.up()).isTrue());
            assertThat(askedWithinThePeriod).isEqualTo(1);
            assertThat(askedAfter).isEqualTo(2);
            assertThat(gone.status()).isEqualTo(Health.Status.DOWN);
            assertThat(gone.state()).contains("bucket 'pictures' at " + endpoint).doesNotContain("kontext-secret");
        }
    }
}
