package dev.kontextbot.store;

import dev.kontextbot.testing.AtOnce;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A delivery is claimed once among all instances sharing the database, however many copies arrive at once. */
class DeliveryClaimsTest extends DatabaseTest {
    @Test
    void copiesArrivingAtOnceOnTwoInstancesAreClaimedOnce() throws Exception {
        List<JooqDeliveryClaims> instances = List.of(new JooqDeliveryClaims(database.dsl(), Clock.systemUTC()),
                new JooqDeliveryClaims(database.dsl(), Clock.systemUTC()));
        List<Boolean> claims = AtOnce.run(8, i -> instances.get(i % 2).claim("discord:i:42"));

        assertThat(claims).containsOnlyOnce(true);
        assertThat(instances.get(1).claim("discord:i:43")).as("another delivery").isTrue();
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
