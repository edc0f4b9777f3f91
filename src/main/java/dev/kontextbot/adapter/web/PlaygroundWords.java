package dev.kontextbot.adapter.web;

import dev.kontextbot.adapter.words.Languages;
import dev.kontextbot.adapter.words.Words;
import io.javalin.http.Context;

import java.util.List;
import java.util.Locale;

/**
 * The playground's language for one request: the best the bot speaks of the browser's {@code Accept-Language}
 * (English without one, or with one that does not parse). Chosen once per request, before any handler runs.
 */
final class PlaygroundWords {
    private static final String ATTRIBUTE = "kontext.words";

    private PlaygroundWords() {
    }

    /** Chooses the request's words and keeps them on it. */
    static void choose(Context ctx, Languages languages) {
        ctx.attribute(ATTRIBUTE, languages.best(preferences(ctx.header("Accept-Language"))));
    }

    /** The request's words, choosing them if no handler ran yet (an error answered before the first one). */
    static Words of(Context ctx, Languages languages) {
        if (ctx.attribute(ATTRIBUTE) == null) {
            choose(ctx, languages);
        }
        return of(ctx);
    }

    /** The words chosen for this request. */
    static Words of(Context ctx) {
        Words words = ctx.attribute(ATTRIBUTE);
        if (words == null) {
            throw new IllegalStateException("the request's words are chosen before any handler runs");
        }
        return words;
    }

    private static List<Locale.LanguageRange> preferences(String header) {
        if (header == null || header.isBlank()) {
            return List.of();
        }
        try {
            return Locale.LanguageRange.parse(header);
        } catch (IllegalArgumentException malformed) {
            // A header a browser would not send: English, as for none.
            return List.of();
        }
    }
}
