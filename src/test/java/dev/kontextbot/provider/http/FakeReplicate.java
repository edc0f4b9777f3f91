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
 * <p>
 * Files, as Replicate's client libraries use them: {@code POST /v1/files} multipart with the bytes in a {@code content}
 * part answers the file object ({@code id, name, content_type, size, expires_at, urls:{get}}), {@code DELETE
 * /v1/files/{id}} forgets it. A prediction's input image may be a data URI, a file's {@code urls.get} (a file it holds:
 * any other fails the prediction), one of its own outputs or any other URL; with {@link #unreachableUrls} every URL but
 * its own files and outputs fails the prediction with a download error (at once when the create is held open with
 * {@code Prefer: wait}).
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
    /** Each upload to the files API: its part's file name, type and bytes, in order. */
    public final List<Upload> uploads = new CopyOnWriteArrayList<>();
    public final List<String> fileDeletes = new CopyOnWriteArrayList<>();
    /** The files API answers this status instead of taking a file (0: it takes it). */
    public volatile int filesStatus;
    /** Replicate cannot fetch any URL but its own: a prediction given one fails downloading it. */
    public volatile boolean unreachableUrls;
    /** How long a file lives, for its {@code expires_at}. */
    public volatile java.time.Duration fileLifetime = java.time.Duration.ofHours(24);
    private final Map<Integer, String> downloadFailures = new ConcurrentHashMap<>();

    public record Upload(String name, String type, byte[] bytes) {
    }

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
        if (request.getMethod().equals("POST") && target.equals("/v1/files")) {
            return upload(request);
        }
        if (request.getMethod().equals("DELETE") && target.matches("/v1/files/f\\d+")) {
            fileDeletes.add(target.substring("/v1/files/".length()));
            return new MockResponse.Builder().code(204).build();
        }
        if (request.getMethod().equals("POST") && target.startsWith("/v1/models/") && target.endsWith("/predictions")) {
            JsonNode input = read(request).path("input");
            int index = creates.getAndIncrement();
            inputs.add(input);
            createPaths.add(target);
            prefers.add(String.valueOf(request.getHeaders().get("Prefer")));
            unfetchable(input).ifPresent(url -> downloadFailures.put(index, "Failed to download input image from URL: " + url));
            String id = "p" + index;
            boolean waited = request.getHeaders().get("Prefer") != null;
            boolean endsAtOnce = waited && (doneAtOnce || downloadFailures.containsKey(index)) && !held.contains(index);
            return json(201, prediction(id, endsAtOnce ? finalStatus(index) : "starting", input, "").toString());
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
        return failing.containsKey(index) || downloadFailures.containsKey(index) ? "failed" : "succeeded";
    }

    private MockResponse upload(RecordedRequest request) {
        if (filesStatus != 0) {
            return json(filesStatus, "{\"title\":\"Internal Server Error\",\"detail\":\"files are away\",\"status\":" + filesStatus + "}");
        }
        okhttp3.MediaType type = okhttp3.MediaType.parse(String.valueOf(request.getHeaders().get("Content-Type")));
        String boundary = type == null ? null : type.parameter("boundary");
        if (boundary == null || !type.type().equals("multipart")) {
            return json(400, "{\"detail\":\"expected multipart/form-data\"}");
        }
        try (okhttp3.MultipartReader reader = new okhttp3.MultipartReader(new Buffer().write(request.getBody().toByteArray()), boundary)) {
            okhttp3.MultipartReader.Part part;
            while ((part = reader.nextPart()) != null) {
                String disposition = String.valueOf(part.headers().get("Content-Disposition"));
                if (disposition.contains("name=\"content\"")) {
                    String name = disposition.replaceAll(".*filename=\"([^\"]*)\".*", "$1");
                    String mime = String.valueOf(part.headers().get("Content-Type"));
                    byte[] bytes = part.body().readByteArray();
                    int index = uploads.size();
                    uploads.add(new Upload(name, mime, bytes));
                    ObjectNode file = mapper.createObjectNode();
                    file.put("id", "f" + index);
                    file.put("name", name);
                    file.put("content_type", mime);
                    file.put("size", bytes.length);
                    file.put("etag", "\"e" + index + "\"");
                    file.putObject("checksums").put("sha256", "0");
                    file.putObject("metadata");
                    file.put("created_at", java.time.Instant.now().toString());
                    file.put("expires_at", java.time.Instant.now().plus(fileLifetime).toString());
                    file.putObject("urls").put("get", base + "/v1/files/f" + index);
                    return json(201, file.toString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return json(400, "{\"detail\":\"no content part\"}");
    }

    /**
     * The first input URL Replicate cannot fetch: a file it does not hold (never uploaded, or deleted), and with
     * {@link #unreachableUrls} any URL but its own files and outputs.
     */
    private java.util.Optional<String> unfetchable(JsonNode input) {
        List<JsonNode> images = new java.util.ArrayList<>();
        images.add(input.path("input_image"));
        input.path("input_images").forEach(images::add);
        String files = base + "/v1/files/";
        return images.stream().filter(JsonNode::isTextual).map(JsonNode::asText).filter(url -> !url.startsWith("data:"))
                .filter(url -> url.startsWith(files) ? !held(url.substring(files.length()))
                        : unreachableUrls && !url.startsWith(base + "/files/"))
                .findFirst();
    }

    private boolean held(String fileId) {
        return fileId.matches("f\\d+") && Integer.parseInt(fileId.substring(1)) < uploads.size() && !fileDeletes.contains(fileId);
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
            p.put("error", failing.getOrDefault(index, downloadFailures.get(index)));
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
