package dev.kontextbot.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * fal.ai's queue API on loopback, where every job finishes its {@link JobDurations duration} after its submission
 * arrived: submit, status_url (IN_PROGRESS until then, COMPLETED after), response_url, and the result file — a
 * 2-megapixel JPEG made distinct per job. Request bodies are read at the {@link Link}'s upload rate and dropped
 * (nothing accumulates, unlike a recording mock server), counted per job; responses go out at its download rate. It
 * also plays a chat platform's CDN ({@code /cdn/<name>}), where the photo a chain starts from is attached.
 */
final class LoopbackFal implements AutoCloseable {
    static {
        // The JDK's server writes a response's headers and body apart with Nagle's algorithm on, so each small answer
        // waited for the client's delayed ACK: 45 ms a status look or result JSON on loopback, 90 ms of every turn's
        // "result fetched" and 45 ms between any two looks, which a service's own front (nginx sets TCP_NODELAY by
        // default) does not add. Read once, when the first server starts: this is the bench's only JDK server.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final JobDurations durations;
    private final Link link;
    private final byte[] result;
    private final Map<String, Long> readyAt = new ConcurrentHashMap<>();
    private final Map<String, Job> jobsById = new ConcurrentHashMap<>();
    private final AtomicInteger jobs = new AtomicInteger();
    final AtomicLong submits = new AtomicLong();
    /** Looks at status_url, by the Authorization header that made them (the engine and the direct caller use different keys). */
    final Map<String, AtomicLong> statusLooks = new ConcurrentHashMap<>();
    final String base;

    /**
     * What the provider saw of one job: its model time, the bytes of its submission (the bot's upload), and when (nanoTime)
     * its submission had arrived, the first look found it completed, and its result file had gone out: where a turn's
     * time beyond the model's goes.
     */
    static final class Job {
        private final Duration modelTime;
        private final long bytesReceived;
        private final long arrived;
        private volatile long seenCompleted;
        private volatile long resultSent;

        Job(Duration modelTime, long bytesReceived, long arrived) {
            this.modelTime = modelTime;
            this.bytesReceived = bytesReceived;
            this.arrived = arrived;
        }

        Duration modelTime() {
            return modelTime;
        }

        long bytesReceived() {
            return bytesReceived;
        }

        long arrived() {
            return arrived;
        }

        long ready() {
            return arrived + modelTime.toNanos();
        }

        long seenCompleted() {
            return seenCompleted;
        }

        long resultSent() {
            return resultSent;
        }
    }

    LoopbackFal(Duration latency, byte[] resultJpeg, int threads) throws IOException {
        this(JobDurations.fixed(latency), Link.LOOPBACK, resultJpeg, threads);
    }

    LoopbackFal(JobDurations durations, Link link, byte[] resultJpeg, int threads) throws IOException {
        this.durations = durations;
        this.link = link;
        this.result = resultJpeg;
        this.executor = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "loopback-fal");
            thread.setDaemon(true);
            return thread;
        });
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 2048);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        this.base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            long received = link.upload(exchange.getRequestBody()).transferTo(OutputStream.nullOutputStream());
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (method.equals("POST") && path.startsWith("/fal-ai/flux-pro/kontext")) {
                String id = "r" + jobs.incrementAndGet();
                Duration modelTime = durations.next();
                // The model's time starts once the whole request has arrived, as at a real queue.
                long arrived = System.nanoTime();
                readyAt.put(id, arrived + modelTime.toNanos());
                jobsById.put(id, new Job(modelTime, received, arrived));
                submits.incrementAndGet();
                json(exchange, 200, "{\"request_id\":\"" + id + "\",\"status_url\":\"" + base + "/q/" + id + "/status\",\"response_url\":\""
                        + base + "/q/" + id + "\",\"cancel_url\":\"" + base + "/q/" + id + "/cancel\",\"queue_position\":0}");
            } else if (path.endsWith("/status")) {
                statusLooks.computeIfAbsent(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")), key -> new AtomicLong())
                        .incrementAndGet();
                String id = path.split("/")[2];
                Long ready = readyAt.get(id);
                long now = System.nanoTime();
                if (ready == null) {
                    json(exchange, 404, "{\"detail\":\"unknown request\"}");
                } else if (now >= ready) {
                    Job job = jobsById.get(id);
                    if (job != null && job.seenCompleted == 0) {
                        job.seenCompleted = now;
                    }
                    json(exchange, 200, "{\"status\":\"COMPLETED\"}");
                } else {
                    json(exchange, 200, "{\"status\":\"IN_PROGRESS\",\"logs\":[]}");
                }
            } else if (path.endsWith("/cancel")) {
                json(exchange, 202, "{\"status\":\"CANCELLATION_REQUESTED\"}");
            } else if (path.startsWith("/q/")) {
                String id = path.split("/")[2];
                json(exchange, 200, "{\"images\":[{\"url\":\"" + base + "/files/" + id + ".jpg\",\"width\":" + Photos.WIDTH + ",\"height\":"
                        + Photos.HEIGHT + ",\"content_type\":\"image/jpeg\"}],\"has_nsfw_concepts\":[false],\"seed\":1}");
            } else if (path.startsWith("/cdn/")) {
                // A chat platform's CDN, where a person's attachment is: the bot downloads it, the provider is sent its URL.
                byte[] bytes = Photos.tagged(result, path);
                exchange.getResponseHeaders().set("Content-Type", "image/jpeg");
                exchange.sendResponseHeaders(200, bytes.length);
                link.download(exchange.getResponseBody()).write(bytes);
            } else if (path.startsWith("/files/")) {
                byte[] bytes = Photos.tagged(result, path);
                exchange.getResponseHeaders().set("Content-Type", "image/jpeg");
                exchange.sendResponseHeaders(200, bytes.length);
                link.download(exchange.getResponseBody()).write(bytes);
                Job job = jobsById.get(path.substring("/files/".length()).replace(".jpg", ""));
                if (job != null) {
                    job.resultSent = System.nanoTime();
                }
            } else {
                json(exchange, 404, "{}");
            }
        }
    }

    private static void json(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** The job named in a provider job token or URL ({@code …/q/r12/…}). */
    Job job(String token) {
        java.util.regex.Matcher id = java.util.regex.Pattern.compile("/q/(r\\d+)").matcher(token);
        if (!id.find() || !jobsById.containsKey(id.group(1))) {
            throw new IllegalArgumentException("no job of this provider in " + token);
        }
        return jobsById.get(id.group(1));
    }

    long looksWith(String authorization) {
        AtomicLong looks = statusLooks.get(authorization);
        return looks == null ? 0 : looks.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
