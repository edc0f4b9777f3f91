package dev.kontextbot.adapter.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kontextbot.adapter.words.Languages;
import dev.kontextbot.adapter.words.Words;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The playground page in one language: {@code web/playground.html} with its {@code <html lang>} set and the page's
 * words (every {@code playground.page.*} sentence, and the statuses, kinds and flags it shares with the pictures and chat)
 * as JSON in its {@code <script type="application/json" id="words">}, which the page's script reads. Drawn once per
 * language at start-up.
 */
final class PlaygroundPage {
    /**
     * The keys the page reads, by prefix: its own; a turn's status and kind as the timeline picture names them; a
     * variant's flags as chat does.
     */
    static final List<String> PREFIXES = List.of("playground.page.", "picture.turn.status.", "picture.turn.fromText", "picture.turn.edit",
            "picture.turn.rerollOf", "score.flag.");
    static final String LANG = "<html lang=\"en\">";
    static final String WORDS = "<script type=\"application/json\" id=\"words\"></script>";

    private final Map<Locale, byte[]> pages = new HashMap<>();

    PlaygroundPage(Languages languages) {
        String template = template();
        for (Locale language : languages.spoken()) {
            pages.put(language, render(template, language.toLanguageTag(), words(languages.in(language))).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The page for these words' language. */
    byte[] in(Words words) {
        byte[] page = pages.get(words.locale());
        if (page == null) {
            throw new IllegalStateException("no playground page drawn for " + words.locale());
        }
        return page;
    }

    /** The page's sentences as templates with {name} placeholders (see {@link Words#template}). */
    static Map<String, String> words(Words words) {
        Map<String, String> templates = new LinkedHashMap<>();
        PREFIXES.forEach(prefix -> words.keys(prefix).forEach(key -> templates.put(key, words.template(key))));
        return templates;
    }

    /**
     * The template with {@code lang} and {@code words} in place. The words are JSON with {@code <}, {@code >} and
     * {@code &} escaped, so no sentence can close the script block or open markup, whatever a translator writes.
     */
    static String render(String template, String lang, Map<String, String> words) {
        if (!template.contains(LANG) || !template.contains(WORDS)) {
            throw new IllegalStateException("web/playground.html lacks " + LANG + " or " + WORDS);
        }
        String json;
        try {
            ObjectMapper mapper = new ObjectMapper();
            mapper.getFactory().setCharacterEscapes(new ScriptSafe());
            json = mapper.writeValueAsString(words);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        String tag = lang.replaceAll("[^A-Za-z0-9-]", "");
        return template.replace(LANG, LANG.replace("\"en\"", "\"" + tag + "\""))
                .replace(WORDS, WORDS.replace("></script>", ">" + json + "</script>"));
    }

    private static String template() {
        try (InputStream in = PlaygroundPage.class.getResourceAsStream("/web/playground.html")) {
            if (in == null) {
                throw new IllegalStateException("web/playground.html is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** JSON's own escapes, and {@code \\u003C}-style ones for the characters HTML reads inside a script element. */
    private static final class ScriptSafe extends CharacterEscapes {
        private final int[] escapes = standardAsciiEscapesForJSON();

        ScriptSafe() {
            escapes['<'] = ESCAPE_STANDARD;
            escapes['>'] = ESCAPE_STANDARD;
            escapes['&'] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return escapes;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return null;
        }
    }
}
