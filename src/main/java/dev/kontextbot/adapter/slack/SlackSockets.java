package dev.kontextbot.adapter.slack;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kontextbot.adapter.chat.LoginCheck;
import dev.kontextbot.adapter.chat.NamedThreads;
import dev.kontextbot.adapter.health.Health;
import dev.kontextbot.engine.RetryPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Our own watchdog over Socket Mode, in place of Bolt's SocketModeApp: it keeps {@code target} hello-acknowledged
 * connections open, replaces a missing one with backoff and jitter whatever the failure was (Bolt's own check gives up
 * for good on anything but an IOException), logs each failure once, and sends each acknowledgement back on the
 * connection its envelope came from (Bolt sends it on its newest connection, which after a "disconnect" is not open
 * yet). Bolt still parses the envelopes and runs the handlers: {@link Handler}.
 *
 * <p>All bookkeeping of the slots happens on the one watchdog thread; the sockets' threads only post to it.
 */
final class SlackSockets implements AutoCloseable, SocketModeConnection.Events {
    private static final Logger log = LoggerFactory.getLogger(SlackSockets.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A connection that has not said hello by then is given up and replaced. */
    private static final long HELLO_WITHIN_NANOS = Duration.ofSeconds(10).toNanos();
    private static final Duration TICK = Duration.ofMillis(250);
    /**
     * Slack closes a connection about 10 s after its "disconnect" message and may deliver on it until then; we close it
     * ourselves only after that, once its successor is open.
     */
    private static final long RETIRED_FOR_NANOS = Duration.ofSeconds(10).toNanos();
    /** How long closing waits for envelopes being handled, so their acknowledgements still go out (Slack waits 3 s). */
    private static final Duration DRAIN = Duration.ofSeconds(3);

    /** Runs one envelope through the app; the acknowledgement to send back, or empty when it is not to be acknowledged. */
    @FunctionalInterface
    interface Handler {
        Optional<String> handle(String envelope) throws Exception;
    }

    private final SocketUrls urls;
    private final Handler handler;
    private final RetryPolicy backoff;
    private final Slot[] slots;
    private final Queue<String> unsentAcks = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(NamedThreads.of("slack-socket-watchdog"));
    private final ExecutorService envelopes = Executors.newFixedThreadPool(4, NamedThreads.of("slack-socket"));
    private volatile boolean started;
    private volatile boolean closed;

    SlackSockets(int target, SocketUrls urls, Handler handler, RetryPolicy backoff) {
        if (target < 1) {
            throw new IllegalArgumentException("Socket Mode needs at least one connection, not " + target);
        }
        this.urls = urls;
        this.handler = handler;
        this.backoff = backoff;
        this.slots = new Slot[target];
        for (int i = 0; i < target; i++) {
            slots[i] = new Slot(i);
        }
    }

    /**
     * Asks Slack for the first connection's URL here, so that a refused app token is known at once; the others, and
     * every replacement later, are the watchdog's. Called again after a refusal, it asks again.
     */
    synchronized LoginCheck start() {
        if (closed) {
            throw new IllegalStateException("the Socket Mode connections are closed");
        }
        if (started) {
            return new LoginCheck.Accepted();
        }
        SocketUrls.Answer answer = urls.open();
        if (answer instanceof SocketUrls.NotIssued notIssued) {
            return notIssued.why();
        }
        if (!(answer instanceof SocketUrls.Issued issued)) {
            throw new IllegalStateException("unknown answer " + answer);
        }
        started = true;
        watchdog.execute(() -> slots[0].connect(issued));
        watchdog.scheduleWithFixedDelay(this::watch, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
        return new LoginCheck.Accepted();
    }

    /** One round of the watchdog; nothing it meets may end it, or the connections would silently stop being replaced. */
    private void watch() {
        for (Slot slot : slots) {
            try {
                slot.watch();
            } catch (RuntimeException e) {
                log.error("watching Slack Socket Mode connection {} failed", slot.number(), e);
            }
        }
    }

    int openConnections() {
        int open = 0;
        for (Slot slot : slots) {
            open += slot.open() ? 1 : 0;
        }
        return open;
    }

    /** Degraded while fewer than the configured connections are open, down with none, with each slot's last problem. */
    Health health() {
        Map<String, String> details = new LinkedHashMap<>();
        for (Slot slot : slots) {
            details.put("socket " + slot.index, slot.describe());
        }
        int open = openConnections();
        String state = open + " of " + slots.length + " socket(s) connected";
        Health health = open == slots.length ? Health.up(state) : open == 0 ? Health.down(state) : Health.degraded(state);
        return health.withDetails(details);
    }

    @Override
    public void hello(SocketModeConnection connection) {
        onWatchdog(() -> {
            slots[connection.slot()].opened(connection);
            sendUnsentAcks();
        });
    }

    @Override
    public void retiring(SocketModeConnection connection, String reason) {
        onWatchdog(() -> slots[connection.slot()].retiring(connection, reason));
    }

    @Override
    public void closed(SocketModeConnection connection, int code, String reason, boolean hadHello) {
        onWatchdog(() -> slots[connection.slot()].closed(connection, code, reason, hadHello));
    }

    /** Envelopes that arrive while closing are not acknowledged: Slack delivers them again, to another instance or to the next start. */
    @Override
    public void envelope(SocketModeConnection from, String message) {
        if (closed) {
            return;
        }
        try {
            envelopes.execute(() -> handle(from, message));
        } catch (RejectedExecutionException e) {
            log.info("a Slack envelope arrived while closing; Slack will deliver it again");
        }
    }

    private void handle(SocketModeConnection from, String message) {
        Optional<String> ack;
        try {
            ack = handler.handle(message);
        } catch (Exception e) {
            log.error("handling a Slack Socket Mode envelope failed; it is not acknowledged, so Slack will deliver it again", e);
            return;
        }
        ack.ifPresent(a -> acknowledge(from, a));
    }

    /** On the connection the envelope came from while it is open, else on any open one, else on the next one to open. */
    void acknowledge(SocketModeConnection from, String ack) {
        if (from.send(ack) || sendOnAnyOpen(ack)) {
            return;
        }
        log.info("Socket Mode connection {} closed before envelope {} was acknowledged; the acknowledgement waits for the next connection",
                from.slot() + 1, envelopeId(ack));
        unsentAcks.add(ack);
        onWatchdog(this::sendUnsentAcks);
    }

    private boolean sendOnAnyOpen(String message) {
        for (Slot slot : slots) {
            SocketModeConnection current = slot.current;
            if (current != null && current.send(message)) {
                return true;
            }
        }
        return false;
    }

    private void sendUnsentAcks() {
        for (String ack = unsentAcks.peek(); ack != null; ack = unsentAcks.peek()) {
            if (!sendOnAnyOpen(ack)) {
                return;
            }
            unsentAcks.remove(ack);
        }
    }

    private static String envelopeId(String ack) {
        try {
            return JSON.readTree(ack).path("envelope_id").asText("?");
        } catch (IOException e) {
            return "?";
        }
    }

    /** Socket threads hand their news to the watchdog thread; once closed there is nothing left to watch. */
    private void onWatchdog(Runnable task) {
        if (closed) {
            return;
        }
        try {
            watchdog.execute(task);
        } catch (RejectedExecutionException e) {
            log.debug("Socket Mode news after closing: {}", task);
        }
    }

    /**
     * Final: no connection is opened after it. Stops taking envelopes, lets those being handled send their
     * acknowledgements, then closes every connection.
     */
    @Override
    public void close() throws InterruptedException {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        watchdog.shutdownNow();
        envelopes.shutdown();
        if (!envelopes.awaitTermination(DRAIN.toMillis(), TimeUnit.MILLISECONDS)) {
            log.warn("{} Slack envelope(s) were still being handled at the stop; Slack will deliver them again", envelopes.shutdownNow().size());
        }
        watchdog.awaitTermination(5, TimeUnit.SECONDS);
        for (Slot slot : slots) {
            slot.closeAll();
        }
        for (String ack : unsentAcks) {
            log.warn("the acknowledgement of Slack envelope {} was never sent: no Socket Mode connection opened again before the stop",
                    envelopeId(ack));
        }
    }

    /** One of the configured connections: the one serving it, those Slack asked us to replace, and its failures in a row. */
    private final class Slot {
        private final int index;
        private volatile SocketModeConnection current;
        private final List<SocketModeConnection> retired = new CopyOnWriteArrayList<>();
        private int failures;
        private long nextAttemptNanos = System.nanoTime();
        private volatile String problem = "connecting";

        Slot(int index) {
            this.index = index;
        }

        int number() {
            return index + 1;
        }

        /** Its connection is open, or the one Slack asked us to replace still is (it still carries events) while its successor connects. */
        boolean open() {
            SocketModeConnection c = current;
            return c != null && c.open() || retired.stream().anyMatch(SocketModeConnection::open);
        }

        String describe() {
            return open() ? "connected" : problem;
        }

        void watch() {
            SocketModeConnection c = current;
            if (c != null && c.open()) {
                for (SocketModeConnection old : retired) {
                    if (old.retiringForNanos() > RETIRED_FOR_NANOS) {
                        retired.remove(old);
                        old.close();
                    }
                }
            }
            if (c != null && !c.open() && c.ageNanos() > HELLO_WITHIN_NANOS) {
                current = null;
                c.close();
                failed("did not say hello within " + Duration.ofNanos(HELLO_WITHIN_NANOS).toSeconds() + " s");
            }
            if (current == null && !closed && System.nanoTime() - nextAttemptNanos >= 0) {
                SocketUrls.Answer answer = urls.open();
                if (answer instanceof SocketUrls.Issued issued) {
                    connect(issued);
                } else if (answer instanceof SocketUrls.NotIssued notIssued) {
                    failed("could not be opened: " + reason(notIssued.why()));
                } else {
                    throw new IllegalStateException("unknown answer " + answer);
                }
            }
        }

        void connect(SocketUrls.Issued issued) {
            if (closed) {
                return;
            }
            SocketModeConnection c = new SocketModeConnection(index, issued.url(), SlackSockets.this);
            current = c;
            problem = "connecting";
            c.connect();
        }

        void opened(SocketModeConnection c) {
            if (c != current) {
                return;
            }
            if (failures > 0) {
                log.info("Slack Socket Mode connection {} is open again after {} failed attempt(s)", number(), failures);
            }
            failures = 0;
        }

        void retiring(SocketModeConnection c, String reason) {
            if (c != current) {
                return;
            }
            log.info("Slack asked to replace Socket Mode connection {} ({}); opening its successor", number(), reason);
            retired.add(c);
            current = null;
            problem = "being replaced (" + reason + ")";
            nextAttemptNanos = System.nanoTime();
            watch();
        }

        void closed(SocketModeConnection c, int code, String reason, boolean hadHello) {
            retired.remove(c);
            if (c != current) {
                return;
            }
            current = null;
            String how = "closed (code " + code + (reason == null || reason.isBlank() ? "" : ": " + reason) + ")";
            if (hadHello) {
                // It served; this is a fresh start of the backoff, not one more failure in a row.
                failures = 0;
            }
            failed(hadHello ? how : how + " before Slack said hello");
        }

        private void failed(String what) {
            failures++;
            Duration wait = backoff.delayBefore(failures, null);
            nextAttemptNanos = System.nanoTime() + wait.toNanos();
            problem = what;
            log.warn("Slack Socket Mode connection {} {}; trying again in {} ms", number(), what, wait.toMillis());
        }

        void closeAll() {
            SocketModeConnection c = current;
            if (c != null) {
                c.close();
            }
            retired.forEach(SocketModeConnection::close);
        }
    }

    /** Slack's own word for it (its error code, or what failed on the way), never the token. */
    private static String reason(LoginCheck why) {
        if (why instanceof LoginCheck.Refused refused) {
            return "Slack refused the app token (" + refused.reason() + ")";
        }
        if (why instanceof LoginCheck.Unreachable unreachable) {
            return unreachable.reason();
        }
        if (why instanceof LoginCheck.Unexpected unexpected) {
            return unexpected.reason();
        }
        throw new IllegalStateException("not a failure: " + why);
    }
}
