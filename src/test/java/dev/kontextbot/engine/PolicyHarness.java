package dev.kontextbot.engine;

import dev.kontextbot.testing.Await;
import dev.kontextbot.engine.image.ImageInspector;
import dev.kontextbot.engine.model.Conversation;
import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Platform;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.policy.PolicyDefaults;
import dev.kontextbot.engine.policy.PolicyRules;
import dev.kontextbot.engine.policy.TenantPolicies;
import dev.kontextbot.engine.policy.Usage;
import dev.kontextbot.store.Database;
import dev.kontextbot.store.JooqScopedDefaultsRepository;
import dev.kontextbot.store.JooqTenantPolicyRepository;
import dev.kontextbot.store.JooqUsageRepository;
import dev.kontextbot.testing.TestDatabases;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The engine with tenant policies on the real database, at a time the test sets: sessions and turns are stored
 * with the harness's clock, so spend falls into the day and month the test chose.
 */
final class PolicyHarness implements AutoCloseable {
    final SettableClock clock;
    final FakeProvider provider = new FakeProvider();
    final Database database;
    final TenantPolicies policies;
    final Usage usage;
    final ConversationEngine engine;
    private final AtomicLong seeds = new AtomicLong(500);

    PolicyHarness(Path dir, Instant now, PolicyDefaults configured) {
        clock = new SettableClock(now);
        database = TestDatabases.open(dir, 4);
        EngineStores stores = dev.kontextbot.testing.TestImageStores.stores(database, dir, clock);
        ScopedDefaults defaults = new ScopedDefaults(new JooqScopedDefaultsRepository(database.dsl(), clock), ParamOverrides.NONE);
        policies = new TenantPolicies(new JooqTenantPolicyRepository(database.dsl(), clock), defaults, stores.transactions(), configured, clock);
        JooqUsageRepository spend = new JooqUsageRepository(database.dsl());
        usage = new Usage(spend, policies, provider::pricePerImageMicros, clock);
        engine = new ConversationEngine(stores, new PolicyRules(policies, spend, provider::pricePerImageMicros, clock), provider,
                new ImageInspector(10_000_000, 40_000_000), EngineHarness.FAST, clock, seeds::incrementAndGet);
    }

    static Conversation discord(String server, String channel, String thread) {
        return new Conversation(new Platform("discord"), server, channel, thread);
    }

    static ParamOverrides images(int count, ModelId model) {
        return ParamOverrides.builder().model(model).numImages(count).build();
    }

    /** A session generated from text in {@code where}, its first turn asking for {@code params}. */
    ConversationEngine.Started start(Conversation where, String requester, ParamOverrides params) {
        return engine.start(new ConversationEngine.StartCommand(where, requester, null, "a lighthouse", params, null));
    }

    Turn awaitEnd(long turnId) {
        Await.until(() -> engine.turn(turnId).orElseThrow().status().isFinal(), "turn " + turnId + " to end");
        return engine.turn(turnId).orElseThrow();
    }

    /** Waits until the provider has the turn's job (only then can a held job be released), and releases it. */
    void release(long turnId) {
        Await.until(() -> engine.turn(turnId).orElseThrow().providerJob() != null, "turn " + turnId + " to have a job");
        provider.releaseAll();
    }

    /** A finished turn at {@code at}: the clock is set there while it runs (turns read it when they end, too). */
    Turn finishedAt(Instant at, Conversation where, String requester, ParamOverrides params) {
        clock.set(at);
        return awaitEnd(start(where, requester, params).turn().id());
    }

    @Override
    public void close() throws InterruptedException {
        engine.close();
        database.close();
    }

    /** A clock that stays where the test puts it. */
    static final class SettableClock extends Clock {
        private volatile Instant now;

        SettableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("the engine reads UTC instants only");
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
