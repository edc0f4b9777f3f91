package dev.kontextbot.provider.comfyui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kontextbot.provider.http.FakeService;
import dev.kontextbot.provider.http.ProviderHttp;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.Buffer;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ComfyUI on loopback as its server routes speak: {@code /upload/image}, {@code /prompt}, {@code /queue},
 * {@code /interrupt}, {@code /history/{id}}, {@code /view}, and the websocket {@code /ws?clientId=} (a real upgrade on
 * the same port) carrying {@code status}, {@code execution_start}, {@code progress}, {@code executing},
 * {@code execution_success}, {@code execution_error}, {@code execution_interrupted}. Tests move prompts along by hand
 * ({@link #run}, {@link #step}, {@link #finish}, {@link #fail}), or let {@link #autoRun} do it like a GPU would.
 */
public final class FakeComfyUi implements AutoCloseable {
    public enum State { PENDING, RUNNING, DONE }

    public static final class Prompt {
        public final String id;
        final int number;
        final JsonNode graph;
        final String clientId;
        public volatile State state = State.PENDING;
        volatile ObjectNode history;

        Prompt(String id, int number, JsonNode graph, String clientId) {
            this.id = id;
            this.number = number;
            this.graph = graph;
            this.clientId = clientId;
        }
    }

    private static final Pattern HISTORY = Pattern.compile("/(?:api/)?history/([^/?]+)");
    public final MockWebServer server = new MockWebServer();
    public final ObjectMapper mapper = new ObjectMapper();
    public final Map<String, Prompt> prompts = new ConcurrentHashMap<>();
    public final List<String> order = new CopyOnWriteArrayList<>();
    public final List<String> requests = new CopyOnWriteArrayList<>();
    final List<JsonNode> posted = new CopyOnWriteArrayList<>();
    final List<String> uploads = new CopyOnWriteArrayList<>();
    final List<String> uploadForms = new CopyOnWriteArrayList<>();
    public final List<WebSocket> sockets = new CopyOnWriteArrayList<>();
    final List<String> socketClients = new CopyOnWriteArrayList<>();
    public final AtomicInteger promptPosts = new AtomicInteger();
    final AtomicInteger failNext = new AtomicInteger();
    private final AtomicInteger numbers = new AtomicInteger();
    private final ScheduledExecutorService gpu = Executors.newSingleThreadScheduledExecutor();
    /** What the next POST /prompt answers instead of queueing, when set. */
    volatile MockResponse promptAnswer;
    /** What GET /queue answers instead of the queue, when set. */
    volatile MockResponse queueAnswer;
    volatile int autoSteps;
    public volatile Duration autoPause = Duration.ofMillis(20);

    public FakeComfyUi() throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return answer(request);
            }
        });
        server.start();
    }

    public String base() {
        return server.url("/").toString().replaceAll("/$", "");
    }

    public ProviderHttp http() {
        return new ProviderHttp(new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofSeconds(2)).build(), mapper);
    }

    /** Every later prompt runs by itself: queued briefly, then {@code steps} progress messages, then saved images. */
    public void autoRun(int steps) {
        this.autoSteps = steps;
    }

    /** The next {@code n} requests of any route get a 503 HTML page, as a proxy in front of a busy ComfyUI sends. */
    void storm(int n) {
        failNext.set(n);
    }

    /** ComfyUI restarted: its queue and history (kept in memory) are gone. */
    void restart() {
        prompts.clear();
        order.clear();
        sockets.forEach(s -> s.close(1001, "restart"));
    }

    void dropSockets() {
        sockets.forEach(s -> s.close(1001, "going away"));
        sockets.clear();
    }

    public Prompt only() {
        if (order.size() != 1) {
            throw new AssertionError("expected one prompt, have " + order);
        }
        return prompts.get(order.get(0));
    }

    /** A prompt another client queued, ahead of ours. */
    String queueForeign() {
        String id = "foreign-" + numbers.get();
        Prompt prompt = new Prompt(id, numbers.getAndIncrement(), mapper.createObjectNode(), "someone-else");
        prompts.put(id, prompt);
        order.add(id);
        return id;
    }

    public void run(String id) {
        prompts.get(id).state = State.RUNNING;
        send(id, "execution_start", Map.of("prompt_id", id, "timestamp", 1));
        send(id, "executing", Map.of("node", "12", "prompt_id", id));
    }

    public void step(String id, int value, int max) {
        send(id, "progress", Map.of("value", value, "max", max, "prompt_id", id, "node", "12"));
    }

    /** Saves batch_size images and tells the socket: executing node null, execution_success. */
    public void finish(String id) {
        Prompt prompt = prompts.get(id);
        int batch = batchSize(prompt.graph);
        ObjectNode entry = mapper.createObjectNode();
        ArrayNode images = entry.putObject("outputs").putObject("14").putArray("images");
        for (int i = 0; i < batch; i++) {
            images.addObject().put("filename", "kontext-bot_0000" + i + "_.png").put("subfolder", "").put("type", "output");
        }
        ObjectNode status = entry.putObject("status").put("status_str", "success").put("completed", true);
        status.putArray("messages").addArray().add("execution_success").addObject().put("prompt_id", id);
        done(prompt, entry);
        send(id, "executing", mapOfNullNode(id));
        send(id, "execution_success", Map.of("prompt_id", id, "timestamp", 2));
    }

    void fail(String id, String exception) {
        Prompt prompt = prompts.get(id);
        ObjectNode entry = mapper.createObjectNode();
        entry.putObject("outputs");
        ObjectNode status = entry.putObject("status").put("status_str", "error").put("completed", false);
        ObjectNode error = status.putArray("messages").addArray().add("execution_error").addObject();
        error.put("prompt_id", id).put("node_id", "12").put("node_type", "KSampler").put("exception_message", exception)
                .put("exception_type", "torch.OutOfMemoryError").putArray("traceback").add("Traceback …");
        done(prompt, entry);
        send(id, "execution_error", mapper.convertValue(error, Map.class));
    }

    private void interrupted(Prompt prompt) {
        ObjectNode entry = mapper.createObjectNode();
        entry.putObject("outputs");
        ObjectNode status = entry.putObject("status").put("status_str", "error").put("completed", false);
        status.putArray("messages").addArray().add("execution_interrupted").addObject().put("prompt_id", prompt.id)
                .put("node_id", "12").put("node_type", "KSampler");
        done(prompt, entry);
        send(prompt.id, "execution_interrupted", Map.of("prompt_id", prompt.id, "node_id", "12", "node_type", "KSampler"));
    }

    private void done(Prompt prompt, ObjectNode entry) {
        prompt.history = entry;
        prompt.state = State.DONE;
    }

    private Map<String, Object> mapOfNullNode(String id) {
        Map<String, Object> data = new java.util.HashMap<>();
        data.put("node", null);
        data.put("prompt_id", id);
        return data;
    }

    private void send(String id, String type, Map<String, ?> data) {
        Prompt prompt = prompts.get(id);
        String text;
        try {
            text = mapper.writeValueAsString(Map.of("type", type, "data", data));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        // ComfyUI sends a prompt's messages to the client that queued it.
        for (int i = 0; i < sockets.size(); i++) {
            if (prompt == null || socketClients.get(i).equals(prompt.clientId)) {
                sockets.get(i).send(text);
            }
        }
    }

    private int batchSize(JsonNode graph) {
        for (JsonNode node : graph) {
            if (node.path("inputs").has("batch_size")) {
                return node.path("inputs").path("batch_size").asInt(1);
            }
        }
        return 1;
    }

    private MockResponse answer(RecordedRequest request) {
        String target = request.getTarget();
        String path = target.replaceFirst("\\?.*", "");
        requests.add(request.getMethod() + " " + target);
        if (path.equals("/ws")) {
            String client = target.replaceFirst(".*clientId=", "");
            return new MockResponse.Builder().webSocketUpgrade(new WebSocketListener() {
                @Override
                public void onOpen(WebSocket webSocket, Response response) {
                    socketClients.add(client);
                    sockets.add(webSocket);
                    webSocket.send("{\"type\":\"status\",\"data\":{\"status\":{\"exec_info\":{\"queue_remaining\":" + pending().size() + "}},\"sid\":\"" + client + "\"}}");
                    webSocket.send(okio.ByteString.of(new byte[]{0, 0, 0, 1, 0, 0, 0, 2}));
                    webSocket.send("not json at all");
                }
            }).build();
        }
        if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return new MockResponse.Builder().code(503).addHeader("Content-Type", "text/html")
                    .body("<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>").build();
        }
        if (path.equals("/upload/image") && request.getMethod().equals("POST")) {
            String form = request.getBody().utf8();
            uploadForms.add(form);
            Matcher name = Pattern.compile("filename=\"([^\"]+)\"").matcher(form);
            String asked = name.find() ? name.group(1) : "image.png";
            // As ComfyUI without overwrite would: the stored name differs from the one sent.
            String stored = asked.replaceFirst("(\\.[a-z]+)$", " (1)$1");
            uploads.add(stored);
            return json(200, "{\"name\":\"" + stored + "\",\"subfolder\":\"\",\"type\":\"input\"}");
        }
        if (path.equals("/prompt") && request.getMethod().equals("POST")) {
            promptPosts.incrementAndGet();
            MockResponse special = promptAnswer;
            if (special != null) {
                return special;
            }
            JsonNode body = read(request);
            posted.add(body);
            String id = "p-" + numbers.get();
            Prompt prompt = new Prompt(id, numbers.getAndIncrement(), body.path("prompt"), body.path("client_id").asText());
            prompts.put(id, prompt);
            order.add(id);
            if (autoSteps > 0) {
                autoRun(prompt);
            }
            return json(200, "{\"prompt_id\":\"" + id + "\",\"number\":" + prompt.number + ",\"node_errors\":{}}");
        }
        if (path.equals("/queue") && request.getMethod().equals("GET")) {
            MockResponse special = queueAnswer;
            return special != null ? special : json(200, queue());
        }
        if (path.equals("/queue") && request.getMethod().equals("POST")) {
            read(request).path("delete").forEach(id -> {
                Prompt prompt = prompts.get(id.asText());
                if (prompt != null && prompt.state == State.PENDING) {
                    prompts.remove(prompt.id);
                    order.remove(prompt.id);
                }
            });
            return json(200, "{}");
        }
        if (path.equals("/interrupt") && request.getMethod().equals("POST")) {
            String id = read(request).path("prompt_id").asText("");
            prompts.values().stream().filter(p -> p.state == State.RUNNING && (id.isEmpty() || p.id.equals(id))).forEach(this::interrupted);
            return json(200, "{}");
        }
        Matcher history = HISTORY.matcher(path);
        if (history.matches() && request.getMethod().equals("GET")) {
            Prompt prompt = prompts.get(history.group(1));
            if (prompt == null || prompt.history == null) {
                return json(200, "{}");
            }
            ObjectNode answer = mapper.createObjectNode();
            answer.set(prompt.id, prompt.history);
            return json(200, answer.toString());
        }
        if (path.equals("/view") && request.getMethod().equals("GET")) {
            return new MockResponse.Builder().code(200).addHeader("Content-Type", "image/png").body(new Buffer().write(FakeService.png())).build();
        }
        return new MockResponse.Builder().code(404).addHeader("Content-Type", "text/plain").body("404: Not Found").build();
    }

    private void autoRun(Prompt prompt) {
        long pause = autoPause.toMillis();
        gpu.schedule(() -> run(prompt.id), pause * 3, TimeUnit.MILLISECONDS);
        for (int step = 1; step <= autoSteps; step++) {
            int value = step;
            gpu.schedule(() -> step(prompt.id, value, autoSteps), pause * (3 + step), TimeUnit.MILLISECONDS);
        }
        gpu.schedule(() -> finish(prompt.id), pause * (4 + autoSteps), TimeUnit.MILLISECONDS);
    }

    private List<Prompt> pending() {
        List<Prompt> list = new ArrayList<>();
        order.forEach(id -> {
            Prompt p = prompts.get(id);
            if (p != null && p.state == State.PENDING) {
                list.add(p);
            }
        });
        return list;
    }

    private String queue() {
        ObjectNode queue = mapper.createObjectNode();
        ArrayNode running = queue.putArray("queue_running");
        ArrayNode pending = queue.putArray("queue_pending");
        List<Prompt> waiting = pending();
        // ComfyUI's list is a heap: not in run order; the client sorts by number.
        java.util.Collections.reverse(waiting);
        for (String id : order) {
            Prompt p = prompts.get(id);
            if (p != null && p.state == State.RUNNING) {
                running.addArray().add(p.number).add(p.id).add(p.graph).addObject().put("client_id", p.clientId).putArray("outputs");
            }
        }
        for (Prompt p : waiting) {
            pending.addArray().add(p.number).add(p.id).add(p.graph).addObject().put("client_id", p.clientId).putArray("outputs");
        }
        return queue.toString();
    }

    private JsonNode read(RecordedRequest request) {
        try {
            return mapper.readTree(request.getBody().utf8());
        } catch (IOException e) {
            return mapper.createObjectNode();
        }
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
    }

    static MockResponse html(int code) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "text/html").body("<html><body>Bad Gateway</body></html>").build();
    }

    static MockResponse nodeErrors() {
        return json(400, "{\"error\":{\"type\":\"prompt_outputs_failed_validation\",\"message\":\"Prompt outputs failed validation\",\"details\":\"\",\"extra_info\":{}},"
                + "\"node_errors\":{\"1\":{\"errors\":[{\"type\":\"value_not_in_list\",\"message\":\"Value not in list\",\"details\":\"unet_name: 'flux1-dev-kontext_fp8_scaled.safetensors' not in []\",\"extra_info\":{}}],"
                + "\"dependent_outputs\":[\"14\"],\"class_type\":\"UNETLoader\"}}}");
    }

    @Override
    public void close() {
        gpu.shutdownNow();
        sockets.forEach(s -> s.close(1001, "going away"));
        server.close();
    }
}
