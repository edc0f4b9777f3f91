package dev.kontextbot.adapter.web;

import dev.kontextbot.adapter.words.Words;
import dev.kontextbot.engine.ConversationEngine;
import dev.kontextbot.engine.model.Conversation;
import dev.kontextbot.engine.model.Session;
import dev.kontextbot.adapter.picture.Gallery;
import dev.kontextbot.adapter.picture.GalleryPage;
import dev.kontextbot.adapter.picture.SessionSummary;
import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.ToLongFunction;

/** The playground's sessions, newest first and a page at a time, and one session as a tree with its branches. */
final class GalleryApi {
    static final int DEFAULT_PAGE = 20;
    /** A tree deeper or larger than this is cut: the branches beyond are left as ids to open one by one. */
    static final int MAX_DEPTH = 8;
    static final int MAX_TREE_SESSIONS = 60;

    private final ConversationEngine engine;
    private final Gallery gallery;
    private final SessionJson render;
    private final ToLongFunction<Context> sessionId;
    private final BiConsumer<Context, Object> send;

    GalleryApi(ConversationEngine engine, Gallery gallery, SessionJson render, ToLongFunction<Context> sessionId, BiConsumer<Context, Object> send) {
        this.engine = engine;
        this.gallery = gallery;
        this.render = render;
        this.sessionId = sessionId;
        this.send = send;
    }

    void list(Context ctx) {
        long limit = number(ctx, "limit", DEFAULT_PAGE);
        if (limit < 1 || limit > Gallery.MAX_PAGE) {
            throw new ApiInputException("playground.input.limitRange", "max", Gallery.MAX_PAGE);
        }
        String beforeText = ctx.queryParam("before");
        Long before = beforeText == null || beforeText.isBlank() ? null : number(ctx, "before", 0);
        GalleryPage page = gallery.page(PlaygroundServer.PLATFORM, SessionApi.TENANT, before, (int) limit);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("sessions", page.sessions().stream().map(GalleryApi::summary).toList());
        json.put("total", page.total());
        json.put("next", page.nextBefore() == null ? null : "/api/sessions?before=" + page.nextBefore() + "&limit=" + limit);
        send.accept(ctx, json);
    }

    void tree(Context ctx) {
        long root = sessionId.applyAsLong(ctx);
        send.accept(ctx, tree(PlaygroundWords.of(ctx), root, 0, new int[]{0}));
    }

    private Map<String, Object> tree(Words words, long id, int depth, int[] rendered) {
        rendered[0]++;
        boolean deeper = depth + 1 < MAX_DEPTH;
        return render.session(words, engine.review(id), engine.providerName(), branch -> deeper && rendered[0] < MAX_TREE_SESSIONS && reachable(branch)
                ? tree(words, branch, depth + 1, rendered) : null);
    }

    /** Branches are made where their origin lives, but the tenant check costs little and keeps that true. */
    private boolean reachable(long id) {
        Conversation conversation = engine.session(id).conversation();
        return PlaygroundServer.PLATFORM.equals(conversation.platform()) && conversation.tenant().equals(SessionApi.TENANT);
    }

    private static Map<String, Object> summary(SessionSummary s) {
        Session session = s.session();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", session.id());
        json.put("created_at", session.createdAt().toString());
        json.put("title", s.firstPrompt());
        json.put("turns", s.turns());
        // Reference images the session's turns were given (images 2..N), all turns together.
        json.put("references", s.references());
        json.put("variants", s.variants());
        json.put("total_cost_usd", s.costMicros() / 1_000_000.0);
        json.put("branches", s.branches());
        json.put("status", s.lastStatus() == null ? null : s.lastStatus().wireName());
        json.put("head_url", session.head() == null ? null : "/api/images/" + session.head().sha256());
        json.put("source_url", session.source() == null ? null : "/api/images/" + session.source().sha256());
        if (session.branchedFrom() != null) {
            Map<String, Object> from = new LinkedHashMap<>();
            from.put("session", s.branchedFromSession());
            from.put("turn", session.branchedFrom().turnId());
            from.put("variant", session.branchedFrom().index());
            json.put("branched_from", from);
        } else {
            json.put("branched_from", null);
        }
        json.put("url", "/api/sessions/" + session.id());
        json.put("tree_url", "/api/sessions/" + session.id() + "/tree");
        return json;
    }

    private static long number(Context ctx, String name, long fallback) {
        String text = ctx.queryParam(name);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new ApiInputException("playground.input.notWhole", "name", name);
        }
    }
}
