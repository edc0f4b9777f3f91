package dev.kontextbot.adapter.health;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The connections this process depends on, each registered once by whoever owns it (the app for the database and the
 * provider, each chat adapter for its own connections). {@code /healthz} shows them all; {@code /readyz} only asks
 * whether start-up finished and the sources needed to serve answer.
 */
public final class HealthRegistry {
    private final Map<String, Registered> sources = new LinkedHashMap<>();
    private volatile boolean started;

    /** {@code neededToServe}: whether /readyz waits for it (the database), or only /healthz reports it (a chat socket). */
    public synchronized void register(String name, boolean neededToServe, HealthSource source) {
        if (sources.putIfAbsent(name, new Registered(neededToServe, source)) != null) {
            throw new IllegalArgumentException("a health source named " + name + " is already registered");
        }
    }

    /** Start-up finished: every configured connection was made once. */
    public void markStarted() {
        started = true;
    }

    public Report check() {
        Map<String, Health> components = new LinkedHashMap<>();
        boolean up = true;
        boolean ready = started;
        for (Map.Entry<String, Registered> entry : snapshot().entrySet()) {
            Health health = checked(entry.getValue().source());
            components.put(entry.getKey(), health);
            up &= health.up();
            ready &= !entry.getValue().neededToServe() || health.up();
        }
        return new Report(up, ready, components);
    }

    /** Only the sources /readyz needs, so that an orchestrator's frequent probe does not ping every chat socket. */
    public boolean ready() {
        return readiness().ready();
    }

    /** Whether this process is ready, with only the sources that decide it (the database, each Discord shard). */
    public Report readiness() {
        Map<String, Health> components = new LinkedHashMap<>();
        boolean ready = started;
        for (Map.Entry<String, Registered> entry : snapshot().entrySet()) {
            if (entry.getValue().neededToServe()) {
                Health health = checked(entry.getValue().source());
                components.put(entry.getKey(), health);
                ready &= health.up();
            }
        }
        return new Report(ready, ready, components);
    }

    private synchronized Map<String, Registered> snapshot() {
        return new LinkedHashMap<>(sources);
    }

    /** A source that fails to look is reported down with the reason, rather than failing the whole report. */
    private static Health checked(HealthSource source) {
        try {
            return source.check();
        } catch (RuntimeException e) {
            return Health.down("the check failed: " + e.getClass().getSimpleName());
        }
    }

    /** {@code up}: every source is up (or degraded); {@code ready}: started, and every source needed to serve is up. */
    public record Report(boolean up, boolean ready, Map<String, Health> components) {
        public Report {
            components = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(components));
        }

        /** Some source serves with less than it should (one of two sockets). */
        public boolean degraded() {
            return components.values().stream().anyMatch(h -> h.status() == Health.Status.DEGRADED);
        }
    }

    private record Registered(boolean neededToServe, HealthSource source) {
    }
}
