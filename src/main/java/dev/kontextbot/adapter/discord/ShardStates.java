package dev.kontextbot.adapter.discord;

import dev.kontextbot.adapter.health.Health;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.events.GenericEvent;
import net.dv8tion.jda.api.events.StatusChangeEvent;
import net.dv8tion.jda.api.hooks.EventListener;
import net.dv8tion.jda.api.sharding.ShardManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The gateway shards this process runs, as they come up one by one (Discord lets a bot identify once every five
 * seconds): a log line per shard as it connects, and {@code onAllConnected} once every one of them is connected, so
 * that "connected" and the server count are said when they are true. Also what /healthz shows per shard, with the
 * reason a shard's connection last failed.
 */
final class ShardStates implements EventListener, GatewayQueue.Failures {
    private static final Logger log = LoggerFactory.getLogger(ShardStates.class);

    private final Map<Integer, String> failures = new ConcurrentHashMap<>();
    private final Set<Integer> everConnected = ConcurrentHashMap.newKeySet();
    private final Consumer<ShardManager> onAllConnected;
    private volatile Expected expected;
    private volatile boolean allConnectedSaid;

    private record Expected(ShardManager manager, List<Integer> ids, int total) {
    }

    ShardStates(Consumer<ShardManager> onAllConnected) {
        this.onAllConnected = onAllConnected;
    }

    /** The shards {@code manager} runs in this process: {@code ids} of {@code total}. */
    void expect(ShardManager manager, List<Integer> ids, int total) {
        expected = new Expected(manager, List.copyOf(ids), total);
        announceIfAllConnected();
    }

    @Override
    public void onEvent(GenericEvent event) {
        if (event instanceof StatusChangeEvent change && change.getNewStatus() == JDA.Status.CONNECTED) {
            JDA shard = change.getJDA();
            int id = shard.getShardInfo().getShardId();
            failures.remove(id);
            log.info("Discord shard {} of {} {}: {} server(s)", id, shard.getShardInfo().getShardTotal(),
                    everConnected.add(id) ? "connected" : "reconnected", shard.getGuildCache().size());
            announceIfAllConnected();
        }
    }

    @Override
    public void connectFailed(int shardId, String reason) {
        String before = failures.put(shardId, reason);
        if (reason.equals(before)) {
            log.debug("Discord shard {} still cannot connect: {}", shardId, reason);
        } else {
            log.warn("Discord shard {} cannot connect to the gateway: {}; trying again with backoff", shardId, reason);
        }
    }

    private void announceIfAllConnected() {
        Expected now = expected;
        if (now != null && !allConnectedSaid && allConnected()) {
            synchronized (this) {
                if (allConnectedSaid) {
                    return;
                }
                allConnectedSaid = true;
            }
            onAllConnected.accept(now.manager());
        }
    }

    /** Every shard of this process is connected now. */
    boolean allConnected() {
        Expected now = expected;
        return now != null && !now.ids().isEmpty() && now.ids().stream().allMatch(id -> status(now, id) == JDA.Status.CONNECTED);
    }

    /** Why a shard's connection failed last, while it has not connected since. */
    Optional<String> anyFailure() {
        return failures.values().stream().findFirst();
    }

    private static JDA.Status status(Expected expected, int id) {
        JDA shard = expected.manager().getShardById(id);
        return shard == null ? null : shard.getStatus();
    }

    /** Each shard of this process and its gateway status; up when every one is connected. */
    Health health() {
        Expected now = expected;
        if (now == null) {
            return Health.down("not logged in yet");
        }
        Map<String, String> details = new LinkedHashMap<>();
        int connected = 0;
        for (int id : now.ids()) {
            JDA.Status status = status(now, id);
            String word = status == null ? "waiting to start" : status.name().toLowerCase(Locale.ROOT);
            String failure = status == JDA.Status.CONNECTED ? null : failures.get(id);
            details.put("shard " + id, failure == null ? word : word + ": " + failure);
            connected += status == JDA.Status.CONNECTED ? 1 : 0;
        }
        String state = connected + " of " + details.size() + " shard(s) connected";
        return (connected == details.size() && connected > 0 ? Health.up(state) : Health.down(state)).withDetails(details);
    }
}
