package dev.kontextbot.adapter.health;

/** Looks at one connection when /healthz is asked; returns quickly (a ping, a status field), never throws for "down". */
@FunctionalInterface
public interface HealthSource {
    Health check();
}
