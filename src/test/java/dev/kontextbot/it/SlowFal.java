package dev.kontextbot.it;

import dev.kontextbot.testing.TestImages;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okio.Buffer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** fal.ai's queue where every job takes a fixed time; it outlives bot processes, like the real service. */
final class SlowFal extends Dispatcher {
    final AtomicInteger submits = new AtomicInteger();
    final Map<String, Long> readyAt = new ConcurrentHashMap<>();
    private final long latencyNanos;
    private final byte[] png = TestImages.encode(TestImages.drawn(8, 8, (x, y) -> 0x447788 + x), "png");
    volatile String base;

    SlowFal(long latencyMillis) {
        this.latencyNanos = latencyMillis * 1_000_000;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String path = request.getUrl().encodedPath();
        if (path.equals("/fal-ai/flux-pro/kontext")) {
            String id = "r" + submits.incrementAndGet();
            readyAt.put(id, System.nanoTime() + latencyNanos);
            return json("{\"request_id\":\"" + id + "\",\"status_url\":\"" + base + "/q/" + id + "/status\",\"response_url\":\""
                    + base + "/q/" + id + "\",\"cancel_url\":\"" + base + "/q/" + id + "/cancel\"}");
        }
        String[] parts = path.split("/");
        String id = parts.length > 2 ? parts[2] : "";
        if (path.endsWith("/status")) {
            Long ready = readyAt.get(id);
            if (ready == null) {
                return new MockResponse.Builder().code(404).build();
            }
            return json(System.nanoTime() >= ready ? "{\"status\":\"COMPLETED\"}" : "{\"status\":\"IN_PROGRESS\"}");
        }
        if (path.startsWith("/q/")) {
            return json("{\"images\":[{\"url\":\"" + base + "/files/" + id + ".png\"}],\"seed\":1}");
        }
        if (path.startsWith("/files/")) {
            return new MockResponse.Builder().code(200).addHeader("Content-Type", "image/png").body(new Buffer().write(png)).build();
        }
        return json("{}");
    }

    private static MockResponse json(String body) {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(body).build();
    }
}
