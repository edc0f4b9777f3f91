package dev.kontextbot.store;

import dev.kontextbot.engine.model.Platform;
import dev.kontextbot.engine.port.PersonLocales;
import org.jooq.DSLContext;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import static dev.kontextbot.store.generated.Tables.PERSON_LOCALE;

public final class JooqPersonLocales implements PersonLocales {
    private final DSLContext dsl;
    private final Clock clock;

    public JooqPersonLocales(DSLContext dsl, Clock clock) {
        this.dsl = dsl;
        this.clock = clock;
    }

    @Override
    public Optional<String> of(Platform platform, String person) {
        return dsl.select(PERSON_LOCALE.LOCALE).from(PERSON_LOCALE)
                .where(PERSON_LOCALE.PLATFORM.eq(platform.wireName()), PERSON_LOCALE.PERSON.eq(person))
                .fetchOptional(PERSON_LOCALE.LOCALE);
    }

    @Override
    public void remember(Platform platform, String person, String languageTag) {
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        dsl.insertInto(PERSON_LOCALE)
                .set(PERSON_LOCALE.PLATFORM, platform.wireName())
                .set(PERSON_LOCALE.PERSON, person)
                .set(PERSON_LOCALE.LOCALE, languageTag)
                .set(PERSON_LOCALE.UPDATED_AT, now)
                .onConflict(PERSON_LOCALE.PLATFORM, PERSON_LOCALE.PERSON)
                .doUpdate()
                .set(PERSON_LOCALE.LOCALE, languageTag)
                .set(PERSON_LOCALE.UPDATED_AT, now)
                .execute();
    }
}
