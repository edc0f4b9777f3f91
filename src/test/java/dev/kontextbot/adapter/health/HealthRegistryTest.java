package dev.kontextbot.adapter.health;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HealthRegistryTest {

    @Test
    void oneConnectionDownMakesTheReportDownButOnlyTheOnesNeededToServeMakeItUnready() {
        HealthRegistry registry = new HealthRegistry();
        AtomicBoolean socket = new AtomicBoolean(true);
        registry.register("database", true, () -> Health.up("answering"));
        registry.register("slack", false, () -> socket.get() ? Health.up("1 of 1") : Health.down("0 of 1"));
        registry.markStarted();
        assertThat(registry.check().up()).isTrue();

        socket.set(false);
        HealthRegistry.Report report = registry.check();

        assertThat(report.up()).isFalse();
        assertThat(report.ready()).isTrue();
        assertThat(registry.ready()).isTrue();
        assertThat(report.components().get("slack").state()).isEqualTo("0 of 1");
        assertThat(report.components().keySet()).containsExactly("database", "slack");
    }

    @Test
    void notReadyUntilStartedNorWhileTheDatabaseIsDown() {
        HealthRegistry registry = new HealthRegistry();
        AtomicBoolean database = new AtomicBoolean(true);
        registry.register("database", true, () -> database.get() ? Health.up("answering") : Health.down("not answering"));
        assertThat(registry.ready()).isFalse();

        registry.markStarted();
        assertThat(registry.ready()).isTrue();
        database.set(false);
        assertThat(registry.ready()).isFalse();
        assertThat(registry.check().ready()).isFalse();
    }

    @Test
    void aSourceThatFailsToLookIsReportedDownWithTheReason() {
        HealthRegistry registry = new HealthRegistry();
        registry.register("discord", false, () -> {
            throw new IllegalStateException("no shard");
        });

        Health discord = registry.check().components().get("discord");

        assertThat(discord.up()).isFalse();
        assertThat(discord.state()).contains("IllegalStateException");
    }

    @Test
    void aNameIsRegisteredOnce() {
        HealthRegistry registry = new HealthRegistry();
        registry.register("database", true, () -> Health.up("answering"));

        assertThatThrownBy(() -> registry.register("database", true, () -> Health.up("again"))).isInstanceOf(IllegalArgumentException.class);
        assertThat(Health.up("x").withDetails(Map.of("shard 0", "connected")).details()).containsEntry("shard 0", "connected");
    }
}
