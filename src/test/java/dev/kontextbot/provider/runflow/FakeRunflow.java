package dev.kontextbot.provider.runflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kontextbot.provider.http.FakeService;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.Buffer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runflow's public API on loopback, written from docs.runflow.io rather than from our client: run creation validates
 * the Kontext [pro] input schema strictly (a number where the page says string is a 422 with {@code errors[]}), runs go
 * {@code queued → dispatching → running →} an end, the run object echoes its input, the output is the normalized
 * payload in any of the documented shapes, errors use the {@code {code, message, errors}} envelope, and the three-step
 * asset upload works with a presigned PUT. Routes the docs do not describe (the [max] path, {@code POST
 * /v1/runs/{id}/cancel}) answer 404 unless a test says otherwise.
 */
public final class FakeRunflow extends Dispatcher implements AutoCloseable {
    public static final String PRO = "black-forest-labs/flux-pro/kontext";
    public static final Set<String> RATIOS = Set.of("21:9", "16:9", "4:3", "3:2", "1:1", "2:3", "3:4", "9:16", "9:21");
    public static final Set<String> NAMED = Set.of("square_hd", "square", "portrait_4_3", "portrait_16_9", "landscape_4_3", "landscape_16_9");
    private static final Pattern CREATE = Pattern.compile("/v1/models/(.+)/runs");
    private static final Pattern RUN = Pattern.compile("/v1/runs/([^/]+)");
    private static final Pattern CONFIRM = Pattern.compile("/v1/asset-uploads/([^/]+)/confirmations");
    private static final Pattern STORAGE = Pattern.compile("/storage/([^/?]+)\\?sig=.+");

    /** Where the normalized output lists the images (the order Runflow documents for reading them). */
    public enum Shape { OUTPUTS, IMAGES, IMAGE_URLS, IMAGE_ARRAY }

    private final MockWebServer server = new MockWebServer();
    private final ObjectMapper mapper = new ObjectMapper();
    private final String apiKey;
    private final Map<String, Run> runs = new ConcurrentHashMap<>();
    private final Map<String, byte[]> stored = new ConcurrentHashMap<>();
    private final Map<String, JsonNode> uploads = new ConcurrentHashMap<>();
    private final ConcurrentLinkedDeque<MockResponse> scriptedCreates = new ConcurrentLinkedDeque<>();
    /** Every request, as "METHOD /path". */
    public final List<String> requests = new CopyOnWriteArrayList<>();
    /** The input of every run creation that passed validation. */
    public final List<JsonNode> acceptedInputs = new CopyOnWriteArrayList<>();
    public final AtomicInteger createAttempts = new AtomicInteger();

    public volatile Shape shape = Shape.OUTPUTS;
    /** Statuses a run shows on successive polls before its end. */
    public volatile List<String> stages = List.of("queued", "dispatching", "running");
    /** How a run ends: succeeded, partial_succeeded, failed, canceled, cancelled. */
    public volatile String end = "succeeded";
    /** Images delivered per run; -1: as many as asked. */
    public volatile int delivered = -1;
    /** The run's failure fields when it ends failed. */
    public volatile Map<String, String> failure = Map.of("failure_code", "PROVIDER_ERROR", "failure_stage", "execution",
            "failure_message", "The model crashed.");
    /** The aspect_ratio values the validator accepts: the page lists both forms. */
    public volatile Set<String> acceptedRatios = union(RATIOS, NAMED);
    public volatile boolean maxExists;
    /** Padding in the poll answer's {@code output} (say a sync_mode data URI): for answers too large to read. */
    public volatile int outputPadding;
    public volatile byte[] image = FakeService.png();
    /** Every run creation's body size in bytes, refused ones included. */
    public final List<Long> createBodySizes = new CopyOnWriteArrayList<>();
    /** While true, an http(s) image_url is refused as one Runflow could not download (422 INVALID_INPUT naming it). */
    public volatile boolean unreachableUrls;
    /** What the presigned storage answers a PUT of an asset's bytes, once it has read them (200: it keeps them). */
    public volatile int storageStatus = 200;

    public FakeRunflow(String apiKey) throws IOException {
        this.apiKey = apiKey;
        server.setDispatcher(this);
        server.start();
    }

    public String base() {
        return server.url("/").toString().replaceAll("/$", "");
    }

    /** The next run creation answers this instead (402, 429, 503 … in the documented envelope). */
    public void failNextCreate(int status, String code, String message) {
        scriptedCreates.add(json(status, "{\"code\":\"" + code + "\",\"message\":\"" + message + "\",\"errors\":null}"));
    }

    public void failNextCreate(int status, String body) {
        scriptedCreates.add(json(status, body));
    }

    public List<String> runIds() {
        return new ArrayList<>(runs.keySet());
    }

    public byte[] storedAsset(String assetId) {
        return stored.get(assetId);
    }

