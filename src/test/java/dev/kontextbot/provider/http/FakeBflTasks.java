package dev.kontextbot.provider.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kontextbot.testing.TestImages;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okio.Buffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;
import java.util.function.IntUnaryOperator;

/**
 * BFL's task API as docs.bfl.ai describes it: one POST per task answering {@code {id, polling_url}}, a polling_url per
 * task answering {@code Pending} then {@code Ready} with a {@code result.sample} URL. Like a signed delivery URL that
 * expires, each sample works exactly once (then 403). Counts what is asked of it.
 */
public final class FakeBflTasks extends Dispatcher {
    private final ObjectMapper mapper = new ObjectMapper();
    private final IntUnaryOperator looksBeforeReady;
    private final IntPredicate refusedPost;
    private final Map<String, AtomicInteger> looks = new ConcurrentHashMap<>();
    public final Map<String, AtomicInteger> fetches = new ConcurrentHashMap<>();
    public final AtomicInteger posts = new AtomicInteger();
    public final AtomicInteger accepted = new AtomicInteger();
    public final List<Long> seeds = new CopyOnWriteArrayList<>();
    public volatile String base;
    /** The status a task answers until it is ready; set it to something BFL never documented to see an unknown one. */
    public volatile String pendingWord = "Pending";
    /** The {@code cost} (credits) each accepted task's reply reports, as BFL's does; null: the reply has none. */
    public volatile Double creditsPerTask;
    /** The path of every accepted POST, in order. */
    public final List<String> paths = new CopyOnWriteArrayList<>();
    /** While true, tasks from the third on stay pending, whatever {@code looksBeforeReady} says. */
    public volatile boolean holdLaterTasks;
    /** Every task POST's body, refused ones included. */
    public final List<String> bodies = new CopyOnWriteArrayList<>();
    /** While true, a URL input_image is refused as one BFL could not fetch (422 with a detail naming it). */
    public volatile boolean unreachableUrls;
    /**
     * While true, a URL input_image is fetched as BFL fetches one, with a plain GET and no credentials of ours; one that
     * does not answer 200 is refused as BFL refuses it (422). What each fetch got, in order.
     */
    public volatile boolean fetchInputUrls;
    public final List<byte[]> fetchedInputs = new CopyOnWriteArrayList<>();
    /** Whether POST number n (1-based) is refused for good, as BFL refuses a request it will never run (422). */
    public volatile IntPredicate rejectedPost = post -> false;
    private final okhttp3.OkHttpClient fetcher = new okhttp3.OkHttpClient();

    /**
     * {@code looksBeforeReady}: task i (0-based, in the order accepted) answers Ready from its look number this gives on;
     * {@code refusedPost}: whether POST number n (1-based) answers 429 "too many active tasks".
     */
    public FakeBflTasks(IntUnaryOperator looksBeforeReady, IntPredicate refusedPost) {
        this.looksBeforeReady = looksBeforeReady;
        this.refusedPost = refusedPost;
    }

    /** Every task's sample image, for comparing with what the engine stored. */
    public static byte[] sample(int task) {
        return TestImages.encode(TestImages.drawn(2, 2, (x, y) -> 0x203040 * (task + 1) + x), "png");
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String target = request.getTarget();
        if (request.getMethod().equals("POST") && (target.startsWith("/v1/flux-kontext-") || target.startsWith("/v1/flux-2-"))) {
            String body = request.getBody() == null ? "" : request.getBody().utf8();
            bodies.add(body);
            if (unreachableUrls && body.contains("\"input_image\":\"http")) {
                return json(422, "{\"detail\":[{\"loc\":[\"body\",\"input_image\"],\"msg\":\"Failed to fetch image from URL\",\"type\":\"value_error\"}]}");
            }
            if (fetchInputUrls && body.contains("\"input_image\":\"http") && !fetched(body)) {
                return json(422, "{\"detail\":[{\"loc\":[\"body\",\"input_image\"],\"msg\":\"Failed to fetch image from URL\",\"type\":\"value_error\"}]}");
            }
            int post = posts.incrementAndGet();
            if (rejectedPost.test(post)) {
                return json(422, "{\"detail\":[{\"loc\":[\"body\",\"prompt\"],\"msg\":\"prompt is not allowed\",\"type\":\"value_error\"}]}");
            }
            if (refusedPost.test(post)) {
                return json(429, "{\"detail\":\"too many active tasks\"}");
            }
            int task = accepted.getAndIncrement();
            seeds.add(seedOf(request));
            paths.add(target);
            String cost = creditsPerTask == null ? "" : ",\"cost\":" + creditsPerTask;
            return json(200, "{\"id\":\"t" + task + "\",\"polling_url\":\"" + base + "/v1/get_result?id=t" + task + "\"" + cost + "}");
        }
        if (target.startsWith("/v1/get_result?id=t")) {
            String id = target.substring("/v1/get_result?id=".length());
            int task = Integer.parseInt(id.substring(1));
            int look = looks.computeIfAbsent(id, key -> new AtomicInteger()).incrementAndGet();
            if (look < looksBeforeReady.applyAsInt(task) || (holdLaterTasks && task >= 2)) {
                return json(200, "{\"id\":\"" + id + "\",\"status\":\"" + pendingWord + "\",\"progress\":0.5}");
            }
            return json(200, "{\"id\":\"" + id + "\",\"status\":\"Ready\",\"result\":{\"sample\":\"" + base + "/delivery/" + id
                    + ".png\",\"seed\":" + seeds.get(task) + "}}");
        }
        if (target.startsWith("/delivery/t")) {
            int task = Integer.parseInt(target.substring("/delivery/t".length(), target.length() - ".png".length()));
            if (fetches.computeIfAbsent(target, key -> new AtomicInteger()).incrementAndGet() > 1) {
                return new MockResponse.Builder().code(403).body("<Error><Code>AccessDenied</Code>Request has expired</Error>").build();
            }
            return new MockResponse.Builder().code(200).addHeader("Content-Type", "image/png").body(new Buffer().write(sample(task))).build();
        }
        return json(404, "{\"detail\":\"Not Found\"}");
    }

    /** Fetches the body's input_image URL; whether it answered 200 (its bytes are kept). */
    private boolean fetched(String body) {
        try (okhttp3.Response response = fetcher.newCall(new okhttp3.Request.Builder()
                .url(mapper.readTree(body).get("input_image").asText()).build()).execute()) {
            if (response.code() != 200) {
                return false;
            }
            fetchedInputs.add(response.body().bytes());
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** How often each sample URL was fetched, by task: {0=1, 1=1, …}. */
    public Map<Integer, Integer> fetchesByTask() {
        Map<Integer, Integer> byTask = new java.util.TreeMap<>();
        fetches.forEach((path, count) -> byTask.put(Integer.parseInt(path.substring("/delivery/t".length(), path.length() - 4)), count.get()));
        return byTask;
    }

    private long seedOf(RecordedRequest request) {
        try {
            return mapper.readTree(request.getBody().utf8()).get("seed").asLong();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
    }
}
