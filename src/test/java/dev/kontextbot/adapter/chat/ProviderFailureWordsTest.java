package dev.kontextbot.adapter.chat;

import dev.kontextbot.adapter.words.Languages;
import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.ProviderFailure;
import dev.kontextbot.engine.model.ProviderFailure.Situation;
import dev.kontextbot.engine.model.Rejected;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class ProviderFailureWordsTest {
    private static final Languages LANGUAGES = Languages.load();
    private static final ProviderFailureWords WORDS = new ProviderFailureWords();

    /** One of each kind of failure (each way a kind is said), the service's own text in English as it would send it. */
    private static List<ProviderFailure> everyKind() {
        List<ProviderFailure> all = new ArrayList<>();
        Arrays.stream(Situation.values()).forEach(situation -> all.add(new ProviderFailure.Plain("Acme", situation)));
        all.addAll(List.of(
                new ProviderFailure.Unconfirmed("Acme", ProviderFailure.Network.TIMED_OUT),
                new ProviderFailure.KeyRefused("Acme", 401),
                new ProviderFailure.RequestRefused("Acme", ""),
                new ProviderFailure.RequestRefused("Acme", "seed: must be positive"),
                new ProviderFailure.HttpFailed("Acme", 418, ""),
                new ProviderFailure.HttpFailed("Acme", 418, "teapot"),
                new ProviderFailure.ResultTooLarge("Acme", 20),
                new ProviderFailure.ResultExpired("Acme", 410),
                new ProviderFailure.CouldNotRun("Acme", ""),
                new ProviderFailure.CouldNotRun("Acme", "worker crashed"),
                new ProviderFailure.TaskFailed("Acme", ""),
                new ProviderFailure.TaskFailed("Acme", "GPU fell over"),
                new ProviderFailure.RunFailed("Acme", "", "", ""),
                new ProviderFailure.RunFailed("Acme", "E42", "", ""),
                new ProviderFailure.RunFailed("Acme", "E42", "decode", "bad latent"),
                new ProviderFailure.FlaggedSaying("Acme", ""),
                new ProviderFailure.FlaggedSaying("Acme", "flagged"),
                new ProviderFailure.NotAccepted("Acme", new ProviderFailure.AnsweredNotNow("Acme", 429, "")),
                new ProviderFailure.NotAccepted("Acme", new ProviderFailure.Worded("an older note")),
                new ProviderFailure.Unreachable("Acme", ProviderFailure.Network.TIMED_OUT),
                new ProviderFailure.AnsweredNotNow("Acme", 503, ""),
                new ProviderFailure.AnsweredNotNow("Acme", 503, "MODEL_UNAVAILABLE"),
                new ProviderFailure.DownloadNotNow("Acme", 503, null),
                new ProviderFailure.DownloadNotNow("Acme", -1, ProviderFailure.Network.TIMED_OUT),
                new ProviderFailure.UnreachableAt("Acme", "http://127.0.0.1:8188", ProviderFailure.Network.CONNECTION_REFUSED),
                new ProviderFailure.WorkflowRefused("Acme", ""),
                new ProviderFailure.WorkflowRefused("Acme", "node 1 (UNETLoader): missing"),
                new ProviderFailure.UploadNotNamed("Acme", 2),
                new ProviderFailure.UnreadableResult("Acme", "not a PNG"),
                new ProviderFailure.AspectRatioRefused("Acme", "4:3", "landscape_4_3", "input.aspect_ratio: invalid"),
                new ProviderFailure.ModelNotFound("Acme", ModelId.KONTEXT_MAX, "bfl/kontext-max", true, "models.kontext-max.serve.runflow.path"),
                new ProviderFailure.ModelNotFound("Acme", ModelId.KONTEXT_PRO, "bfl/kontext-pro", false, "models.kontext-pro.serve.runflow.path"),
                new ProviderFailure.UploadTooLarge("Acme", 50),
                new ProviderFailure.NotUnderstood("put a hat on the cat", "sepia, vignette", "make it sepia"),
                new ProviderFailure.FormatUnreadable("WebP", 1),
                new ProviderFailure.FormatUnreadable("WebP", 2),
                new ProviderFailure.ImageUnreadable(1, new Rejected.ImageDamaged("PNG")),
                new ProviderFailure.ImageUnreadable(2, new Rejected.ImageCannotOpen("AVIF")),
                new ProviderFailure.NoSuchJob("j1"),
                new ProviderFailure.FellShort(1, 4, List.of(
                        new ProviderFailure.Missed(ProviderFailure.Fate.REFUSED, "Acme", new ProviderFailure.RequestRefused("Acme", "seed: must be positive")),
                        new ProviderFailure.Missed(ProviderFailure.Fate.REFUSED, "Acme", new ProviderFailure.RequestRefused("Acme", "seed: must be positive")),
                        new ProviderFailure.Missed(ProviderFailure.Fate.LOST, "Acme", new ProviderFailure.TaskFailed("Acme", "GPU fell over")))),
                new ProviderFailure.FellShort(2, 6, Arrays.stream(ProviderFailure.Fate.values())
                        .filter(fate -> fate != ProviderFailure.Fate.REFUSED && fate != ProviderFailure.Fate.LOST)
                        .map(fate -> new ProviderFailure.Missed(fate, "Acme", null)).toList()),
                new ProviderFailure.PartlyDone(List.of("put image 3 in the corner"), 2, List.of(2), List.of("put a hat on her"), "sepia, vignette"),
                new ProviderFailure.PartlyDone(List.of("a", "b", "c", "d"), 1, List.of(), List.of(), "sepia"),
                new ProviderFailure.PartlyDone(List.of(), 4, List.of(2, 3, 4), List.of(), "sepia")));
        return all;
    }

    @Test
    void everyKindOfFailureHasAnExample() {
        Set<Class<?>> shown = everyKind().stream().map(Object::getClass).collect(Collectors.toSet());
        Set<Class<?>> kinds = Arrays.stream(ProviderFailure.class.getPermittedSubclasses())
                .filter(kind -> kind != ProviderFailure.Worded.class).collect(Collectors.toSet());
        assertThat(shown).as("a new kind of failure needs its words and a line here").containsAll(kinds);
    }

    @Test
    void eachFailureReadsInGermanWithTheServicesOwnTextVerbatim() {
        for (ProviderFailure failure : everyKind()) {
            String english = WORDS.say(failure, LANGUAGES.in(Locale.ENGLISH));
            String german = WORDS.say(failure, LANGUAGES.in(Locale.GERMAN));
            assertThat(german).as("%s in German", failure).isNotEqualTo(english).doesNotContain("{").isNotBlank();
            serviceText(failure).forEach(text -> assertThat(german).as("%s keeps the service's words", failure).contains(text));
        }
    }

    @Test
    void theGermanWordsSayWhatTheEnglishSay() {
        assertThat(WORDS.say(new ProviderFailure.Plain("fal.ai", Situation.CONTENT_FILTER_REFUSED), LANGUAGES.in(Locale.GERMAN)))
                .isEqualTo("Der Inhaltsfilter von fal.ai hat die Anfrage abgelehnt. Es wurde nichts berechnet.");
        assertThat(WORDS.say(new ProviderFailure.RunFailed("Runflow", "E42", "decode", "bad latent"), LANGUAGES.in(Locale.ENGLISH)))
                .isEqualTo("Runflow could not run the edit (E42, at decode): bad latent");
        assertThat(WORDS.say(new ProviderFailure.RunFailed("Runflow", "E42", "decode", "bad latent"), LANGUAGES.in(Locale.GERMAN)))
                .isEqualTo("Runflow konnte die Bearbeitung nicht ausführen (E42, bei decode): bad latent");
        assertThat(WORDS.say(new ProviderFailure.FormatUnreadable("WebP", 2), LANGUAGES.in(Locale.GERMAN)))
                .isEqualTo("Der Offline-Editor kann keine WebP-Bilder lesen (Bild 2); schick ein PNG oder JPEG, oder verbinde einen Kontext-Anbieter.");
        assertThat(WORDS.say(new ProviderFailure.ResultTooLarge("fal.ai", 20), LANGUAGES.in(Locale.ENGLISH)))
                .isEqualTo("The image fal.ai made is too large to fetch (the result is larger than 20 MB).");
        assertThat(WORDS.say(new ProviderFailure.DownloadNotNow("BFL", 503, null), LANGUAGES.in(Locale.GERMAN)))
                .isEqualTo("beim Herunterladen des Ergebnisses von BFL: HTTP 503");
        assertThat(WORDS.say(new ProviderFailure.KeyRefused("BFL", 1001), LANGUAGES.in(Locale.GERMAN)))
                .as("a status is written as HTTP writes it").contains("(HTTP 1001)");
    }

    @Test
    void whatTheNetworkDidIsSaidInTheReadersLanguage() {
        ProviderFailure unreachable = new ProviderFailure.Unreachable("BFL", ProviderFailure.Network.TIMED_OUT);
        ProviderFailure download = new ProviderFailure.DownloadNotNow("BFL", -1, ProviderFailure.Network.HOST_NOT_FOUND);

        assertThat(WORDS.say(unreachable, LANGUAGES.in(Locale.ENGLISH))).isEqualTo("cannot reach BFL (timed out)");
        assertThat(WORDS.say(unreachable, LANGUAGES.in(Locale.GERMAN))).contains("(Zeitüberschreitung)").doesNotContain("timed out");
        assertThat(WORDS.say(download, LANGUAGES.in(Locale.ENGLISH))).isEqualTo("downloading the result from BFL: host not found");
        assertThat(WORDS.say(download, LANGUAGES.in(Locale.GERMAN))).endsWith("Host nicht gefunden");
        for (ProviderFailure.Network error : ProviderFailure.Network.values()) {
            String german = WORDS.say(new ProviderFailure.Unreachable("BFL", error), LANGUAGES.in(Locale.GERMAN));
            assertThat(german).as("%s in German", error).isNotEqualTo(WORDS.say(new ProviderFailure.Unreachable("BFL", error), LANGUAGES.in(Locale.ENGLISH)));
        }
    }

    @Test
    void aShortfallCountsEachFateOnceAndSaysTheNestedFailureInTheSameLanguage() {
        ProviderFailure.Missed refused = new ProviderFailure.Missed(ProviderFailure.Fate.REFUSED, "BFL",
                new ProviderFailure.RequestRefused("BFL", "prompt: prompt is not allowed"));
        ProviderFailure.FellShort short3 = new ProviderFailure.FellShort(1, 4, List.of(refused, refused,
                new ProviderFailure.Missed(ProviderFailure.Fate.FLAGGED, "BFL", null)));

        assertThat(WORDS.say(short3, LANGUAGES.in(Locale.ENGLISH))).isEqualTo(
                "1 of 4 variants; 2 were refused by the provider: BFL refused the request: prompt: prompt is not allowed; 1 was flagged by BFL's safety filter.");
        assertThat(WORDS.say(short3, LANGUAGES.in(Locale.GERMAN))).isEqualTo(
                "1 von 4 Varianten; 2 wurden vom Anbieter abgelehnt: BFL hat die Anfrage abgelehnt: prompt: prompt is not allowed;"
                        + " 1 wurde vom Sicherheitsfilter von BFL beanstandet.");
    }

    @Test
    void whatTheOfflineEditorLeftOutReadsInGermanWithThePersonsWordsVerbatim() {
        ProviderFailure.PartlyDone left = new ProviderFailure.PartlyDone(List.of("put image 3 in the corner"), 2, List.of(2),
                List.of("put a hat on her"), "sepia, vignette");

        assertThat(WORDS.say(left, LANGUAGES.in(Locale.ENGLISH))).isEqualTo("Not done: “put image 3 in the corner”: this turn has only"
                + " images 1–2; send the other images with the instruction. Image 2 was not used: the offline editor uses another image"
                + " only where the instruction names it, as in “put image 2 in the corner”. Not done: “put a hat on her”. The offline"
                + " editor only knows sepia, vignette; connect a Kontext provider for free-form edits.");
        assertThat(WORDS.say(left, LANGUAGES.in(Locale.GERMAN))).isEqualTo("Nicht gemacht: „put image 3 in the corner“: dieser Zug hat nur"
                + " die Bilder 1–2; schick die anderen Bilder mit der Anweisung. Bild 2 wurde nicht verwendet: Der Offline-Editor verwendet"
                + " ein weiteres Bild nur, wo die Anweisung es nennt, wie in „put image 2 in the corner“. Nicht gemacht: „put a hat on her“."
                + " Der Offline-Editor kennt nur sepia, vignette; verbinde einen Kontext-Anbieter für freie Bearbeitungen.");
        assertThat(WORDS.say(new ProviderFailure.PartlyDone(List.of("a", "b", "c", "d", "e"), 1, List.of(), List.of(), "sepia"),
                LANGUAGES.in(Locale.ENGLISH))).startsWith("Not done: “a”, “b”, “c” and 2 more: this turn has only image 1;");
        assertThat(WORDS.say(new ProviderFailure.PartlyDone(List.of(), 4, List.of(2, 3, 4), List.of(), "sepia"), LANGUAGES.in(Locale.GERMAN)))
                .startsWith("Die Bilder 2, 3 und 4 wurden nicht verwendet");
    }

    @Test
    void aSentenceStoredBeforeFailuresWereTypedIsShownAsItWasWritten() {
        ProviderFailure old = new ProviderFailure.Worded("BFL refused the request: seed: must be positive");
        assertThat(WORDS.say(old, LANGUAGES.in(Locale.GERMAN))).isEqualTo("BFL refused the request: seed: must be positive");
    }

    /** The parts of a failure that are the service's (or the decoder's) own words, which no language changes. */
    private static List<String> serviceText(ProviderFailure failure) {
        if (failure instanceof ProviderFailure.RequestRefused f) {
            return List.of(f.said());
        }
        if (failure instanceof ProviderFailure.HttpFailed f) {
            return List.of(f.said());
        }
        if (failure instanceof ProviderFailure.CouldNotRun f) {
            return List.of(f.said());
        }
        if (failure instanceof ProviderFailure.TaskFailed f) {
            return List.of(f.said());
        }
        if (failure instanceof ProviderFailure.RunFailed f) {
            return List.of(f.code(), f.said());
        }
        if (failure instanceof ProviderFailure.FlaggedSaying f) {
            return List.of(f.said());
        }
        if (failure instanceof ProviderFailure.NotAccepted f) {
            return serviceText(f.answered());
        }
        if (failure instanceof ProviderFailure.Worded f) {
            return List.of(f.text());
        }
        if (failure instanceof ProviderFailure.AnsweredNotNow f) {
            return List.of(f.code());
        }
        if (failure instanceof ProviderFailure.UnreachableAt f) {
            return List.of(f.url());
        }
        if (failure instanceof ProviderFailure.WorkflowRefused f) {
            return List.of(f.said());
        }
        if (failure instanceof ProviderFailure.AspectRatioRefused f) {
            return List.of(f.first(), f.second(), f.said());
        }
        if (failure instanceof ProviderFailure.NotUnderstood f) {
            return List.of(f.instruction(), f.vocabulary(), f.example());
        }
        if (failure instanceof ProviderFailure.FellShort f) {
            return f.missed().stream().filter(missed -> missed.why() != null).flatMap(missed -> serviceText(missed.why()).stream()).toList();
        }
        if (failure instanceof ProviderFailure.PartlyDone f) {
            List<String> own = new ArrayList<>(f.lacking().subList(0, Math.min(3, f.lacking().size())));
            own.addAll(f.ignored());
            if (!f.ignored().isEmpty()) {
                own.add(f.vocabulary());
            }
            return own;
        }
        return List.of();
    }
}