    private record Run(String id, String model, JsonNode input, AtomicInteger polls) {
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String target = request.getTarget();
        String method = request.getMethod();
        requests.add(method + " " + target.replaceAll("\\?.*", ""));
        Matcher storage = STORAGE.matcher(target);
        if (method.equals("PUT") && storage.matches()) {
            return presignedPut(storage.group(1), request);
        }
        if (target.startsWith("/files/")) {
            return new MockResponse.Builder().code(200).addHeader("Content-Type", "image/png").body(new Buffer().write(image)).build();
        }
        if (target.startsWith("/v1/") && !("Bearer " + apiKey).equals(request.getHeaders().get("Authorization"))) {
            return error(401, "UNAUTHORIZED", "Bad or missing token.");
        }
        Matcher create = CREATE.matcher(target);
        if (method.equals("POST") && create.matches()) {
            return createRun(create.group(1), request);
        }
        Matcher run = RUN.matcher(target);
        if (method.equals("GET") && run.matches()) {
            return poll(run.group(1));
        }
        if (method.equals("POST") && target.equals("/v1/asset-uploads")) {
            return createUpload(request);
        }
        Matcher confirm = CONFIRM.matcher(target);
        if (method.equals("POST") && confirm.matches()) {
            return confirm(confirm.group(1));
        }
        return error(404, "NOT_FOUND", "Resource not found.");
    }

    private MockResponse createRun(String model, RecordedRequest request) {
        createAttempts.incrementAndGet();
        MockResponse scripted = scriptedCreates.poll();
        if (scripted != null) {
            return scripted;
        }
        if (!model.equals(PRO) && !(maxExists && model.equals(PRO + "/max"))) {
            return error(404, "NOT_FOUND", "Model not found.");
        }
        createBodySizes.add(request.getBodySize());
        JsonNode body = read(request);
        JsonNode input = body.path("input");
        if (unreachableUrls && input.path("image_url").asText("").startsWith("http")) {
            return error(422, "INVALID_INPUT", "Could not download the file at image_url.");
        }
        List<String[]> errors = validate(input);
        if (!errors.isEmpty()) {
            ObjectNode answer = mapper.createObjectNode().put("code", "VALIDATION_ERROR").put("message", "Request validation failed.");
            ArrayNode list = answer.putArray("errors");
            errors.forEach(e -> list.addObject().put("field", e[0]).put("message", e[1]));
            return json(422, answer.toString());
        }
        acceptedInputs.add(input);
        Run run = new Run(UUID.randomUUID().toString(), model, input, new AtomicInteger());
        runs.put(run.id(), run);
        return json(201, runObject(run, "queued").toString());
    }

    /** The Kontext [pro] page's input schema, typed as it says. */
    private List<String[]> validate(JsonNode input) {
        List<String[]> errors = new ArrayList<>();
        if (!input.path("prompt").isTextual() || input.path("prompt").asText().isBlank()) {
            errors.add(new String[]{"input.prompt", "Field required"});
        }
        String image = input.path("image_url").asText("");
        if (!input.path("image_url").isTextual() || !(image.startsWith("http://") || image.startsWith("https://") || image.startsWith("data:image/"))) {
            errors.add(new String[]{"input.image_url", "Input should be a valid URL"});
        }
        JsonNode ratio = input.path("aspect_ratio");
        if (!ratio.isMissingNode() && !(ratio.isTextual() && acceptedRatios.contains(ratio.asText()))) {
            errors.add(new String[]{"input.aspect_ratio", "Input should be one of " + String.join(", ", acceptedRatios)});
        }
        JsonNode n = input.path("num_images");
        if (!n.isMissingNode() && !(n.isInt() && n.asInt() >= 1 && n.asInt() <= 4)) {
            errors.add(new String[]{"input.num_images", "Input should be an integer from 1 to 4"});
        }
        JsonNode guidance = input.path("guidance_scale");
        if (!guidance.isMissingNode() && !(guidance.isNumber() && guidance.asDouble() >= 1 && guidance.asDouble() <= 20)) {
            errors.add(new String[]{"input.guidance_scale", "Input should be a number from 1 to 20"});
        }
        JsonNode format = input.path("output_format");
        if (!format.isMissingNode() && !Set.of("jpeg", "png").contains(format.asText(""))) {
            errors.add(new String[]{"input.output_format", "Input should be 'jpeg' or 'png'"});
        }
        JsonNode safety = input.path("safety_tolerance");
        if (!safety.isMissingNode() && !(safety.isTextual() && Set.of("1", "2", "3", "4", "5", "6").contains(safety.asText()))) {
            errors.add(new String[]{"input.safety_tolerance", "Input should be a valid string"});
        }
        if (!input.path("enhance_prompt").isMissingNode() && !input.path("enhance_prompt").isBoolean()) {
            errors.add(new String[]{"input.enhance_prompt", "Input should be a valid boolean"});
        }
        if (!input.path("seed").isMissingNode() && !input.path("seed").canConvertToLong()) {
            errors.add(new String[]{"input.seed", "Input should be a valid integer"});
        }
        return errors;
    }

