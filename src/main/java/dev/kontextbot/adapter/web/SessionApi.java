package dev.kontextbot.adapter.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kontextbot.adapter.fetch.PastedLinks;
import dev.kontextbot.adapter.fetch.SafeImageFetcher;
import dev.kontextbot.engine.ConversationEngine;
import dev.kontextbot.engine.model.EngineRejection;
import dev.kontextbot.engine.model.Conversation;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Session;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.TurnParams;
import dev.kontextbot.engine.model.VariantRef;
import dev.kontextbot.engine.SessionReview;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** The session endpoints: each parses the request, calls the engine, and answers with the session or turn. */
final class SessionApi {
    static final String TENANT = "local";
    static final String CHANNEL = "playground";
    private static final String REQUESTER = "playground";
    // The fields each endpoint takes; any other is refused by name (see RequestFields).
    private static final Set<String> TURN_ONLY = Set.of("turn");
    private static final Set<String> VARIANT_FIELDS = Set.of("turn", "variant");
    private static final Set<String> TURN_FIELDS = with(ParamsParser.NAMES, "prompt");
    private static final Set<String> TURN_FORM_FIELDS = with(ParamsParser.NAMES, "prompt", "image");
    /** The one field sent once per image: image 1 first, then the references in their order. */
    private static final Set<String> IMAGES = Set.of("image");
    private static final Set<String> CREATE_FIELDS = with(ParamsParser.NAMES, "prompt", "image", "image_url");

    private final ConversationEngine engine;
    private final PastedLinks links;
    private final ObjectMapper json;
    private final ParamsParser params = new ParamsParser();
    private final SessionJson render;

    /** An image_url is fetched by {@code fetcher}; an https one is then remembered as the image's public address. */
    SessionApi(ConversationEngine engine, SafeImageFetcher fetcher, ObjectMapper json, SessionJson render) {
        this.engine = engine;
        this.links = new PastedLinks(fetcher, engine::knownAt, java.time.Clock.systemUTC(), java.util.Set.of());
        this.json = json;
        this.render = render;
    }

    void create(Context ctx) throws IOException {
        if (ctx.contentType() != null && ctx.contentType().toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new ApiInputException("playground.input.startIsAForm");
        }
        // Every field is read and parsed before the image is fetched or read, so a bad one costs nothing.
        RequestFields form = RequestFields.form(ctx, CREATE_FIELDS, IMAGES);
        ParamOverrides overrides = params.parse(form::text);
        String key = requestKey(ctx);
        List<UploadedFile> uploads = uploads(ctx);
        String url = form.text("image_url");
        if (!uploads.isEmpty() && url != null && !url.isBlank()) {
            throw new ApiInputException("playground.input.imageTwice");
        }
        List<byte[]> images = uploads.isEmpty() ? java.util.stream.Stream.ofNullable(fromUrl(ctx, url)).toList() : read(uploads);
        var started = engine.start(ConversationEngine.StartCommand.of(newThread(), REQUESTER, images, form.text("prompt"), overrides, key));
        ctx.status(201);
        send(ctx, render.session(PlaygroundWords.of(ctx), engine.review(started.session().id()), engine.providerName()));
    }

    void get(Context ctx) {
        sendSession(ctx, sessionId(ctx));
    }

    /**
     * Answers with the session as GET /api/sessions/{id} shows it: with whether undo and redo would move the head,
     * and the parameters its next turn gets by default (what the page prices before Send).
     */
    void sendSession(Context ctx, long sessionId) {
        SessionReview review = engine.review(sessionId);
        Map<String, Object> session = render.session(PlaygroundWords.of(ctx), review, engine.providerName());
        ConversationEngine.History history = engine.history(sessionId);
        session.put("can_undo", history.canUndo());
        session.put("can_redo", history.canRedo());
        session.put("defaults", SessionJson.defaults(review.snapshot().session().defaults()));
        send(ctx, session);
    }

    /** JSON for an instruction alone; multipart when it brings images, which are references of this turn (images 2..N). */
    void refine(Context ctx) throws IOException {
        long sessionId = sessionId(ctx);
        boolean form = ctx.isMultipartFormData();
        RequestFields body = form ? RequestFields.form(ctx, TURN_FORM_FIELDS, IMAGES) : RequestFields.json(ctx, json, TURN_FIELDS);
        ParamOverrides overrides = params.parse(body::text);
        List<byte[]> references = form ? read(uploads(ctx)) : List.of();
        Turn turn = engine.refine(sessionId, REQUESTER, body.text("prompt"), overrides, references, requestKey(ctx));
        ctx.status(202);
        sendTurn(ctx, turn);
    }

