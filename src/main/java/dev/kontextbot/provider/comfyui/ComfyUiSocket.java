package dev.kontextbot.provider.comfyui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kontextbot.engine.port.JobProgress;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The provider's one websocket to ComfyUI ({@code /ws?clientId=…}): it keeps the latest sampler step of each prompt
 * so that a poll can say "45% (9/20 steps)". Only progress comes from here; whether a prompt ended is read from
 * {@code /history}, since the socket misses whatever happens while it is down. Reconnects with a doubling pause.
 */
final class ComfyUiSocket implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ComfyUiSocket.class);
    private static final Duration FIRST_PAUSE = Duration.ofMillis(250);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(30);

    private final URI url;
    private final ObjectMapper mapper;
    private final Map<String, JobProgress.Generating> progress = new ConcurrentHashMap<>();
    private final ScheduledExecutorService reconnects = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "comfyui-socket");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Client client;
    private volatile boolean started;
    private volatile boolean closed;
    private volatile long pauseMillis = FIRST_PAUSE.toMillis();

    /** {@code baseUrl}: ComfyUI's http(s) address; the socket uses ws(s) on the same host. */
    ComfyUiSocket(String baseUrl, String clientId, ObjectMapper mapper) {
        this.url = URI.create(baseUrl.replaceFirst("^http", "ws").replaceAll("/+$", "") + "/ws?clientId=" + clientId);
        this.mapper = mapper;
    }

    /** Opens the socket the first time a job needs it; later calls do nothing. */
    synchronized void start() {
        if (started || closed) {
            return;
        }
        started = true;
        connect();
    }

    /** The latest step ComfyUI reported for this prompt, if any. */
    Optional<JobProgress.Generating> progress(String promptId) {
        return Optional.ofNullable(progress.get(promptId));
    }

    /** The prompt ended: its steps are no longer needed. */
    void forget(String promptId) {
        progress.remove(promptId);
    }

    boolean open() {
        Client current = client;
        return current != null && current.isOpen();
    }

    @Override
    public void close() {
        closed = true;
        reconnects.shutdownNow();
        Client current = client;
        if (current != null) {
            current.close();
        }
    }

    private void connect() {
        if (closed) {
            return;
        }
        Client next = new Client(url);
        next.setDaemon(true);
        next.setConnectionLostTimeout(30);
        client = next;
        next.connect();
    }

    private void lost() {
        if (closed) {
            return;
        }
        long pause = pauseMillis;
        pauseMillis = Math.min(pause * 2, LONGEST_PAUSE.toMillis());
        reconnects.schedule(this::connect, pause, TimeUnit.MILLISECONDS);
    }

    private void received(String message) {
        JsonNode json;
        try {
            json = mapper.readTree(message);
        } catch (IOException e) {
            log.debug("ComfyUI sent a text frame that is not JSON; it carries no progress");
            return;
        }
        JsonNode data = json.path("data");
        String promptId = data.path("prompt_id").asText("");
        if (promptId.isEmpty()) {
            return;
        }
        switch (json.path("type").asText("")) {
            case "progress" -> progress.put(promptId, JobProgress.Generating.atStep(data.path("value").asInt(-1), data.path("max").asInt(0)));
            case "execution_start" -> progress.putIfAbsent(promptId, JobProgress.Generating.started());
            default -> {
                // status, executing, executed, execution_cached, …: the end is read from /history, the rest says nothing of steps.
            }
        }
    }

    private final class Client extends WebSocketClient {
        Client(URI url) {
            super(url);
        }

        @Override
        public void onOpen(ServerHandshake handshake) {
            pauseMillis = FIRST_PAUSE.toMillis();
        }

        @Override
        public void onMessage(String message) {
            received(message);
        }

        @Override
        public void onMessage(ByteBuffer bytes) {
            // Binary frames are previews (an event number, a format, then the image); percent comes from "progress".
        }

        @Override
        public void onClose(int code, String reason, boolean remote) {
            lost();
        }

        @Override
        public void onError(Exception e) {
            // onClose follows every error and reconnects; a socket that is down costs progress, never a turn.
            log.debug("ComfyUI websocket {}: {}", url.getHost(), e.toString());
        }
    }
}
