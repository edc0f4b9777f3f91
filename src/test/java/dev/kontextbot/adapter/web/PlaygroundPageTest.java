package dev.kontextbot.adapter.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kontextbot.adapter.words.TestWords;
import dev.kontextbot.adapter.words.Words;
import dev.kontextbot.engine.model.TurnStatus;
import dev.kontextbot.engine.review.QualityFlag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The playground page writes no words of its own: every text it shows is a key of the bundles (English and German
 * complete, BundlesTest), handed to it by {@link PlaygroundPage} in the request's language.
 */
class PlaygroundPageTest {
    private static final Pattern NAMED_KEY = Pattern.compile("(?:data-(?:text|placeholder|title|alt)=\"|\\bsay\\(\")([\\w.]+)\"");
    private static final Pattern COUNTED_KEY = Pattern.compile("\\bsayCount\\(\"([\\w.]+)\"");
    private static final Pattern PARAM = Pattern.compile("^\\s*\\[\"(\\w+)\", ", Pattern.MULTILINE);

    @Test
    void thePageWritesNoWordsOfItsOwn() throws IOException {
        assertThat(PageScan.wordsOf(html())).as("words written in web/playground.html instead of words/playground.properties").isEmpty();
    }

    @Test
    void theScanFindsWordsLeftInMarkupAttributesAndScript() {
        String page = """
                <!doctype html><html lang="en"><head><title>kontext-bot playground</title><style>p { color: red; }</style></head>
                <body><h1 data-text="playground.page.title"></h1><input placeholder="https://example.com/photo.jpg">
                <img alt="current head"><!-- a comment is no text -->
                <script type="application/json" id="words">{"a": "b c"}</script>
                <script>
                // A comment is no text either.
                const re = /[&<>"']/g;
                $("banner").textContent = "Something went wrong.";
                $("x").innerHTML = `<button data-pick="${t.id}" title="picked">${icon("star")}Use</button>`;
                const fine = `<div class="card empty">${esc(say("playground.page.tree.empty"))}</div>`;
                b.textContent = ok ? say("playground.page.session.undo") : "Undo";
                document.querySelectorAll("[data-params] [name]");
                if (e.key === "Enter") send();
                </script></body></html>
                """;
        assertThat(PageScan.wordsOf(page)).containsExactlyInAnyOrder(
                "markup text: \"kontext-bot playground\"",
                "markup placeholder: \"https://example.com/photo.jpg\"",
                "markup alt: \"current head\"",
                "script literal: \"Something went wrong.\"",
                "script markup title: \"picked\"",
                "script markup text: \"…Use\"",
                "script literal: \"Undo\"");
    }

    /** Each key the page names is in the bundles; the ones it builds from a wire name exist for every value. */
    @Test
    void everyKeyThePageNamesIsInTheBundles() throws IOException {
        String html = html();
        List<String> keys = new ArrayList<>();
        matches(NAMED_KEY, html).forEach(keys::add);
        matches(COUNTED_KEY, html).forEach(key -> keys.addAll(List.of(key + ".one", key + ".other")));
        matches(PARAM, html.substring(html.indexOf("const PARAMS"))).forEach(name -> keys.add("playground.page.param." + name));
        keys.addAll(List.of("picture.turn.fromText", "picture.turn.edit", "picture.turn.rerollOf"));
        Arrays.stream(TurnStatus.values()).forEach(status -> keys.add("picture.turn.status." + status.wireName()));
        Arrays.stream(QualityFlag.values()).forEach(flag -> keys.add("score.flag." + camel(flag.wireName())));
        List.of("ok", "degraded", "down").forEach(health -> keys.add("playground.page.health." + health));
        assertThat(keys).hasSizeGreaterThan(80);

        for (Words words : List.of(TestWords.ENGLISH, TestWords.GERMAN)) {
            Map<String, String> page = PlaygroundPage.words(words);
            assertThat(keys).as("keys the page names, in %s", words.locale()).allSatisfy(key -> assertThat(page).containsKey(key));
        }
    }

    @Test
    void theSentencesReachThePageAsTemplatesWithTheirPlaceholdersNamed() {
        Map<String, String> english = PlaygroundPage.words(TestWords.ENGLISH);
        Map<String, String> german = PlaygroundPage.words(TestWords.GERMAN);

        assertThat(english.get("playground.page.session.branchedFromSession")).isEqualTo("branched from session {session}, turn {turn}, variant {variant}");
        assertThat(german.get("playground.page.count.turns.other")).isEqualTo("{count} Schritte");
        assertThat(german.get("picture.turn.status.done")).isEqualTo("fertig");
        assertThat(english.keySet()).isEqualTo(german.keySet());
    }

    /** A plural or select form cannot become a page's template: the page would show one form for every count. */
    @Test
    void aSentenceWithPluralOrSelectFormsIsNoTemplate() {
        assertThatThrownBy(() -> TestWords.ENGLISH.template("playground.input.unknownField")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("plain {name} placeholders only");
        assertThatThrownBy(() -> TestWords.GERMAN.template("playground.input.notSingle")).isInstanceOf(IllegalArgumentException.class);
        assertThat(TestWords.ENGLISH.template("playground.input.outOfRange")).isEqualTo("'{name}' must be between {min} and {max}, not {value}.");
    }

    /** A translator's {@code </script>} or markup stays text: it is JSON-escaped into the script block. */
    @Test
    void wordsCannotCloseTheirScriptBlockOrOpenMarkup() throws IOException {
        String evil = "</script><img src=x onerror=alert(1)> & \"quoted\"";
        String page = PlaygroundPage.render("<html lang=\"en\"><body>" + PlaygroundPage.WORDS + "<p></p></body></html>", "de",
                Map.of("playground.page.title", evil));

        assertThat(page).startsWith("<html lang=\"de\">").doesNotContain("<img").doesNotContain("</script><img");
        Matcher block = Pattern.compile("<script type=\"application/json\" id=\"words\">(.*?)</script>").matcher(page);
        assertThat(block.find()).isTrue();
        assertThat(block.group(1)).doesNotContain("<").doesNotContain(">").doesNotContain("&");
        assertThat(new ObjectMapper().readTree(block.group(1)).path("playground.page.title").asText()).isEqualTo(evil);
    }

    @Test
    void eachLanguageGetsItsOwnPage() {
        PlaygroundPage pages = new PlaygroundPage(TestWords.LANGUAGES);
        String german = new String(pages.in(TestWords.GERMAN), StandardCharsets.UTF_8);
        String english = new String(pages.in(TestWords.LANGUAGES.in(Locale.ENGLISH)), StandardCharsets.UTF_8);

        assertThat(german).contains("<html lang=\"de\">").contains("\"playground.page.start.button\":\"Los\"");
        assertThat(english).contains("<html lang=\"en\">").contains("\"playground.page.start.button\":\"Start\"");
    }

    private static List<String> matches(Pattern pattern, String text) {
        List<String> found = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    private static String camel(String wireName) {
        return Pattern.compile("_(.)").matcher(wireName).replaceAll(m -> m.group(1).toUpperCase(Locale.ROOT));
    }

    static String html() throws IOException {
        try (InputStream in = PlaygroundPageTest.class.getResourceAsStream("/web/playground.html")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
