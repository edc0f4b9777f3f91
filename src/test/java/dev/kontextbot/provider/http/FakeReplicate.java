package dev.kontextbot.provider.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kontextbot.testing.TestImages;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okio.Buffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Replicate's predictions API as replicate.com/docs describes it: {@code POST /v1/models/{owner}/{name}/predictions}
 * answers the prediction object ({@code id, status, input, logs, output, error, urls:{get, cancel}}, with the input
 * echoed); {@code GET urls.get} goes {@code starting} → {@code processing} (a tqdm bar in {@code logs}) →
 * {@code succeeded} with {@code output} a URI; {@code POST urls.cancel} makes it {@code canceled}. Auth is
 * {@code Authorization: Bearer}; anything else answers 401. Counts what is asked of it.
 */
public final class FakeReplicate extends Dispatcher {
    private final ObjectMapper mapper = new ObjectMapper();
    private final String token;
    private final Map<String, AtomicInteger> looks = new ConcurrentHashMap<>();
    private final Set<String> canceled = ConcurrentHashMap.newKeySet();
    public final Map<String, AtomicInteger> fetches = new ConcurrentHashMap<>();
    public final AtomicInteger creates = new AtomicInteger();
    /** Each create's input, in order. */
    public final List<JsonNode> inputs = new CopyOnWriteArrayList<>();
    /** Each create's path and Prefer header, in order. */
    public final List<String> createPaths = new CopyOnWriteArrayList<>();
    public final List<String> prefers = new CopyOnWriteArrayList<>();
    public final List<String> cancels = new CopyOnWriteArrayList<>();
    public volatile String base;
    /** Looks at urls.get answered starting, then processing, before it succeeds. */
    public volatile int startingLooks = 1;
    public volatile int processingLooks = 1;
    /** A create held open with Prefer: wait answers the finished prediction at once. */
    public volatile boolean doneAtOnce;
    /** Predictions (0-based, in the order created) that fail, with Replicate's error text. */
    public final Map<Integer, String> failing = new ConcurrentHashMap<>();
    /** Predictions (0-based) that keep processing while listed. */
    public final Set<Integer> held = ConcurrentHashMap.newKeySet();
    /** The bytes every output file serves instead of {@link #output(int)} (a real WebP, say). */
    public volatile byte[] outputBytes;
    /** FLUX.2 answers a list of URIs instead of one. */
    public volatile boolean outputAsList;

    public FakeReplicate(String token) {
        this.token = token;
    }

    /** Prediction i's image, for comparing with what the engine stored. */
    public static byte[] output(int prediction) {
        return TestImages.encode(TestImages.drawn(3, 2, (x, y) -> 0x102030 * (prediction + 1) + x), "png");
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String target = request.getTarget();
        if (target.startsWith("/files/")) {
            int prediction = Integer.parseInt(target.substring("/files/p".length(), target.indexOf('.')));
            fetches.computeIfAbsent(target, key -> new AtomicInteger()).incrementAndGet();
            String mime = target.endsWith(".webp") ? "image/webp" : target.endsWith(".jpg") ? "image/jpeg" : "image/png";
            return new MockResponse.Builder().code(200).addHeader("Content-Type", mime).body(new Buffer().write(outputBytes != null ? outputBytes : output(prediction))).build();
        }
        if (!("Bearer " + token).equals(request.getHeaders().get("Authorization"))) {
            return json(401, "{\"title\":\"Unauthenticated\",\"detail\":\"You did not pass a valid authentication token\",\"status\":401}");
        }
        if (request.getMethod().equals("POST") && target.startsWith("/v1/models/") && target.endsWith("/predictions")) {
            JsonNode input = read(request).path("input");
            int index = creates.getAndIncrement();
            inputs.add(input);
            createPaths.add(target);
            prefers.add(String.valueOf(request.getHeaders().get("Prefer")));
            String id = "p" + index;
            boolean waited = request.getHeaders().get("Prefer") != null;
            return json(201, prediction(id, waited && doneAtOnce && !held.contains(index) ? finalStatus(index) : "starting", input, "").toString());
        }
        if (request.getMethod().equals("POST") && target.matches("/v1/predictions/p\\d+/cancel")) {
            String id = target.split("/")[3];
            canceled.add(id);
            cancels.add(id);
            return json(200, prediction(id, "canceled", mapper.createObjectNode(), "").toString());
        }
        if (request.getMethod().equals("GET") && target.matches("/v1/predictions/p\\d+")) {
            String id = target.substring("/v1/predictions/".length());
            int index = Integer.parseInt(id.substring(1));
            if (canceled.contains(id)) {
                return json(200, prediction(id, "canceled", mapper.createObjectNode(), "").toString());
            }
            int look = looks.computeIfAbsent(id, key -> new AtomicInteger()).incrementAndGet();
            String status = look <= startingLooks ? "starting" : look <= startingLooks + processingLooks || held.contains(index) ? "processing" : finalStatus(index);
            String logs = status.equals("starting") ? "" : "Using seed: 1\n  0%|          | 0/20 [00:00<?, ?it/s]\n 45%|████▌     | 9/20 [00:04<00:05,  2.1it/s]";
            return json(200, prediction(id, status, inputs.get(index), logs).toString());
        }
        return json(404, "{\"detail\":\"Not found.\"}");
    }

    private String finalStatus(int index) {
        return failing.containsKey(index) ? "failed" : "succeeded";
    }

    private ObjectNode prediction(String id, String status, JsonNode input, String logs) {
        int index = Integer.parseInt(id.substring(1));
        ObjectNode p = mapper.createObjectNode();
        p.put("id", id);
        p.put("model", "black-forest-labs/flux-kontext-pro");
        p.put("version", "hidden");
        p.set("input", input);
        p.put("logs", logs);
        p.put("status", status);
        p.put("data_removed", false);
        p.put("created_at", "2026-12-02T04:00:00.000Z");
        if (status.equals("succeeded")) {
            String format = input.path("output_format").asText("png");
            String url = base + "/files/p" + index + "." + format;
            if (outputAsList) {
                p.putArray("output").add(url);
            } else {
                p.put("output", url);
            }
        } else {
            p.putNull("output");
        }
        if (status.equals("failed")) {
            p.put("error", failing.get(index));
        } else {
            p.putNull("error");
        }
        ObjectNode urls = p.putObject("urls");
        urls.put("get", base + "/v1/predictions/" + id);
        urls.put("cancel", base + "/v1/predictions/" + id + "/cancel");
        urls.put("stream", base + "/stream/" + id);
        urls.put("web", "https://replicate.com/p/" + id);
        return p;
    }

    /** How often each prediction's output was fetched, by prediction: {0=1, 1=1, …}. */
    public Map<Integer, Integer> fetchesByPrediction() {
        Map<Integer, Integer> byPrediction = new java.util.TreeMap<>();
        fetches.forEach((path, count) -> byPrediction.put(Integer.parseInt(path.substring("/files/p".length(), path.indexOf('.'))), count.get()));
        return byPrediction;
    }

    private JsonNode read(RecordedRequest request) {
        try {
            return mapper.readTree(request.getBody().utf8());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
    }
}
