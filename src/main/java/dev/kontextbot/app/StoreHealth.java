package dev.kontextbot.app;

import dev.kontextbot.adapter.web.HealthCheck;
import dev.kontextbot.engine.port.KontextProvider;
import dev.kontextbot.store.Database;
import org.jooq.exception.DataAccessException;

/** Health as {@code /healthz} reports it: can the database answer, and which provider is connected. */
final class StoreHealth implements HealthCheck {
    private final Database database;
    private final KontextProvider provider;

    StoreHealth(Database database, KontextProvider provider) {
        this.database = database;
        this.provider = provider;
    }

    @Override
    public Health check() {
        try {
            database.dsl().selectOne().fetch();
            return new Health(true, "up", provider.name());
        } catch (DataAccessException e) {
            // The reason goes to the log by jOOQ; the endpoint only says the database is down.
            return new Health(false, "down", provider.name());
        }
    }
}
