package dev.kontextbot.store;

import dev.kontextbot.engine.model.Platform;
import dev.kontextbot.testing.TestDatabases;
import org.junit.jupiter.api.Test;

import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

/** A person's language survives a restart, the newest one wins, and each platform keeps its own. */
class PersonLocalesTest extends DatabaseTest {
    private static final Platform DISCORD = new Platform("discord");
    private static final Platform SLACK = new Platform("slack");

    @Test
    void theLanguageLastReportedComesBackAfterARestartPerPlatform() {
        JooqPersonLocales locales = new JooqPersonLocales(database.dsl(), Clock.systemUTC());
        assertThat(locales.of(DISCORD, "111")).isEmpty();
        locales.remember(DISCORD, "111", "en-US");
        locales.remember(DISCORD, "111", "de");
        locales.remember(DISCORD, "222", "pt-BR");
        locales.remember(SLACK, "111", "fr-FR");

        database.close();
        database = TestDatabases.open(dir, 8);
        JooqPersonLocales reopened = new JooqPersonLocales(database.dsl(), Clock.systemUTC());

        assertThat(reopened.of(DISCORD, "111")).contains("de");
        assertThat(reopened.of(DISCORD, "222")).contains("pt-BR");
        assertThat(reopened.of(SLACK, "111")).contains("fr-FR");
        assertThat(reopened.of(SLACK, "222")).isEmpty();
    }
}
