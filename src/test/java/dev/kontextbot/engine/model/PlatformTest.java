package dev.kontextbot.engine.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlatformTest {
    @Test
    void aNewPlatformIsJustANameAndEqualsItsStoredSelf() {
        Platform teams = new Platform("teams");

        assertThat(Platform.parse("teams")).isEqualTo(teams);
        assertThat(Platform.parse("DISCORD")).as("rows stored by the enum's day").isEqualTo(new Platform("discord"));
        assertThat(teams.wireName()).isEqualTo("teams");
    }

    @Test
    void aNameTheDatabaseCannotHoldIsRefused() {
        assertThatThrownBy(() -> new Platform("Teams")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Platform("a-platform-name-too-long")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Platform("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Platform(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
