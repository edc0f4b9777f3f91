package dev.kontextbot.adapter.discord;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ComponentIdTest {

    @Test
    void aButtonIdCarriesItsSessionTurnAndVariantThroughARestart() {
        ComponentId id = new ComponentId("use", 12, 345, 3);
        assertThat(id.encode()).isEqualTo("kx:use:12:345:3").hasSizeLessThan(100);
        assertThat(ComponentId.decode(id.encode())).contains(id);
    }

    @Test
    void forgedOrForeignIdsAreNotOurs() {
        assertThat(ComponentId.decode("kx:use:12:x:3")).isEmpty();
        assertThat(ComponentId.decode("kx:use:12:3")).isEmpty();
        assertThat(ComponentId.decode("other:use:1:2:3")).isEmpty();
        assertThat(ComponentId.decode("kx::1:2:3")).isEmpty();
        assertThat(ComponentId.decode(null)).isEmpty();
    }
}
