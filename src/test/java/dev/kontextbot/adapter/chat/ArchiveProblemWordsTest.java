package dev.kontextbot.adapter.chat;

import dev.kontextbot.adapter.words.TestWords;
import dev.kontextbot.engine.model.ArchiveProblem;
import dev.kontextbot.engine.model.ArchiveProblem.Field;
import dev.kontextbot.engine.model.ArchiveProblem.InHeadHistory;
import dev.kontextbot.engine.model.ArchiveProblem.InSession;
import dev.kontextbot.engine.model.ArchiveProblem.InTurn;
import dev.kontextbot.engine.model.ArchiveProblem.InVariant;
import dev.kontextbot.engine.model.ArchiveProblem.InVote;
import dev.kontextbot.engine.model.Rejected;
import dev.kontextbot.engine.model.TurnStatus;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** What the person importing an archive reads about its manifest.json: English as the importer always said it, and German. */
class ArchiveProblemWordsTest {
    private static final RejectionWords WORDS = new RejectionWords();

    /** Each kind of problem (some more than once, for their parts and fields), with its English and its German. */
    private static final Map<ArchiveProblem, List<String>> SAID = new LinkedHashMap<>();

    private static void said(ArchiveProblem problem, String english, String german) {
        SAID.put(problem, List.of(english, german));
    }

