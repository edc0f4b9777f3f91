package dev.kontextbot.app.metrics;

import dev.kontextbot.adapter.chat.ChatApiCalls;
import dev.kontextbot.engine.ConversationEngine;
import dev.kontextbot.engine.EngineLoad;
import dev.kontextbot.engine.port.KontextProvider;
import dev.kontextbot.store.Database;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Every metric of the process in one Micrometer registry, written as Prometheus text by Micrometer itself: the engine
 * is watched through its listener and its provider port, the chat adapters through {@link ChatApiCalls}, the pool
 * through HikariCP's own tracker, the JVM through Micrometer's binders.
 */
public final class KontextMetrics implements AutoCloseable {
    /** The Prometheus text format's type, which {@link PrometheusMeterRegistry#scrape()} writes. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    /** One look at the engine's load serves every gauge of a scrape: counting queued turns is a database query. */
    private static final Duration LOAD_FRESH_FOR = Duration.ofSeconds(1);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final Clock clock;

    public KontextMetrics(Clock clock) {
        this.clock = clock;
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** The provider, timed and counted; the engine is given this one. */
    public KontextProvider metered(KontextProvider provider) {
        return new MeteredProvider(provider, registry);
    }

    /** Turns as they end, and the engine's queue, workers and circuit at each scrape. */
    public void watch(ConversationEngine engine) {
        engine.addListener(new TurnMetrics(registry));
        RecentLoad load = new RecentLoad(engine::load, clock, LOAD_FRESH_FOR);
        gauge("kontext.turns.queued", "Turns waiting in the database, for every instance", load, EngineLoad::queuedTurns);
        gauge("kontext.turns.running", "Turns this instance runs", load, EngineLoad::runningTurns);
        gauge("kontext.engine.workers.busy", "Engine worker threads busy", load, EngineLoad::busyWorkers);
        gauge("kontext.engine.workers", "Engine worker threads", load, EngineLoad::workerThreads);
        gauge("kontext.engine.workers.backlog", "Engine tasks waiting for a worker", load, EngineLoad::workerBacklog);
        gauge("kontext.provider.circuit.open", "1 while new turns are refused because the provider kept failing", load,
                l -> l.circuitOpenFor().isPresent() ? 1 : 0);
    }

    /** The connection pool's hikaricp_* metrics. */
    public void watch(Database database) {
        database.publishPoolMetrics(registry);
    }

    /** Counts each call a chat adapter makes to its platform's API, by platform and outcome. */
    public ChatApiCalls chatApiCalls() {
        return (platform, outcome) -> Counter.builder("kontext.chat.api.calls")
                .description("Calls to a chat platform's API, by platform and outcome (anything but ok is a failure)")
                .tags("platform", platform.wireName(), "outcome", outcome.name().toLowerCase(Locale.ROOT))
                .register(registry).increment();
    }

    /** Everything, in the Prometheus text format ({@link #CONTENT_TYPE}). */
    public String scrape() {
        return registry.scrape();
    }

    private void gauge(String name, String description, RecentLoad load, ToDoubleFunction<EngineLoad> value) {
        // Strongly held: Micrometer keeps a gauge's object weakly, and nothing else holds this one (it read NaN after a GC).
        Gauge.builder(name, load, l -> value.applyAsDouble(l.get())).description(description).strongReference(true).register(registry);
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
