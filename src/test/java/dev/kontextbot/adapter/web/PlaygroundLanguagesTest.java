package dev.kontextbot.adapter.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import okhttp3.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The playground's API and its page answer in the browser's language (Accept-Language), English without one or with
 * a broken one.
 */
class PlaygroundLanguagesTest {
    private static final Pattern WORDS_BLOCK = Pattern.compile("<script type=\"application/json\" id=\"words\">(.*?)</script>");
    private static final Pattern WORD = Pattern.compile("\\p{L}{3,}");
    /** Words German writes as English does: names, file formats, and Seed, as words/commands_de has it too. */
    private static final Set<String> SHARED = Set.of("kontext", "bot", "FLUX", "Kontext", "JPG", "PNG", "WebP", "GIF", "AVIF", "https",
            "zip", "jpg", "Seed");
    @TempDir
    Path dir;

    @Test
    void theApiAnswersInTheBestLanguageTheBrowserAsksFor() throws Exception {
        try (RunningPlayground playground = RunningPlayground.start(dir, "", Duration.ofSeconds(20))) {
            var german = playground.call(new Request.Builder().url(playground.url("/api/sessions/abc")).header("Accept-Language", "fr-CH, de;q=0.8, en;q=0.5"));
            assertThat(german.status()).isEqualTo(404);
            assertThat(german.json().path("message").asText()).isEqualTo("Es gibt keine Sitzung abc.");

            var english = playground.call(new Request.Builder().url(playground.url("/api/images/nope")));
            assertThat(english.json().path("message").asText()).isEqualTo("There is no image nope.");

            var broken = playground.call(new Request.Builder().url(playground.url("/api/sessions/abc")).header("Accept-Language", "de;q=x;;"));
            assertThat(broken.status()).isEqualTo(404);
            assertThat(broken.json().path("message").asText()).isEqualTo("There is no session abc.");
        }
    }

    @Test
    void aGermanReaderReadsInGermanWhyTheProviderFailedATurnAndAnEnglishOneTheEnglishAsBefore() throws Exception {
        try (RunningPlayground playground = RunningPlayground.start(dir, "", Duration.ofSeconds(20))) {
            okhttp3.MultipartBody form = new okhttp3.MultipartBody.Builder().setType(okhttp3.MultipartBody.FORM)
                    .addFormDataPart("prompt", "put a hat on the cat")
                    .addFormDataPart("image", "photo.jpg", okhttp3.RequestBody.create(PlaygroundApiTest.photo(), okhttp3.MediaType.get("application/octet-stream")))
                    .build();
            long id = playground.call(new Request.Builder().url(playground.url("/api/sessions")).post(form)).json().get("id").asLong();
            playground.awaitSession(id, s -> RunningPlayground.lastEnded(s, 1, "failed"), "the offline editor's failure");

            JsonNode german = playground.call(new Request.Builder().url(playground.url("/api/sessions/" + id)).header("Accept-Language", "de-DE, de;q=0.9"))
                    .json().get("turns").get(0).get("error");
            JsonNode english = playground.call(new Request.Builder().url(playground.url("/api/sessions/" + id))).json().get("turns").get(0).get("error");

            assertThat(german.get("message").asText()).as("the stored reason, worded in the reader's language")
                    .startsWith("Der Offline-Editor hat „put a hat on the cat“ nicht verstanden.").doesNotContain("didn't understand");
            assertThat(english.get("message").asText()).startsWith("The offline editor didn't understand \"put a hat on the cat\".");
            assertThat(german.get("code").asText()).isEqualTo(english.get("code").asText()).isEqualTo("bad_request");
        }
    }

