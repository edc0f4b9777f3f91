package dev.kontextbot.provider.http;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okio.Buffer;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * fal's queue: the first submits fail with 503, then the job is queued, runs, completes. Also fal's storage upload as
 * its clients use it: {@code POST /storage/upload/initiate} answers an upload URL and a file URL, a {@code PUT} of the
 * bytes to the first makes them fetchable at the second.
 */
public final class FakeFalQueue extends Dispatcher {
    private final AtomicInteger failingSubmits;
    private final int pollsBeforeDone;
    public final AtomicInteger submits = new AtomicInteger();
    public final AtomicInteger polls = new AtomicInteger();
    public final List<String> paths = new CopyOnWriteArrayList<>();
    public volatile String base;
    /** Every submit's body, refused ones included. */
    public final List<String> submitBodies = new CopyOnWriteArrayList<>();
    /** While true, a URL input is answered as fal answers one it cannot download (422, type file_download_error). */
    public volatile boolean unreachableUrls;
    /** Storage initiations asked for (with a valid key), and the bytes each upload PUT. */
    public final AtomicInteger initiates = new AtomicInteger();
    public final Map<String, byte[]> uploads = new ConcurrentHashMap<>();
    /** The lifecycle preference each initiation asked for. */
    public final List<String> lifecycles = new CopyOnWriteArrayList<>();
    /** While true, storage answers an initiation with 500, as an outage would. */
    public volatile boolean storageDown;
    /** What the storage answers a PUT of the bytes, once it has read them. */
    public volatile int putStatus = 200;

    /** A queue answering on {@code fal}: its URLs point back at that server. */
    public static FakeFalQueue servedBy(FakeService fal, int failingSubmits, int pollsBeforeDone) {
        FakeFalQueue queue = new FakeFalQueue(failingSubmits, pollsBeforeDone);
        queue.base = fal.base();
        fal.server.setDispatcher(queue);
        return queue;
    }

    private FakeFalQueue(int failingSubmits, int pollsBeforeDone) {
        this.failingSubmits = new AtomicInteger(failingSubmits);
        this.pollsBeforeDone = pollsBeforeDone;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String path = request.getTarget();
        paths.add(request.getMethod() + " " + path);
        if (path.equals("/fal-ai/flux-pro/kontext")) {
            String body = request.getBody() == null ? "" : request.getBody().utf8();
            submitBodies.add(body);
            if (unreachableUrls && body.contains("\"image_url\":\"http")) {
                return json(422, "{\"detail\":[{\"loc\":[\"body\",\"image_url\"],\"msg\":\"Failed to download the file. Please check if the URL"
                        + " is accessible\",\"type\":\"file_download_error\"}]}");
            }
            if (failingSubmits.getAndDecrement() > 0) {
                return json(503, "{\"detail\":\"overloaded\"}");
            }
            submits.incrementAndGet();
            return json(200, "{\"request_id\":\"r1\",\"status_url\":\"" + base + "/q/r1/status\",\"response_url\":\"" + base
                    + "/q/r1\",\"cancel_url\":\"" + base + "/q/r1/cancel\"}");
        }
        if (request.getMethod().equals("POST") && path.equals("/storage/upload/initiate?storage_type=fal-cdn-v3")) {
            if (!("Key " + FakeService.API_KEY).equals(request.getHeaders().get("Authorization"))) {
                return json(401, "{\"detail\":\"Authentication is required\"}");
            }
            if (storageDown) {
                return json(500, "{\"detail\":\"Internal Server Error\"}");
            }
            int id = initiates.incrementAndGet();
            lifecycles.add(String.valueOf(request.getHeaders().get("X-Fal-Object-Lifecycle-Preference")));
            return json(200, "{\"upload_url\":\"" + base + "/upload/" + id + "?signature=s\",\"file_url\":\"" + base + "/media/" + id + ".png\"}");
        }
        if (request.getMethod().equals("PUT") && path.startsWith("/upload/")) {
            byte[] body = request.getBody() == null ? new byte[0] : request.getBody().toByteArray();
            if (putStatus != 200) {
                return json(putStatus, "{\"detail\":\"storage failed\"}");
            }
            uploads.put(path.substring("/upload/".length(), path.indexOf('?')), body);
            return new MockResponse.Builder().code(200).build();
        }
        if (path.startsWith("/media/") && uploads.containsKey(path.substring("/media/".length()).replace(".png", ""))) {
            return new MockResponse.Builder().code(200).addHeader("Content-Type", "image/png")
                    .body(new Buffer().write(uploads.get(path.substring("/media/".length()).replace(".png", "")))).build();
        }
        if (path.equals("/q/r1/status")) {
            return polls.incrementAndGet() <= pollsBeforeDone ? json(200, "{\"status\":\"IN_PROGRESS\"}") : json(200, "{\"status\":\"COMPLETED\"}");
        }
        if (path.equals("/q/r1")) {
            return json(200, "{\"images\":[{\"url\":\"" + base + "/files/out.png\"}],\"seed\":9}");
        }
        if (path.equals("/files/out.png")) {
            return new MockResponse.Builder().code(200).addHeader("Content-Type", "image/png").body(new Buffer().write(FakeService.png())).build();
        }
        return json(202, "{}");
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
    }
}
