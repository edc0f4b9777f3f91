package dev.kontextbot.store;

import dev.kontextbot.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** A delivery is claimed once among all instances sharing the database, however many copies arrive at once. */
class DeliveryClaimsTest {
    @TempDir
    Path dir;
    Database database;

    @BeforeEach
    void open() {
        database = TestDatabases.open(dir, 8);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void copiesArrivingAtOnceOnTwoInstancesAreClaimedOnce() throws Exception {
        List<JooqDeliveryClaims> instances = List.of(new JooqDeliveryClaims(database.dsl(), Clock.systemUTC()),
                new JooqDeliveryClaims(database.dsl(), Clock.systemUTC()));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> claims = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                JooqDeliveryClaims instance = instances.get(i % 2);
                claims.add(pool.submit(() -> {
                    go.await();
                    return instance.claim("discord:i:42");
                }));
            }
            go.countDown();
            int won = 0;
            for (Future<Boolean> claim : claims) {
                won += claim.get() ? 1 : 0;
            }
            assertThat(won).isEqualTo(1);
            assertThat(instances.get(1).claim("discord:i:43")).as("another delivery").isTrue();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void claimsOlderThanADayAreForgotten() {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        new JooqDeliveryClaims(database.dsl(), Clock.fixed(start, ZoneOffset.UTC)).claim("slack:Ev1");
        JooqDeliveryClaims later = new JooqDeliveryClaims(database.dsl(),
                Clock.fixed(start.plus(JooqDeliveryClaims.KEPT).plus(Duration.ofMinutes(1)), ZoneOffset.UTC));

        later.claim("slack:Ev2");

        assertThat(database.dsl().fetchCount(dev.kontextbot.store.generated.Tables.DELIVERY_CLAIM)).isEqualTo(1);
    }
}
