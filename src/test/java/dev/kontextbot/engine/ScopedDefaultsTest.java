package dev.kontextbot.engine;

import dev.kontextbot.engine.model.AspectRatio;
import dev.kontextbot.engine.model.InvalidParameterException;
import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Platform;
import dev.kontextbot.engine.port.ScopedDefaultsRepository;
import dev.kontextbot.store.Database;
import dev.kontextbot.store.JooqScopedDefaultsRepository;
import dev.kontextbot.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Channel and server defaults set from chat, stored in the real database. */
class ScopedDefaultsTest {
    static final ParamOverrides CONFIGURED = ParamOverrides.builder().model(ModelId.KONTEXT_PRO).numImages(1).guidanceScale(3.5).safetyTolerance(2).enhancePrompt(false).build();

    @TempDir
    Path dir;
    Database database;
    ScopedDefaults defaults;

    @BeforeEach
    void open() {
        database = TestDatabases.open(dir, 2);
        defaults = new ScopedDefaults(new JooqScopedDefaultsRepository(database.dsl(), Clock.systemUTC()), CONFIGURED);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void aChannelsDefaultsWinOverTheServersWhichWinOverTheConfiguredOnes() {
        defaults.change(new Platform("discord"), "g1", ScopedDefaultsRepository.TENANT_WIDE, ParamOverrides.builder().model(ModelId.KONTEXT_MAX).numImages(2).build(), "admin");
        defaults.change(new Platform("discord"), "g1", "c1", ParamOverrides.builder().aspectRatio(AspectRatio.SQUARE).numImages(3).build(), "ana");

        ParamOverrides inChannel = defaults.forNewSession(new Platform("discord"), "g1", "c1");
        ParamOverrides elsewhere = defaults.forNewSession(new Platform("discord"), "g1", "c2");
        ParamOverrides otherServer = defaults.forNewSession(new Platform("discord"), "g2", "c1");

        assertThat(inChannel.numImages()).isEqualTo(3);
        assertThat(inChannel.aspectRatio()).isEqualTo(AspectRatio.SQUARE);
        assertThat(inChannel.model()).isEqualTo(ModelId.KONTEXT_MAX);
        assertThat(inChannel.guidanceScale()).isEqualTo(3.5);
        assertThat(elsewhere.numImages()).isEqualTo(2);
        assertThat(elsewhere.aspectRatio()).isNull();
        assertThat(otherServer).isEqualTo(CONFIGURED);
    }

    @Test
    void aChangeKeepsWhatItDoesNotMentionAndNeverPinsASeed() {
        defaults.change(new Platform("slack"), "t1", "c1", ParamOverrides.builder().model(ModelId.KONTEXT_MAX).seed(42L).build(), "ana");
        defaults.change(new Platform("slack"), "t1", "c1", ParamOverrides.builder().numImages(4).build(), "bo");

        ScopedDefaults.Layers layers = defaults.of(new Platform("slack"), "t1", "c1");

        assertThat(layers.channel().model()).isEqualTo(ModelId.KONTEXT_MAX);
        assertThat(layers.channel().numImages()).isEqualTo(4);
        assertThat(layers.channel().seed()).isNull();
    }

    @Test
    void anOutOfRangeValueIsRefusedAndNothingIsStored() {
        assertThatThrownBy(() -> defaults.change(new Platform("discord"), "g1", "c1", ParamOverrides.builder().numImages(9).build(), "ana"))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("num_images must be between 1 and 4");

        assertThat(defaults.of(new Platform("discord"), "g1", "c1").channel()).isEqualTo(ParamOverrides.NONE);
    }
}
