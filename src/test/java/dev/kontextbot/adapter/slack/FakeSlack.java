package dev.kontextbot.adapter.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.Buffer;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Slack's Web API on loopback, answering in its documented JSON and recording every call with its form
 * parameters: auth.test, chat.*, files upload v2 (getUploadURLExternal → upload → completeUploadExternal →
 * files.info), conversations.history, apps.connections.open, and file downloads (url_private).
 */
final class FakeSlack extends Dispatcher implements AutoCloseable {
    static final String BOT_TOKEN = "xoxb-test-bot-token-0123456789";
    static final String TEAM = "T0001";
    static final String BOT_USER = "UBOT";

    record Call(String method, Map<String, String> params, String authorization) {
        JsonNode json(String param) {
            try {
                return new ObjectMapper().readTree(params.get(param));
            } catch (IOException e) {
                throw new AssertionError(param + " is not JSON: " + params.get(param));
            }
        }
    }

    final MockWebServer server = new MockWebServer();
    final List<Call> calls = new CopyOnWriteArrayList<>();
    final Map<String, byte[]> files = new LinkedHashMap<>();
    volatile String historyJson = "{\"ok\":true,\"messages\":[]}";
    volatile String socketUrl = "ws://127.0.0.1:1/";
    /** Errors for the next apps.connections.open calls, one each ("internal_error"), before it issues URLs again. */
    final java.util.Queue<String> socketOpenErrors = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** While set, every apps.connections.open is answered with this error ("invalid_auth"). */
    volatile String socketOpenRefusal;
    /** While set, every auth.test is answered with this error ("invalid_auth"). */
    volatile String authRefusal;
    final java.util.Set<String> admins = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** The locale of each user's Slack client (users.info with include_locale); en-US when not set. */
    final Map<String, String> locales = new java.util.concurrent.ConcurrentHashMap<>();
    /** How many of the next messages with blocks to refuse as invalid_blocks, however valid their blocks are. */
    final AtomicInteger refuseBlocks = new AtomicInteger();
    /** How many of the next chat.* calls without blocks (plain text) to answer with internal_error. */
    final AtomicInteger refusePlain = new AtomicInteger();
    private final AtomicInteger ts = new AtomicInteger(100);
    private final AtomicInteger fileIds = new AtomicInteger();

    FakeSlack() throws IOException {
        server.setDispatcher(this);
        server.start();
    }

    String apiUrl() {
        return server.url("/api/").toString();
    }

