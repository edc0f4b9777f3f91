package dev.kontextbot.adapter.web;

import dev.kontextbot.adapter.chat.TurnFailureWords;
import dev.kontextbot.adapter.chat.RefusalWords;
import dev.kontextbot.adapter.words.Languages;
import dev.kontextbot.adapter.words.Words;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kontextbot.adapter.chat.Apology;
import dev.kontextbot.adapter.fetch.SafeImageFetcher;
import dev.kontextbot.adapter.health.Health;
import dev.kontextbot.adapter.health.HealthRegistry;
import dev.kontextbot.adapter.words.Languages;
import dev.kontextbot.engine.ConversationEngine;
import dev.kontextbot.engine.model.Platform;
import dev.kontextbot.engine.model.EngineRejection;
import dev.kontextbot.engine.model.ImageId;
import dev.kontextbot.engine.model.InvalidParameterException;
import dev.kontextbot.engine.model.StoredImage;
import dev.kontextbot.engine.port.ImageStore;
import dev.kontextbot.engine.port.StoreFailures;
import dev.kontextbot.adapter.picture.BeforeAfterRenderer;
import dev.kontextbot.adapter.picture.TimelineRenderer;
import dev.kontextbot.engine.transfer.ArchiveRejection;
import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The local playground page and the JSON API behind it, on Javalin. */
public final class PlaygroundServer {
    /** Conversations on the playground: the engine only compares platforms; the name is what the database stores. */
    public static final Platform PLATFORM = new Platform("playground");
    private static final Logger log = LoggerFactory.getLogger(PlaygroundServer.class);

    private final Languages languages;
    private final ConversationEngine engine;
    private final SafeImageFetcher fetcher;
    private final ImageStore images;
    private final HealthRegistry health;
    private final MetricsText metrics;
    private final String version;
    private final String host;
    private final int port;
    private final long maxRequestBytes;
    private final List<PostRoute> extraRoutes;
    private final AccessToken accessToken;
    private final RequestGuard guard;
    private final SessionTools tools;
    private final RefusalWords refusals;
    private final ObjectMapper json = new ObjectMapper();
    private Javalin app;

    /**
     * {@code accessToken}: required from every client when not empty (see {@link AccessToken}); without one, only
     * loopback host names are served. {@code publicUrl}: the address people open when a proxy stands in front (may be
     * empty); its origin may post to the API (see {@link RequestGuard}).
     */
    public PlaygroundServer(ConversationEngine engine, SafeImageFetcher fetcher, ImageStore images, HealthRegistry health, MetricsText metrics,
                            String version,
                            String host, int port, long maxRequestBytes, List<PostRoute> extraRoutes, String accessToken, String publicUrl,
                            SessionTools tools, Languages languages) {
        this.refusals = new RefusalWords(languages, "playground");
        this.languages = languages;
        this.engine = engine;
        this.fetcher = fetcher;
        this.images = images;
        this.health = health;
        this.metrics = metrics;
        this.version = version;
        this.host = host;
        this.port = port;
        this.maxRequestBytes = maxRequestBytes;
        this.extraRoutes = List.copyOf(extraRoutes);
        this.tools = tools;
        java.util.Set<String> selfVerifying = new java.util.HashSet<>();
        extraRoutes.forEach(route -> selfVerifying.add(route.path()));
        java.util.Set<String> open = new java.util.HashSet<>(selfVerifying);
        // Orchestrators' probes carry no token; /metrics is not among them: it says how the bot is used.
        open.add("/healthz");
        open.add("/readyz");
        this.accessToken = accessToken == null || accessToken.isEmpty() ? null : new AccessToken(accessToken, open);
        this.guard = new RequestGuard(this.accessToken == null, publicUrl, selfVerifying);
    }