    void pick(Context ctx) {
        long sessionId = sessionId(ctx);
        engine.pick(sessionId, variant(RequestFields.json(ctx, json, VARIANT_FIELDS)), REQUESTER);
        get(ctx);
    }

    void reroll(Context ctx) {
        long sessionId = sessionId(ctx);
        Turn turn = engine.reroll(sessionId, turn(RequestFields.json(ctx, json, TURN_ONLY)), REQUESTER, requestKey(ctx));
        ctx.status(202);
        sendTurn(ctx, turn);
    }

    void undo(Context ctx) {
        long sessionId = sessionId(ctx);
        RequestFields.json(ctx, json, Set.of());
        engine.undo(sessionId, REQUESTER);
        get(ctx);
    }

    void redo(Context ctx) {
        long sessionId = sessionId(ctx);
        RequestFields.json(ctx, json, Set.of());
        engine.redo(sessionId, REQUESTER);
        get(ctx);
    }

    void branch(Context ctx) {
        long sessionId = sessionId(ctx);
        Session branch = engine.branch(sessionId, variant(RequestFields.json(ctx, json, VARIANT_FIELDS)), newThread(), REQUESTER);
        ctx.status(201);
        send(ctx, render.session(PlaygroundWords.of(ctx), engine.review(branch.id()), engine.providerName()));
    }

    void cancel(Context ctx) {
        long sessionId = sessionId(ctx);
        sendTurn(ctx, engine.cancel(sessionId, turn(RequestFields.json(ctx, json, TURN_ONLY)), REQUESTER));
    }

    private void sendTurn(Context ctx, Turn turn) {
        send(ctx, render.turn(PlaygroundWords.of(ctx), turn, engine.snapshot(turn.sessionId()).number(turn.id()), List.of(), null, null));
    }

    void send(Context ctx, Object value) {
        try {
            ctx.contentType("application/json").result(json.writeValueAsString(value));
        } catch (IOException e) {
            throw new IllegalStateException("cannot render JSON", e);
        }
    }

    private static Set<String> with(Set<String> names, String... more) {
        Set<String> all = new java.util.HashSet<>(names);
        all.addAll(List.of(more));
        return Set.copyOf(all);
    }

    static Conversation newThread() {
        return new Conversation(PlaygroundServer.PLATFORM, TENANT, CHANNEL, UUID.randomUUID().toString());
    }

    /** An optional Idempotency-Key header makes a retried POST return the turn it already started. */
    private static String requestKey(Context ctx) {
        String key = ctx.header("Idempotency-Key");
        if (key == null || key.isBlank()) {
            return null;
        }
        if (key.length() > 150) {
            throw new ApiInputException("playground.input.keyTooLong", "max", 150);
        }
        return "web:" + key.trim();
    }

    /** The session in the path, if it is a playground session: Slack's and Discord's are not reachable from here. */
    long sessionId(Context ctx) {
        String id = ctx.pathParam("id");
        EngineRejection missing = new EngineRejection(EngineRejection.Reason.NOT_FOUND,
                PlaygroundWords.of(ctx).say("playground.error.noSession", "id", id));
        long sessionId;
        try {
            sessionId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw missing;
        }
        Conversation conversation = engine.session(sessionId).conversation();
        if (!PlaygroundServer.PLATFORM.equals(conversation.platform()) || !conversation.tenant().equals(TENANT)) {
            throw missing;
        }
        return sessionId;
    }

    private static long turn(RequestFields body) {
        return body.wholeNumber("turn", 1, Long.MAX_VALUE);
    }

    /** Variants are numbered from 0, as GET /api/sessions/{id} lists them. */
    private static VariantRef variant(RequestFields body) {
        return new VariantRef(turn(body), (int) body.wholeNumber("variant", 0, TurnParams.MAX_IMAGES - 1));
    }

    /**
     * An image named by URL, fetched by the one fetcher that may touch user URLs (a provider is then sent the link, not
     * the bytes); null when none was given.
     */
    private byte[] fromUrl(Context ctx, String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        SafeImageFetcher.Result result = links.fetch(url);
        if (result instanceof SafeImageFetcher.Result.Unusable unusable) {
            throw new ApiInputException("playground.input.link", "why", unusable.say(PlaygroundWords.of(ctx)));
        }
        return ((SafeImageFetcher.Result.Fetched) result).bytes();
    }

    private static List<UploadedFile> uploads(Context ctx) {
        return ctx.isMultipartFormData() ? ctx.uploadedFiles("image") : List.of();
    }

    private static List<byte[]> read(List<UploadedFile> uploads) throws IOException {
        List<byte[]> images = new java.util.ArrayList<>();
        for (UploadedFile upload : uploads) {
            try (InputStream in = upload.content()) {
                images.add(in.readAllBytes());
            }
        }
        return images;
    }
}
