package dev.kontextbot.adapter.web;

import dev.kontextbot.engine.ConversationEngine;
import dev.kontextbot.adapter.picture.BeforeAfterRenderer;
import dev.kontextbot.adapter.picture.RenderedPage;
import dev.kontextbot.adapter.picture.TimelineRenderer;
import io.javalin.http.Context;

import java.util.function.ToLongFunction;

/** The review pictures of a playground session: its timeline (by page) and its before/after. */
final class ReviewApi {
    private final ConversationEngine engine;
    private final TimelineRenderer timeline;
    private final BeforeAfterRenderer beforeAfter;
    private final ToLongFunction<Context> sessionId;

    /** {@code sessionId}: the session in the path, refused unless it is one the playground may reach. */
    ReviewApi(ConversationEngine engine, TimelineRenderer timeline, BeforeAfterRenderer beforeAfter, ToLongFunction<Context> sessionId) {
        this.engine = engine;
        this.timeline = timeline;
        this.beforeAfter = beforeAfter;
        this.sessionId = sessionId;
    }

    void timeline(Context ctx) {
        long id = sessionId.applyAsLong(ctx);
        RenderedPage page = timeline.render(PlaygroundWords.of(ctx), engine.review(id), page(ctx));
        ctx.header("X-Page", Integer.toString(page.page())).header("X-Page-Count", Integer.toString(page.pageCount()));
        png(ctx, page.png());
    }

    void beforeAfter(Context ctx) {
        png(ctx, beforeAfter.render(PlaygroundWords.of(ctx), engine.review(sessionId.applyAsLong(ctx))));
    }

    private static void png(Context ctx, byte[] png) {
        // Drawn from the session as it is now: the next turn changes it.
        ctx.contentType("image/png").header("Cache-Control", "no-store").result(png);
    }

    private static int page(Context ctx) {
        String text = ctx.queryParam("page");
        if (text == null || text.isBlank()) {
            return 1;
        }
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new ApiInputException("playground.input.pageNumber");
        }
    }
}