    private MockResponse poll(String id) {
        Run run = runs.get(id);
        if (run == null) {
            return error(404, "RUN_NOT_FOUND", "The run_id does not exist or belongs to another org.");
        }
        int look = run.polls().getAndIncrement();
        List<String> before = stages;
        String status = look < before.size() ? before.get(look) : end;
        return json(200, runObject(run, status).toString());
    }

    /** The echoed input comes first: the docs do not say where, and first is the hardest case for a reader. */
    private ObjectNode runObject(Run run, String status) {
        ObjectNode object = mapper.createObjectNode();
        object.set("input", run.input());
        object.put("id", run.id()).put("target_type", "model").put("status_code", status);
        object.putArray("logs").addObject().put("message", "dispatching to provider");
        ObjectNode output = object.putObject("output");
        boolean ended = Set.of("succeeded", "partial_succeeded").contains(status);
        if (ended) {
            int asked = run.input().path("num_images").asInt(1);
            int count = delivered < 0 ? asked : delivered;
            fillOutput(output, count);
            object.put("cost", String.format(java.util.Locale.ROOT, "%.2f", 0.04 * count));
        } else {
            object.putNull("cost");
        }
        if (outputPadding > 0) {
            output.put("preview", "x".repeat(outputPadding));
        }
        if (status.equals("failed")) {
            failure.forEach(object::put);
        }
        return object;
    }

    private void fillOutput(ObjectNode output, int count) {
        output.put("type", "image");
        ArrayNode list = switch (shape) {
            case OUTPUTS -> output.putArray("outputs");
            case IMAGES -> output.putArray("images");
            case IMAGE_URLS -> output.putArray("image_urls");
            case IMAGE_ARRAY -> output.putArray("image");
        };
        for (int i = 0; i < count; i++) {
            String url = base() + "/files/out-" + i + ".png";
            switch (shape) {
                case OUTPUTS -> list.addObject().put("url", url).put("type", "image");
                case IMAGES -> list.addObject().put("url", url).put("content_type", "image/png");
                case IMAGE_URLS, IMAGE_ARRAY -> list.add(url);
            }
        }
        output.put("seed", 77).put("nsfw_detected", false);
        output.putObject("timing").put("inference", 2.1);
    }

    private MockResponse createUpload(RecordedRequest request) {
        JsonNode body = read(request);
        long size = body.path("size_bytes").asLong(0);
        if (!body.path("filename").isTextual() || !body.path("mime_type").isTextual() || size < 1 || size > 52_428_800) {
            return json(422, "{\"code\":\"VALIDATION_ERROR\",\"message\":\"Request validation failed.\",\"errors\":[{\"field\":\"size_bytes\",\"message\":\"1 <= x <= 52428800\"}]}");
        }
        String assetId = UUID.randomUUID().toString();
        uploads.put(assetId, body);
        return json(201, "{\"asset_id\":\"" + assetId + "\",\"upload_url\":\"" + base() + "/storage/" + assetId + "?sig=presigned\"}");
    }

    /** The presigned URL carries the credentials: a request with an Authorization header of its own is refused, as storage does. */
    private MockResponse presignedPut(String assetId, RecordedRequest request) {
        JsonNode upload = uploads.get(assetId);
        if (upload == null || request.getHeaders().get("Authorization") != null) {
            return new MockResponse.Builder().code(403).body("<Error>AccessDenied</Error>").build();
        }
        String type = String.valueOf(request.getHeaders().get("Content-Type"));
        byte[] bytes = request.getBody().toByteArray();
        if (storageStatus != 200) {
            return new MockResponse.Builder().code(storageStatus).body("<Error>InternalError</Error>").build();
        }
        if (!type.startsWith(upload.path("mime_type").asText()) || bytes.length != upload.path("size_bytes").asLong()) {
            return new MockResponse.Builder().code(400).body("<Error>BadDigest</Error>").build();
        }
        stored.put(assetId, bytes);
        return new MockResponse.Builder().code(200).build();
    }

    private MockResponse confirm(String assetId) {
        JsonNode upload = uploads.get(assetId);
        if (upload == null || !stored.containsKey(assetId)) {
            return error(409, "UPLOAD_NOT_FOUND", "The upload has not reached storage.");
        }
        ObjectNode asset = mapper.createObjectNode().put("id", assetId).put("name", upload.path("filename").asText())
                .put("url", base() + "/assets/" + assetId + "/file").put("mime_type", upload.path("mime_type").asText())
                .put("size_bytes", stored.get(assetId).length).put("asset_type", "image");
        return json(201, asset.toString());
    }

    private JsonNode read(RecordedRequest request) {
        try {
            return mapper.readTree(request.getBody().utf8());
        } catch (IOException e) {
            return mapper.createObjectNode();
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    private static MockResponse error(int status, String code, String message) {
        return json(status, "{\"code\":\"" + code + "\",\"message\":\"" + message + "\",\"errors\":null}");
    }

    private static MockResponse json(int status, String body) {
        return new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json").body(body).build();
    }

    @Override
    public void close() {
        server.close();
    }
}
