package dev.kontextbot.app;

import dev.kontextbot.app.config.AppConfig;
import dev.kontextbot.app.config.ConfigException;
import dev.kontextbot.app.config.ConfigLoader;
import dev.kontextbot.engine.InstanceSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InstanceIdentityTest {

    private static AppConfig.Engine engine(Map<String, String> env, String yaml) {
        return new ConfigLoader(env).load(yaml, "test.yaml").engine();
    }

    @Test
    void byDefaultEachProcessIsANewInstanceNamedAfterItsHost() {
        Map<String, String> env = Map.of("HOSTNAME", "bot-7f9c");
        InstanceSettings first = InstanceIdentity.of(engine(env, null), false, env);
        InstanceSettings second = InstanceIdentity.of(engine(env, null), false, env);

        assertThat(first.id()).matches("bot-7f9c-[0-9a-f]{6}");
        assertThat(second.id()).startsWith("bot-7f9c-").isNotEqualTo(first.id());
        assertThat(first.lease()).isEqualTo(Duration.ofSeconds(30));
        assertThat(first.sole()).isFalse();
    }

    @Test
    void anEarlierRunOnTheSameMachineIsTellableFromAnotherInstance() {
        Map<String, String> here = Map.of("HOSTNAME", "bot-7f9c");
        InstanceSettings restarted = InstanceIdentity.of(engine(here, null), false, here);
        InstanceSettings before = InstanceIdentity.of(engine(here, null), false, here);
        Map<String, String> there = Map.of("HOSTNAME", "bot-2b1d");
        InstanceSettings elsewhere = InstanceIdentity.of(engine(there, null), false, there);

        assertThat(restarted.isThisOrAnEarlierRun(before.id())).isTrue();
        assertThat(restarted.isThisOrAnEarlierRun(elsewhere.id())).isFalse();
        assertThat(new InstanceSettings("pod-2", Duration.ofSeconds(30), false).isThisOrAnEarlierRun("pod-3")).isFalse();
        assertThat(new InstanceSettings("pod-2", Duration.ofSeconds(30), false).isThisOrAnEarlierRun("pod-2")).isTrue();
    }

    @Test
    void theEnvironmentOrTheFileNamesTheInstanceAndItsLease() {
        Map<String, String> env = Map.of("KONTEXT_INSTANCE_ID", "pod-2");
        InstanceSettings settings = InstanceIdentity.of(engine(env, "engine:\n  lease: 45s\n"), true, env);

        assertThat(settings).isEqualTo(new InstanceSettings("pod-2", Duration.ofSeconds(45), true));
    }

    @Test
    void aLeaseShorterThanASecondIsRefusedWithItsName() {
        assertThatThrownBy(() -> engine(Map.of(), "engine:\n  lease: 200ms\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("engine.lease");
    }
}
