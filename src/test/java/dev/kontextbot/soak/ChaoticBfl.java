package dev.kontextbot.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kontextbot.provider.http.FakeBflTasks;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.Buffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * BFL's task API (docs.bfl.ai, as {@link FakeBflTasks} speaks it) on loopback, with bursts of 5xx on demand: while
 * a burst lasts, every submission and every poll answers 503 and nothing is accepted, so a retry after it is never a
 * second job. Counts the tasks it accepted per prompt (each turn of the soak has a prompt of its own), which is how
 * the soak sees a job submitted twice.
 */
final class ChaoticBfl extends Dispatcher implements AutoCloseable {
    /** Looks at a task that answer Pending before it is Ready. */
    private static final int PENDING_LOOKS = 2;

    private final ObjectMapper json = new ObjectMapper();
    private final MockWebServer server = new MockWebServer();
    private final Map<String, AtomicInteger> acceptedByPrompt = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> looks = new ConcurrentHashMap<>();
    private final AtomicInteger tasks = new AtomicInteger();
    private final AtomicInteger served5xx = new AtomicInteger();
    private volatile boolean failing;

    ChaoticBfl() throws IOException {
        server.setDispatcher(this);
        server.start(InetAddress.getByAddress(new byte[]{127, 0, 0, 1}), 0);
    }

    String base() {
        return "http://127.0.0.1:" + server.getPort();
    }

    void failing(boolean on) {
        failing = on;
    }

    int served5xx() {
        return served5xx.get();
    }

    /** Accepted tasks by prompt, sorted. */
    Map<String, Integer> acceptedByPrompt() {
        Map<String, Integer> copy = new TreeMap<>();
        acceptedByPrompt.forEach((prompt, count) -> copy.put(prompt, count.get()));
        return copy;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String target = request.getTarget();
        boolean api = target.startsWith("/v1/");
        if (api && failing) {
            served5xx.incrementAndGet();
            return answer(503, "{\"detail\":\"Service temporarily unavailable\"}");
        }
        if (request.getMethod().equals("POST") && target.startsWith("/v1/flux-kontext-")) {
            String prompt = promptOf(request);
            acceptedByPrompt.computeIfAbsent(prompt, key -> new AtomicInteger()).incrementAndGet();
            String id = "t" + tasks.getAndIncrement();
            return answer(200, "{\"id\":\"" + id + "\",\"polling_url\":\"" + base() + "/v1/get_result?id=" + id + "\"}");
        }
        if (target.startsWith("/v1/get_result?id=")) {
            String id = target.substring("/v1/get_result?id=".length());
            if (looks.computeIfAbsent(id, key -> new AtomicInteger()).incrementAndGet() <= PENDING_LOOKS) {
                return answer(200, "{\"id\":\"" + id + "\",\"status\":\"Pending\",\"progress\":0.5}");
            }
            return answer(200, "{\"id\":\"" + id + "\",\"status\":\"Ready\",\"result\":{\"sample\":\"" + base() + "/delivery/" + id
                    + ".png\",\"seed\":1}}");
        }
        if (target.startsWith("/delivery/t")) {
            int task = Integer.parseInt(target.substring("/delivery/t".length(), target.length() - ".png".length()));
            return new MockResponse.Builder().code(200).addHeader("Content-Type", "image/png")
                    .body(new Buffer().write(FakeBflTasks.sample(task))).build();
        }
        return answer(404, "{\"detail\":\"Not Found\"}");
    }

    private String promptOf(RecordedRequest request) {
        try {
            JsonNode body = json.readTree(request.getBody().utf8());
            return body.path("prompt").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MockResponse answer(int code, String body) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
    }

    @Override
    public void close() {
        server.close();
    }
}