    @Test
    void theGermanPageHasNoEnglishWordsLeft() throws Exception {
        try (RunningPlayground playground = RunningPlayground.start(dir, "", Duration.ofSeconds(20))) {
            var german = playground.call(new Request.Builder().url(playground.url("/")).header("Accept-Language", "de-AT, de;q=0.9, en;q=0.5"));
            var english = playground.call(new Request.Builder().url(playground.url("/")));
            String germanPage = new String(german.bytes(), StandardCharsets.UTF_8);

            assertThat(german.status()).isEqualTo(200);
            assertThat(germanPage).contains("<html lang=\"de\">");
            assertThat(german.response().header("Content-Language")).isEqualTo("de");
            assertThat(german.response().header("Vary")).isEqualTo("Accept-Language");
            assertThat(new String(english.bytes(), StandardCharsets.UTF_8)).contains("<html lang=\"en\">");
            Map<String, String> germanWords = words(germanPage);
            Map<String, String> englishWords = words(new String(english.bytes(), StandardCharsets.UTF_8));
            assertThat(germanWords.keySet()).isEqualTo(englishWords.keySet()).hasSizeGreaterThan(80);

            Set<String> englishVocabulary = new TreeSet<>();
            englishWords.values().forEach(text -> englishVocabulary.addAll(wordsOf(text)));
            List<String> left = new ArrayList<>();
            germanWords.forEach((key, text) -> wordsOf(text).stream().filter(englishVocabulary::contains).filter(w -> !SHARED.contains(w))
                    .forEach(w -> left.add(key + ": " + w)));
            assertThat(left).as("English words in the German page's sentences").isEmpty();
            // The check can fail: the English page's own words are in its vocabulary.
            assertThat(englishVocabulary).contains("Undo", "Send", "turns", "Timeline");
        }
    }

    /**
     * The catalogue's prices and reasons in /api/capabilities (the page's model select shows them) are in the browser's
     * language: with fal.ai configured and BFL not, flux-2-flex says what it needs. Nothing is sent to fal.ai.
     */
    @Test
    void theCapabilitiesPricesAndReasonsAreInTheBrowsersLanguage() throws Exception {
        Map<String, String> falOnly = Map.of("KONTEXT_PROVIDER", "auto", "FAL_KEY", "fal-test-key-0123456789", "FAL_BASE_URL", "http://127.0.0.1:9");
        try (RunningPlayground playground = RunningPlayground.start(dir, "", Duration.ofSeconds(20), falOnly)) {
            Map<String, JsonNode> german = models(playground.call(new Request.Builder().url(playground.url("/api/capabilities"))
                    .header("Accept-Language", "de-DE, de;q=0.9")).json());
            Map<String, JsonNode> english = models(playground.call(new Request.Builder().url(playground.url("/api/capabilities"))).json());

            assertThat(german.get("kontext-pro").path("price").asText()).isEqualTo("$0.04 pro Bild");
            assertThat(english.get("kontext-pro").path("price").asText()).isEqualTo("$0.04 an image");
            assertThat(german.get("flux-2-pro").path("price").asText())
                    .isEqualTo("$0.03 für das erste MP, $0.015 für jedes weitere MP der Ausgabe und Eingabe");
            assertThat(english.get("flux-2-pro").path("price").asText()).isEqualTo("$0.03 the first MP, $0.015 each further MP of output and input");
            assertThat(german.get("flux-2-flex").path("available").asBoolean()).isFalse();
            assertThat(german.get("flux-2-flex").path("unavailable").asText()).isEqualTo("es braucht BFL (BFL_API_KEY setzen)");
            assertThat(english.get("flux-2-flex").path("unavailable").asText()).isEqualTo("it needs BFL (set BFL_API_KEY)");
            assertThat(german.get("kontext-pro").path("price_per_image_usd").asDouble()).isEqualTo(0.04);
        }
    }

    private static Map<String, JsonNode> models(JsonNode capabilities) {
        Map<String, JsonNode> byId = new java.util.LinkedHashMap<>();
        capabilities.path("models").forEach(model -> byId.put(model.path("id").asText(), model));
        assertThat(byId).as("the catalogue's models").containsKeys("kontext-pro", "flux-2-pro", "flux-2-flex");
        return byId;
    }

    private static Map<String, String> words(String page) throws Exception {
        Matcher block = WORDS_BLOCK.matcher(page);
        assertThat(block.find()).as("the page's words block").isTrue();
        JsonNode json = new ObjectMapper().readTree(block.group(1));
        Map<String, String> words = new java.util.TreeMap<>();
        json.fields().forEachRemaining(e -> words.put(e.getKey(), e.getValue().asText()));
        return words;
    }

    private static List<String> wordsOf(String text) {
        List<String> found = new ArrayList<>();
        Matcher word = WORD.matcher(text.replaceAll("\\{\\w+}", " "));
        while (word.find()) {
            found.add(word.group());
        }
        return found;
    }
}