    static {
        said(new ArchiveProblem.NotJson("Unexpected end-of-input"), "manifest.json is not valid JSON: Unexpected end-of-input.",
                "manifest.json ist kein gültiges JSON: Unexpected end-of-input.");
        said(new ArchiveProblem.DoesNotFit(3, "Cannot deserialize value"), "manifest.json does not fit version 3: Cannot deserialize value.",
                "manifest.json passt nicht zu Version 3: Cannot deserialize value.");
        said(new ArchiveProblem.NoSession(), "manifest.json has no session.", "manifest.json enthält keine Sitzung.");
        said(new ArchiveProblem.NoImages(), "manifest.json lists no images.", "manifest.json führt keine Bilder auf.");
        said(new ArchiveProblem.TooManyTurns(1200, 1000), "The session has 1200 turns; at most 1000 can be imported.",
                "Die Sitzung hat 1200 Schritte; höchstens 1000 können importiert werden.");
        said(new ArchiveProblem.TurnOrder(12345, 12346), "Turn ids must be positive and in increasing order (turn 12345 after 12346).",
                "Die IDs der Schritte müssen positiv sein und aufsteigen (Schritt 12345 nach 12346).");
        said(new ArchiveProblem.HeadNotLast(), "The session's head is not the last image of its head_history.",
                "Das aktuelle Bild der Sitzung ist nicht das letzte Bild ihrer head_history.");
        said(new ArchiveProblem.HistoryNotFromSource(), "The head_history must start with the session's source.",
                "Die head_history muss mit dem Ausgangsbild der Sitzung beginnen.");
        said(new ArchiveProblem.Missing(new InSession(), "created_at"), "The session has no created_at.", "Die Sitzung hat kein created_at.");
        said(new ArchiveProblem.Missing(new InTurn(7), "params"), "Turn 7 has no params.", "Schritt 7 hat kein params.");
        said(new ArchiveProblem.Missing(new InVote(), "cast_at"), "A vote has no cast_at.", "Eine Stimme hat kein cast_at.");
        said(new ArchiveProblem.Unknown(new InTurn(7), "kind", "teleport"), "Turn 7 has an unknown kind 'teleport'.",
                "Schritt 7 hat eine unbekannte Art 'teleport'.");
        said(new ArchiveProblem.Unknown(new InTurn(7), "status", null), "Turn 7 has an unknown status 'null'.",
                "Schritt 7 hat einen unbekannten Status 'null'.");
        said(new ArchiveProblem.Unknown(new InHeadHistory(), "reason", "luck"), "A head_history entry has an unknown reason 'luck'.",
                "Ein Eintrag der head_history hat einen unbekannten Grund 'luck'.");
        said(new ArchiveProblem.ParamsIncomplete(7),
                "Turn 7: its params must give model, num_images, guidance_scale, output_format, safety_tolerance, enhance_prompt and seed",
                "Schritt 7: Seine params müssen model, num_images, guidance_scale, output_format, safety_tolerance, enhance_prompt und seed angeben");
        said(new ArchiveProblem.BadParams(7, new Rejected.OutOfRange("guidance_scale", "50.0", "1", "20")),
                "Turn 7: guidance_scale must be between 1 and 20, not 50.0", "Schritt 7: guidance_scale muss zwischen 1 und 20 liegen, nicht 50.0");
        said(new ArchiveProblem.BadDefaults(new Rejected.NotOneOf("output_format", "gif", List.of("jpeg", "png", "webp"))),
                "The session's defaults: output_format must be jpeg, png or webp, not 'gif'",
                "Die Voreinstellungen der Sitzung: output_format muss jpeg, png oder webp sein, nicht 'gif'");
        said(new ArchiveProblem.ErrorCodeTooLong(7, 32), "Turn 7: the error code is longer than 32 characters.",
                "Schritt 7: Der Fehlercode ist länger als 32 Zeichen.");
        said(new ArchiveProblem.ErrorMessageTooLong(7, 1000), "Turn 7: the error message is longer than 1000 characters.",
                "Schritt 7: Die Fehlermeldung ist länger als 1000 Zeichen.");
        said(new ArchiveProblem.NegativeCost(7), "Turn 7 has a negative cost.", "Schritt 7 hat negative Kosten.");
        said(new ArchiveProblem.NegativeInputBytes(7), "Turn 7 has a negative input_bytes_sent.", "Schritt 7 hat ein negatives input_bytes_sent.");
        said(new ArchiveProblem.RerollNotEarlier(7, 9), "Turn 7 is a reroll of turn 9, which is not an earlier turn of the archive.",
                "Schritt 7 wiederholt Schritt 9, der kein früherer Schritt des Archivs ist.");
        said(new ArchiveProblem.VariantsNotDone(7, TurnStatus.FAILED), "Turn 7 is failed but has variants.",
                "Schritt 7 ist " + TestWords.GERMAN.say("picture.turn.status.failed") + ", hat aber Varianten.");
        said(new ArchiveProblem.TooManyVariants(7, 4), "Turn 7 has more than 4 variants.", "Schritt 7 hat mehr als 4 Varianten.");
        said(new ArchiveProblem.TooManyReferences(7, 7), "Turn 7 has more than 7 references.", "Schritt 7 hat mehr als 7 Referenzbilder.");
        said(new ArchiveProblem.VariantIndex(7, 5, 3), "Turn 7, variant 5: the index must be 0–3 and unique.",
                "Schritt 7, Variante 5: Der Index muss zwischen 0 und 3 liegen und eindeutig sein.");
        said(new ArchiveProblem.VariantSeed(7, 1), "Turn 7, variant 1: the seed is out of range.",
                "Schritt 7, Variante 1: Der Seed liegt außerhalb des erlaubten Bereichs.");
        said(new ArchiveProblem.VoteCount(7, 1, 1, 0), "Turn 7, variant 1 says 1 votes but the archive lists 0.",
                "Schritt 7, Variante 1: angegebene Stimmen 1, im Archiv aufgeführt 0.");
        said(new ArchiveProblem.Unreadable(7, 1, "fidelity must be 0–100, got 140"),
                "Turn 7, variant 1 has a score that cannot be read: fidelity must be 0–100, got 140",
                "Schritt 7, Variante 1 hat eine Bewertung, die nicht gelesen werden kann: fidelity must be 0–100, got 140");
        said(new ArchiveProblem.NoImage(Field.of(new InVariant(7, 1), "image")), "Turn 7, variant 1's image names no image.",
                "Das Bild von Schritt 7, Variante 1 nennt kein Bild.");
        said(new ArchiveProblem.NoImage(Field.of(new InHeadHistory(), "image")), "A head_history entry names no image.",
                "Ein Eintrag der head_history nennt kein Bild.");
        said(new ArchiveProblem.ImageNotListed(Field.of(new InVariant(7, 1), "context"), "images/nowhere.png"),
                "Turn 7, variant 1's context image is images/nowhere.png, which manifest.json does not list among its images.",
                "Das Kontextbild von Schritt 7, Variante 1 ist images/nowhere.png, das manifest.json nicht unter seinen Bildern aufführt.");
        said(new ArchiveProblem.ImageNotListed(new Field(new InTurn(7), "image", 3), "images/nowhere.png"),
                "Turn 7's image 3 is images/nowhere.png, which manifest.json does not list among its images.",
                "Bild 3 von Schritt 7 ist images/nowhere.png, das manifest.json nicht unter seinen Bildern aufführt.");
        said(new ArchiveProblem.ImageNotListed(Field.of(new InTurn(7), "parent"), "images/nowhere.png"),
                "Turn 7's parent is images/nowhere.png, which manifest.json does not list among its images.",
                "Das Ausgangsbild von Schritt 7 ist images/nowhere.png, das manifest.json nicht unter seinen Bildern aufführt.");
        said(new ArchiveProblem.ImageNotListed(Field.of(new InSession(), "source"), "images/nowhere.png"),
                "The session's source is images/nowhere.png, which manifest.json does not list among its images.",
                "Das Ausgangsbild der Sitzung ist images/nowhere.png, das manifest.json nicht unter seinen Bildern aufführt.");
        said(new ArchiveProblem.ImageNotListed(Field.of(new InSession(), "head"), "images/nowhere.png"),
                "The session's head is images/nowhere.png, which manifest.json does not list among its images.",
                "Das aktuelle Bild der Sitzung ist images/nowhere.png, das manifest.json nicht unter seinen Bildern aufführt.");
        said(new ArchiveProblem.TextMissing(Field.of(new InSession(), "owner")), "The session's owner is missing.", "Der Besitzer der Sitzung fehlt.");
        said(new ArchiveProblem.TextMissing(Field.of(new InTurn(7), "requester")), "Turn 7's requester is missing.", "Der Auftraggeber von Schritt 7 fehlt.");
        said(new ArchiveProblem.TextMissing(Field.of(new InVote(), "voter")), "A voter is missing.", "Eine abstimmende Person fehlt.");
        said(new ArchiveProblem.TextTooLong(Field.of(new InTurn(7), "prompt"), 4000), "Turn 7's prompt is longer than 4000 characters.",
                "Der Prompt von Schritt 7 ist länger als 4000 Zeichen.");
        said(new ArchiveProblem.TextTooLong(Field.of(new InTurn(7), "provider"), 32), "Turn 7's provider is longer than 32 characters.",
                "Der Anbieter von Schritt 7 ist länger als 32 Zeichen.");
        said(new ArchiveProblem.VoteForNothing(7, 2), "A vote is for variant 2 of turn 7, which the archive does not have.",
                "Eine Stimme gilt Variante 2 von Schritt 7, die das Archiv nicht hat.");
        said(new ArchiveProblem.VotesTwice("ana", 7, 2), "ana votes twice for variant 2 of turn 7.", "ana stimmt zweimal für Variante 2 von Schritt 7.");
        said(new ArchiveProblem.HeadHalfNamed(), "A head_history entry names a turn without a variant, or a variant without a turn.",
                "Ein Eintrag der head_history nennt einen Schritt ohne Variante oder eine Variante ohne Schritt.");
        said(new ArchiveProblem.HeadForNothing(7, 2), "The head_history names variant 2 of turn 7, which the archive does not have.",
                "Die head_history nennt Variante 2 von Schritt 7, die das Archiv nicht hat.");
        said(new ArchiveProblem.HeadNotContext(7, 2), "The head_history entry for variant 2 of turn 7 is not that variant's context image.",
                "Der Eintrag der head_history für Variante 2 von Schritt 7 ist nicht das Kontextbild dieser Variante.");
        said(new ArchiveProblem.ImageName("../x.png"), "The image file name '../x.png' is not allowed.", "Der Bilddateiname '../x.png' ist nicht erlaubt.");
        said(new ArchiveProblem.ImageSha("images/a.png"), "images/a.png has no valid sha256.", "images/a.png hat keine gültige sha256.");
        said(new ArchiveProblem.ImageTwice("images/a.png"), "images/a.png is listed twice.", "images/a.png ist doppelt aufgeführt.");
    }

