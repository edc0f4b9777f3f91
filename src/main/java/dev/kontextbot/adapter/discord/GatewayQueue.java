package dev.kontextbot.adapter.discord;

import dev.kontextbot.adapter.chat.LoginCheck;
import dev.kontextbot.engine.RetryPolicy;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.requests.RestRateLimiter;
import net.dv8tion.jda.api.utils.SessionController;
import net.dv8tion.jda.api.utils.SessionControllerAdapter;
import okhttp3.HttpUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Opens the gateway connections of this process one at a time, {@link SessionController#IDENTIFY_DELAY} apart as
 * Discord asks. JDA's own controllers retry a connection that could not be opened every few seconds with an ERROR and
 * a stack trace each time, and afterwards try the hard-coded wss://gateway.discord.gg/ instead of the address Discord
 * (or a proxy) gave: here a failed connection is reported to {@link Failures} (once per shard and reason in the log),
 * tried again with backoff, and always at the address from the last {@code /gateway/bot} answer.
 */
final class GatewayQueue implements SessionController, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GatewayQueue.class);

    /** Hears of each connection of a shard that could not be opened. */
    interface Failures {
        void connectFailed(int shardId, String reason);
    }

    private final BlockingDeque<SessionConnectNode> nodes = new LinkedBlockingDeque<>();
    private final Map<Integer, Integer> failuresInARow = new ConcurrentHashMap<>();
    private final AtomicReference<String> gatewayUrl = new AtomicReference<>();
    // Only its /gateway/bot call and its global rate limit are used; connecting is ours.
    private final SessionControllerAdapter discordDefaults = new SessionControllerAdapter();
    private final RetryPolicy backoff;
    private final Failures failures;
    private final Thread worker;

    GatewayQueue(RetryPolicy backoff, Failures failures) {
        this.backoff = backoff;
        this.failures = failures;
        this.worker = new Thread(this::work, "discord-gateway-queue");
        worker.setDaemon(true);
        worker.start();
    }

    @Override
    public void appendSession(SessionConnectNode node) {
        nodes.remove(node);
        nodes.add(node);
    }

    @Override
    public void removeSession(SessionConnectNode node) {
        nodes.remove(node);
    }

    @Override
    public RestRateLimiter.GlobalRateLimit getRateLimitHandle() {
        return discordDefaults.getRateLimitHandle();
    }

    @Override
    public String getGateway() {
        String url = gatewayUrl.get();
        return url == null ? discordDefaults.getGateway() : url;
    }

    @Override
    public ShardedGateway getShardedGateway(JDA api) {
        ShardedGateway gateway = discordDefaults.getShardedGateway(api);
        gatewayUrl.set(gateway.getUrl());
        return gateway;
    }

    private void work() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                SessionConnectNode node = nodes.take();
                int shard = node.getShardInfo().getShardId();
                if (connect(node)) {
                    failuresInARow.remove(shard);
                    TimeUnit.SECONDS.sleep(IDENTIFY_DELAY);
                } else {
                    int retry = failuresInARow.merge(shard, 1, Integer::sum);
                    TimeUnit.MILLISECONDS.sleep(backoff.delayBefore(retry, null).toMillis());
                    if (node.getJDA().getStatus() != JDA.Status.SHUTDOWN && !nodes.contains(node)) {
                        nodes.addFirst(node);
                    }
                }
            }
        } catch (InterruptedException e) {
            // Closed: the shards are shutting down, nothing is left to connect.
            Thread.currentThread().interrupt();
        }
    }

    /** Runs a node; false (reported) when its connection could not be opened. */
    private boolean connect(SessionConnectNode node) throws InterruptedException {
        int shard = node.getShardInfo().getShardId();
        try {
            node.run(false);
            return true;
        } catch (IllegalStateException | net.dv8tion.jda.api.exceptions.ErrorResponseException e) {
            String reason = reason(e);
            failures.connectFailed(shard, reason);
            log.debug("gateway connection of shard {} failed", shard, e);
            return false;
        }
    }

    private String reason(RuntimeException e) {
        String host = hostOf(getGateway());
        return LoginCheck.networkCause(e).map(io -> LoginCheck.unreachable(host, io).reason())
                .orElseGet(() -> "the gateway connection failed (" + (e.getCause() == null ? e : e.getCause()).getMessage() + ")");
    }

    private static String hostOf(String url) {
        HttpUrl parsed = HttpUrl.parse(url.replaceFirst("^ws", "http"));
        return parsed == null ? url : parsed.host() + ":" + parsed.port();
    }

    @Override
    public void close() {
        worker.interrupt();
        nodes.clear();
    }

    /** Discord's max_concurrency; one connection at a time is always allowed, and enough below thousands of servers. */
    @Override
    public void setConcurrency(int level) {
        if (level > 1) {
            log.debug("Discord allows {} gateway connections at once; this process opens them one at a time", level);
        }
    }
}
