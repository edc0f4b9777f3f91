package dev.kontextbot.adapter.web;

/** What {@code /healthz} reports; the app implements it over the database and the provider. */
public interface HealthCheck {

    Health check();

    record Health(boolean databaseUp, String database, String provider) {
    }
}