    public void start() {
        RunningProgress progress = new RunningProgress();
        engine.addListener(progress);
        SessionJson render = new SessionJson(progress::of);
        SessionApi sessions = new SessionApi(engine, fetcher, json, render);
        ReviewApi review = new ReviewApi(engine, new TimelineRenderer(images, engine.decoder(), new TurnFailureWords()::orStored), new BeforeAfterRenderer(images, engine.decoder()), sessions::sessionId);
        GalleryApi gallery = new GalleryApi(engine, tools.gallery(), render, sessions::sessionId, sessions::send);
        TransferApi transfer = new TransferApi(tools.exporter(), tools.importer(), sessions::sessionId, SessionApi::newThread,
                sessions::sendSession);
        CapabilitiesApi capabilities = new CapabilitiesApi(engine, sessions::send, languages);
        PlaygroundPage page = new PlaygroundPage(languages);
        app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = maxRequestBytes;
            config.jetty.multipartConfig.maxFileSize(maxRequestBytes, SizeUnit.BYTES);
            config.jetty.multipartConfig.maxTotalRequestSize(maxRequestBytes, SizeUnit.BYTES);
            config.routes.before(ctx -> {
                PlaygroundWords.choose(ctx, languages);
                guard.check(ctx);
                if (accessToken != null) {
                    accessToken.check(ctx);
                }
                if (ctx.contentLength() > maxRequestBytes) {
                    throw new HttpResponseException(413, "too large", Map.of());
                }
            });
            // The page in the browser's language, as the API answers it: its own words and the API's agree.
            config.routes.get("/", ctx -> ctx.contentType("text/html; charset=utf-8").header("Vary", "Accept-Language")
                    .header("Content-Language", words(ctx).locale().toLanguageTag()).result(page.in(words(ctx))));
            config.routes.get("/healthz", this::healthz);
            config.routes.get("/api/capabilities", capabilities::get);
            config.routes.get("/readyz", this::readyz);
            config.routes.get("/metrics", ctx -> ctx.contentType(metrics.contentType()).result(metrics.scrape().get()));
            config.routes.post("/api/sessions", sessions::create);
            config.routes.get("/api/sessions", gallery::list);
            config.routes.post("/api/sessions/import", transfer::importArchive);
            config.routes.get("/api/sessions/{id}", sessions::get);
            config.routes.get("/api/sessions/{id}/tree", gallery::tree);
            config.routes.get("/api/sessions/{id}/export.zip", transfer::export);
            config.routes.post("/api/sessions/{id}/turns", sessions::refine);
            config.routes.post("/api/sessions/{id}/pick", sessions::pick);
            config.routes.post("/api/sessions/{id}/reroll", sessions::reroll);
            config.routes.post("/api/sessions/{id}/undo", sessions::undo);
            config.routes.post("/api/sessions/{id}/redo", sessions::redo);
            config.routes.post("/api/sessions/{id}/branch", sessions::branch);
            config.routes.post("/api/sessions/{id}/cancel", sessions::cancel);
            config.routes.get("/api/sessions/{id}/timeline.png", review::timeline);
            config.routes.get("/api/sessions/{id}/before-after.png", review::beforeAfter);
            config.routes.get("/api/images/{sha256}", this::image);
            extraRoutes.forEach(route -> config.routes.post(route.path(), route.handler()));
            config.routes.exception(EngineRejection.class, (e, ctx) -> error(ctx, status(e.reason()), e.reason().name().toLowerCase(java.util.Locale.ROOT),
                    refusals.explain(e, words(ctx).locale())));
            config.routes.exception(ArchiveRejection.class, (e, ctx) -> error(ctx, e.tooLarge() ? 413 : 400,
                    e.tooLarge() ? "too_large" : "bad_archive", refusals.explain(e, words(ctx).locale())));
            config.routes.exception(InvalidParameterException.class, (e, ctx) -> error(ctx, 400, "invalid_parameter", refusals.explain(e, words(ctx).locale())));
            config.routes.exception(RefusedRequest.class, (e, ctx) -> {
                // Not the Referer: it may carry the ?token= the page was opened with.
                log.info("{} {} refused ({}): Host {}, Origin {}", ctx.method(), ctx.path(), e.error(), ctx.header("Host"), ctx.header("Origin"));
                error(ctx, e.status(), e.error(), e.say(words(ctx)));
            });
            config.routes.exception(ApiInputException.class, (e, ctx) -> error(ctx, 400, e.error(), e.say(words(ctx))));
            config.routes.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(),
                    e.getStatus() == 401 ? "unauthorized" : "http_" + e.getStatus(), readable(ctx, e)));
            config.routes.exception(jakarta.servlet.ServletException.class, (e, ctx) -> {
                // Jetty reports a multipart body it cannot parse (cut off, or over the size limit while streaming) this way.
                log.info("{} {}: unreadable request body: {}", ctx.method(), ctx.path(), e.getMessage());
                error(ctx, 400, "bad_request", words(ctx).say("playground.error.unreadableUpload", "megabytes", maxRequestBytes / (1024 * 1024)));
            });
            config.routes.exception(Exception.class, (e, ctx) -> {
                java.util.Optional<StoreFailures.Away> away = StoreFailures.away(e);
                if (away.isPresent()) {
                    String code = switch (away.get()) {
                        case DATABASE -> "database_unavailable";
                        case IMAGE_STORE -> "images_unavailable";
                    };
                    // Answered as soon as the pool gives up (database.connection-timeout), not after Hikari's 30 s.
                    log.warn("{} {}: {} ({})", ctx.method(), ctx.path(), code, StoreFailures.summary(e));
                    ctx.header("Retry-After", "60");
                    error(ctx, 503, code, Apology.forFailure(words(ctx), e));
                    return;
                }
                log.error("{} {} failed", ctx.method(), ctx.path(), e);
                error(ctx, 500, "internal", words(ctx).say("playground.error.internal"));
            });
            config.routes.error(404, ctx -> {
                if (ctx.result() == null) {
                    error(ctx, 404, "not_found", words(ctx).say("playground.error.nothingAt", "path", ctx.path()));
                }
            });
        });
        app.start(host, port);
    }

    public int port() {
        return app.port();
    }

    public void stop() {
        if (app != null) {
            app.stop();
        }
    }

    /** Each connection and its state; 503 when any configured one is down, so a plain HTTP check sees it. */
    private void healthz(Context ctx) throws IOException {
        HealthRegistry.Report report = health.check();
        Map<String, Object> components = components(report);
        Health database = report.components().get("database");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", !report.up() ? "down" : report.degraded() ? "degraded" : "ok");
        body.put("version", version);
        body.put("db", database != null && database.up() ? "up" : "down");
        body.put("provider", engine.providerName());
        body.put("components", components);
        ctx.status(report.up() ? 200 : 503).contentType("application/json").result(json.writeValueAsString(body));
    }

    /**
     * For orchestrators: started, the database answers and every Discord shard of this process is connected (a guild's
     * events reach only its shard); Slack and the provider being away do not stop serving. Says which part waits.
     */
    private void readyz(Context ctx) throws IOException {
        HealthRegistry.Report report = health.readiness();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", report.ready() ? "ready" : "not ready");
        body.put("components", components(report));
        ctx.status(report.ready() ? 200 : 503).contentType("application/json").result(json.writeValueAsString(body));
    }

    private static Map<String, Object> components(HealthRegistry.Report report) {
        Map<String, Object> components = new LinkedHashMap<>();
        report.components().forEach((name, h) -> {
            Map<String, Object> component = new LinkedHashMap<>();
            component.put("status", h.status().wireName());
            component.put("state", h.state());
            if (!h.details().isEmpty()) {
                component.put("details", new java.util.TreeMap<>(h.details()));
            }
            components.put(name, component);
        });
        return components;
    }

    private void image(Context ctx) throws IOException {
        String sha = ctx.pathParam("sha256");
        String noImage = words(ctx).say("playground.error.noImage", "sha", sha);
        if (!ImageId.isValid(sha)) {
            throw new EngineRejection(EngineRejection.Reason.NOT_FOUND, noImage);
        }
        ImageId id = new ImageId(sha);
        if (!engine.imageBelongsTo(PlaygroundServer.PLATFORM, SessionApi.TENANT, id)) {
            throw new EngineRejection(EngineRejection.Reason.NOT_FOUND, noImage);
        }
        StoredImage stored = images.find(id)
                .orElseThrow(() -> new EngineRejection(EngineRejection.Reason.NOT_FOUND, noImage));
        InputStream bytes = images.open(id);
        ctx.contentType(stored.mime())
                .header("Cache-Control", "public, max-age=31536000, immutable")
                .header("Content-Length", Long.toString(stored.sizeBytes()))
                .result(bytes);
    }

    private void error(Context ctx, int status, String error, String message) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("message", message);
        try {
            ctx.status(status).contentType("application/json").result(json.writeValueAsString(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int status(EngineRejection.Reason reason) {
        return switch (reason) {
            case INVALID -> 400;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case QUOTA -> 429;
        };
    }

    private String readable(Context ctx, HttpResponseException e) {
        return e.getStatus() == 413
                ? words(ctx).say("playground.error.tooLarge", "megabytes", maxRequestBytes / (1024 * 1024))
                : e.getMessage();
    }

    private Words words(Context ctx) {
        return PlaygroundWords.of(ctx, languages);
    }
}
