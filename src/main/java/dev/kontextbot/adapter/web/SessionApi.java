package dev.kontextbot.adapter.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kontextbot.adapter.fetch.SafeImageFetcher;
import dev.kontextbot.engine.ConversationEngine;
import dev.kontextbot.engine.EngineRejection;
import dev.kontextbot.engine.model.Conversation;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Platform;
import dev.kontextbot.engine.model.Session;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.VariantRef;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.UUID;

/** The session endpoints: each parses the request, calls the engine, and answers with the session or turn. */
final class SessionApi {
    static final String TENANT = "local";
    static final String CHANNEL = "playground";
    private static final String REQUESTER = "playground";

    private final ConversationEngine engine;
    private final SafeImageFetcher fetcher;
    private final ObjectMapper json;
    private final ParamsParser params = new ParamsParser();
    private final SessionJson render;

    SessionApi(ConversationEngine engine, SafeImageFetcher fetcher, ObjectMapper json, SessionJson render) {
        this.engine = engine;
        this.fetcher = fetcher;
        this.json = json;
        this.render = render;
    }

    void create(Context ctx) throws IOException {
        UploadedFile upload = ctx.isMultipartFormData() ? ctx.uploadedFile("image") : null;
        byte[] image = upload == null ? fromUrl(ctx.formParam("image_url")) : read(upload);
        ParamOverrides overrides = params.parse(ctx::formParam);
        var started = engine.start(new ConversationEngine.StartCommand(newThread(), REQUESTER, image,
                ctx.formParam("prompt"), overrides, requestKey(ctx)));
        ctx.status(201);
        send(ctx, render.session(engine.review(started.session().id()), engine.providerName()));
    }

    void get(Context ctx) {
        sendSession(ctx, sessionId(ctx));
    }

    /** Answers with the session as GET /api/sessions/{id} shows it. */
    void sendSession(Context ctx, long sessionId) {
        send(ctx, render.session(engine.review(sessionId), engine.providerName()));
    }

    void refine(Context ctx) {
        long sessionId = sessionId(ctx);
        JsonNode body = body(ctx);
        Turn turn = engine.refine(sessionId, REQUESTER, text(body, "prompt"), params.parse(name -> text(body, name)), requestKey(ctx));
        ctx.status(202);
        sendTurn(ctx, turn);
    }

    void pick(Context ctx) {
        long sessionId = sessionId(ctx);
        JsonNode body = body(ctx);
        engine.pick(sessionId, new VariantRef(number(body, "turn"), (int) number(body, "variant")), REQUESTER);
        get(ctx);
    }

    void reroll(Context ctx) {
        long sessionId = sessionId(ctx);
        Turn turn = engine.reroll(sessionId, number(body(ctx), "turn"), REQUESTER, requestKey(ctx));
        ctx.status(202);
        sendTurn(ctx, turn);
    }

    void undo(Context ctx) {
        engine.undo(sessionId(ctx), REQUESTER);
        get(ctx);
    }

    void branch(Context ctx) {
        long sessionId = sessionId(ctx);
        JsonNode body = body(ctx);
        Session branch = engine.branch(sessionId, new VariantRef(number(body, "turn"), (int) number(body, "variant")), newThread(), REQUESTER);
        ctx.status(201);
        send(ctx, render.session(engine.review(branch.id()), engine.providerName()));
    }

    void cancel(Context ctx) {
        long sessionId = sessionId(ctx);
        sendTurn(ctx, engine.cancel(sessionId, number(body(ctx), "turn"), REQUESTER));
    }

    private void sendTurn(Context ctx, Turn turn) {
        send(ctx, render.turn(turn, List.of(), null, null));
    }

    void send(Context ctx, Object value) {
        try {
            ctx.contentType("application/json").result(json.writeValueAsString(value));
        } catch (IOException e) {
            throw new IllegalStateException("cannot render JSON", e);
        }
    }

    static Conversation newThread() {
        return new Conversation(Platform.PLAYGROUND, TENANT, CHANNEL, UUID.randomUUID().toString());
    }

    /** An optional Idempotency-Key header makes a retried POST return the turn it already started. */
    private static String requestKey(Context ctx) {
        String key = ctx.header("Idempotency-Key");
        if (key == null || key.isBlank()) {
            return null;
        }
        if (key.length() > 150) {
            throw new ApiInputException("Idempotency-Key must be at most 150 characters.");
        }
        return "web:" + key.trim();
    }

    /** The session in the path, if it is a playground session: Slack's and Discord's are not reachable from here. */
    long sessionId(Context ctx) {
        String id = ctx.pathParam("id");
        EngineRejection missing = new EngineRejection(EngineRejection.Reason.NOT_FOUND, "There is no session " + id + ".");
        long sessionId;
        try {
            sessionId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw missing;
        }
        Conversation conversation = engine.session(sessionId).conversation();
        if (conversation.platform() != Platform.PLAYGROUND || !conversation.tenant().equals(TENANT)) {
            throw missing;
        }
        return sessionId;
    }

    private JsonNode body(Context ctx) {
        String text = ctx.body();
        if (text.isBlank()) {
            return json.createObjectNode();
        }
        try {
            JsonNode node = json.readTree(text);
            if (node == null || !node.isObject()) {
                throw new ApiInputException("The request body must be a JSON object.");
            }
            return node;
        } catch (IOException e) {
            throw new ApiInputException("The request body is not valid JSON.");
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static long number(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.canConvertToLong()) {
            throw new ApiInputException("'" + field + "' is required and must be a whole number.");
        }
        return value.asLong();
    }

    /** An image named by URL, fetched by the one fetcher that may touch user URLs; null when none was given. */
    private byte[] fromUrl(String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        SafeImageFetcher.Result result = fetcher.fetch(url);
        if (result instanceof SafeImageFetcher.Result.Refused refused) {
            throw new ApiInputException(refused.message());
        }
        return ((SafeImageFetcher.Result.Fetched) result).bytes();
    }

    private static byte[] read(UploadedFile upload) throws IOException {
        try (InputStream in = upload.content()) {
            return in.readAllBytes();
        }
    }
}
