package dev.kontextbot.app;

import dev.kontextbot.adapter.health.Health;
import dev.kontextbot.adapter.health.HealthSource;
import dev.kontextbot.store.Database;
import org.jooq.exception.DataAccessException;

/** The database as /healthz and /readyz see it: it answers a trivial query, or it is down. */
final class DatabaseHealth implements HealthSource {
    private final Database database;

    DatabaseHealth(Database database) {
        this.database = database;
    }

    @Override
    public Health check() {
        try {
            database.dsl().selectOne().fetch();
            return Health.up("answering");
        } catch (DataAccessException e) {
            // Its first line only: the endpoint is public, and a driver's message can carry the URL's details.
            return Health.down("not answering (" + e.getClass().getSimpleName() + ")");
        }
    }
}