    @Test
    void englishIsWhatTheImporterAlwaysSaid() {
        SAID.forEach((problem, said) -> assertThat(WORDS.say(new Rejected.ArchiveManifestProblem(problem), TestWords.ENGLISH))
                .as("%s", problem).isEqualTo(said.get(0)));
    }

    @Test
    void germanSaysEveryProblem() {
        SAID.forEach((problem, said) -> assertThat(WORDS.say(new Rejected.ArchiveManifestProblem(problem), TestWords.GERMAN))
                .as("%s", problem).isEqualTo(said.get(1)));
    }

    @Test
    void everyKindOfProblemIsSaid() {
        Set<Class<?>> said = SAID.keySet().stream().map(Object::getClass).collect(Collectors.toSet());
        assertThat(said).containsExactlyInAnyOrderElementsOf(Set.of(ArchiveProblem.class.getPermittedSubclasses()));
    }

    @Test
    void everyFieldThePlannerNamesIsSaid() {
        Set<String> used = SAID.keySet().stream().flatMap(p -> java.util.Arrays.stream(p.getClass().getRecordComponents())
                .map(c -> read(c, p))).filter(Field.class::isInstance).map(Field.class::cast)
                .map(f -> "rejected.manifest.field." + f.part().key() + "." + f.name()).collect(Collectors.toSet());
        assertThat(used).isEqualTo(TestWords.ENGLISH.keys("rejected.manifest.field."));
    }

    private static Object read(java.lang.reflect.RecordComponent component, Object value) {
        try {
            return component.getAccessor().invoke(value);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