    String fileUrl(String name) {
        return server.url("/files-pri/" + name).toString();
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String path = request.getUrl().encodedPath();
        if (path.startsWith("/files-pri/")) {
            calls.add(new Call("download " + path.substring("/files-pri/".length()), Map.of(), request.getHeaders().get("Authorization")));
            byte[] bytes = files.get(path.substring("/files-pri/".length()));
            return bytes == null ? new MockResponse.Builder().code(404).build()
                    : new MockResponse.Builder().code(200).addHeader("Content-Type", "image/png").body(new Buffer().write(bytes)).build();
        }
        if (path.startsWith("/upload/")) {
            calls.add(new Call("upload", Map.of(), null));
            return new MockResponse.Builder().code(200).body("OK - " + request.getBodySize()).build();
        }
        String method = path.replaceFirst("^/api/", "");
        Map<String, String> params = form(request);
        calls.add(new Call(method, params, request.getHeaders().get("Authorization")));
        if (method.startsWith("chat.") && params.containsKey("blocks")) {
            String refusal = blockKitRefusal(params.get("blocks"));
            if (refusal == null && refuseBlocks.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                refusal = "invalid_blocks";
            }
            if (refusal != null) {
                return json("{\"ok\":false,\"error\":\"" + refusal + "\",\"response_metadata\":{\"messages\":[\"[ERROR] " + refusal + "\"]}}");
            }
        }
        if (method.equals("apps.connections.open")) {
            String error = socketOpenRefusal != null ? socketOpenRefusal : socketOpenErrors.poll();
            if (error != null) {
                return json("{\"ok\":false,\"error\":\"" + error + "\"}");
            }
        }
        if (method.equals("auth.test") && authRefusal != null) {
            return json("{\"ok\":false,\"error\":\"" + authRefusal + "\"}");
        }
        if (method.startsWith("chat.") && !params.containsKey("blocks") && refusePlain.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return json("{\"ok\":false,\"error\":\"internal_error\"}");
        }
        return json(switch (method) {
            case "auth.test" -> "{\"ok\":true,\"url\":\"https://test.slack.com/\",\"team\":\"Test\",\"user\":\"kontext\",\"team_id\":\"" + TEAM
                    + "\",\"user_id\":\"" + BOT_USER + "\",\"bot_id\":\"BBOT\"}";
            case "chat.postMessage" -> "{\"ok\":true,\"channel\":\"" + params.get("channel") + "\",\"ts\":\"1700000000." + ts.incrementAndGet()
                    + "\",\"message\":{\"text\":\"x\"}}";
            case "chat.update" -> "{\"ok\":true,\"channel\":\"" + params.get("channel") + "\",\"ts\":\"" + params.get("ts") + "\"}";
            case "chat.postEphemeral" -> "{\"ok\":true,\"message_ts\":\"1700000000.9" + ts.incrementAndGet() + "\"}";
            case "files.getUploadURLExternal" -> {
                String id = "F" + fileIds.incrementAndGet();
                yield "{\"ok\":true,\"upload_url\":\"" + server.url("/upload/" + id) + "\",\"file_id\":\"" + id + "\"}";
            }
            case "files.completeUploadExternal" -> "{\"ok\":true,\"files\":" + completedFiles(params.get("files")) + "}";
            case "files.info" -> "{\"ok\":true,\"file\":{\"id\":\"" + params.get("file") + "\",\"name\":\"x.png\"}}";
            case "conversations.history" -> historyJson;
            case "chat.getPermalink" -> "{\"ok\":true,\"channel\":\"" + params.get("channel") + "\",\"permalink\":\"https://test.slack.com/archives/"
                    + params.get("channel") + "/p" + params.get("message_ts").replace(".", "") + "\"}";
            case "apps.connections.open" -> "{\"ok\":true,\"url\":\"" + socketUrl + "\"}";
            // As Slack: the locale only when asked for (include_locale=true).
            case "users.info" -> "{\"ok\":true,\"user\":{\"id\":\"" + params.get("user") + "\",\"is_admin\":" + admins.contains(params.get("user"))
                    + ",\"is_owner\":false" + (java.util.Set.of("true", "1").contains(params.getOrDefault("include_locale", ""))
                    ? ",\"locale\":\"" + locales.getOrDefault(params.get("user"), "en-US") + "\"" : "") + "}}";
            default -> "{\"ok\":true}";
        });
    }

    /**
     * What Slack says of blocks that break Block Kit's published limits, or null: at most 50 blocks; a section's text
     * and every text object at most 3,000 characters; a button's label 75, its value 2,000; 25 elements in actions,
     * 10 in a context block.
     */
    static String blockKitRefusal(String blocksJson) {
        JsonNode blocks;
        try {
            blocks = new ObjectMapper().readTree(blocksJson);
        } catch (IOException e) {
            return "invalid_blocks_format";
        }
        if (!blocks.isArray() || blocks.size() > 50) {
            return "invalid_blocks";
        }
        for (JsonNode block : blocks) {
            String type = block.path("type").asText();
            JsonNode elements = block.path("elements");
            if (type.equals("section") && block.path("text").path("text").asText().length() > 3000
                    || type.equals("actions") && elements.size() > 25 || type.equals("context") && elements.size() > 10) {
                return "invalid_blocks";
            }
            for (JsonNode element : elements) {
                boolean button = element.path("type").asText().equals("button");
                if (element.path("text").isTextual() && element.path("text").asText().length() > 3000
                        || button && (element.path("text").path("text").asText().length() > 75 || element.path("value").asText().length() > 2000)) {
                    return "invalid_blocks";
                }
            }
        }
        return null;
    }

    private static String completedFiles(String filesParam) {
        try {
            JsonNode files = new ObjectMapper().readTree(filesParam == null ? "[]" : filesParam);
            StringBuilder out = new StringBuilder("[");
            for (JsonNode file : files) {
                out.append(out.length() > 1 ? "," : "").append("{\"id\":\"").append(file.path("id").asText()).append("\"}");
            }
            return out.append("]").toString();
        } catch (IOException e) {
            return "[]";
        }
    }

    private static Map<String, String> form(RecordedRequest request) {
        Map<String, String> params = new LinkedHashMap<>();
        String body = request.getBody() == null ? "" : request.getBody().utf8();
        String type = request.getHeaders().get("Content-Type");
        if (type != null && type.startsWith("application/json")) {
            params.put("json", body);
            return params;
        }
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            params.put(key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }

    private static MockResponse json(String body) {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json; charset=utf-8").body(body).build();
    }

    List<Call> calls(String method) {
        return calls.stream().filter(c -> c.method().equals(method)).toList();
    }

    @Override
    public void close() {
        server.close();
    }
}
