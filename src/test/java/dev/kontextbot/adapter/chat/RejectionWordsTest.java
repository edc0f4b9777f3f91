package dev.kontextbot.adapter.chat;

import dev.kontextbot.adapter.discord.CommandOptionsProbe;
import dev.kontextbot.adapter.words.TestWords;
import dev.kontextbot.engine.FlagReading;
import dev.kontextbot.engine.image.ImageInspector;
import dev.kontextbot.engine.image.UnusableImageException;
import dev.kontextbot.engine.model.AspectRatio;
import dev.kontextbot.engine.catalogue.Money;
import dev.kontextbot.engine.model.EngineRejection;
import dev.kontextbot.engine.model.InvalidParameterException;
import dev.kontextbot.engine.policy.TenantPolicy;
import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.OutputFormat;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Rejected;
import dev.kontextbot.engine.model.TurnStatus;
import dev.kontextbot.testing.CraftedImages;
import dev.kontextbot.testing.TestImages;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class RejectionWordsTest {
    private static final RejectionWords WORDS = new RejectionWords();
    private static final ImageInspector INSPECTOR = new ImageInspector(2_000_000, 10_000_000);

    /** What a German speaker reads for each way the engine rejects a value, by what the person did. */
    private static final Map<Runnable, String> GERMAN = new LinkedHashMap<>();

    static {
        GERMAN.put(() -> ParamOverrides.builder().numImages(5).build().resolve(() -> 0L),
                "num_images muss zwischen 1 und 4 liegen, nicht 5");
        GERMAN.put(() -> ParamOverrides.builder().safetyTolerance(9).build().resolve(() -> 0L),
                "safety_tolerance muss zwischen 0 (am strengsten) und 6 liegen, nicht 9");
        GERMAN.put(() -> AspectRatio.parse("7:3"), "aspect_ratio muss eines von " + AspectRatio.names() + " sein, nicht '7:3'");
        GERMAN.put(() -> OutputFormat.parse("gif"), "output_format muss jpeg, png oder webp sein, nicht 'gif'");
        GERMAN.put(() -> new ModelId("Flux*2"), "eine Modell-ID besteht aus Kleinbuchstaben, Ziffern, '-', '.' oder '_' (bis zu 16), nicht 'Flux*2'");
        GERMAN.put(() -> FlagReading.read("sepia --ar 7:3"), "--ar 7:3: das Seitenverhältnis muss eines von 1:1, 3:4, 9:16, 4:3, 16:9 sein (oder "
                + AspectRatio.names() + ").");
        GERMAN.put(() -> FlagReading.read("sepia --sparkle"), "Das Flag --sparkle kenne ich nicht. Die Flags sind: ");
        GERMAN.put(() -> FlagReading.read("sepia --seed"), "--seed braucht einen Wert, zum Beispiel --seed 42.");
        GERMAN.put(() -> FlagReading.read("sepia --seed 1 --seed 2"), "--seed ist doppelt angegeben; behalte eines.");
        GERMAN.put(() -> FlagReading.read("sepia --seed many"), "--seed many: der Wert muss eine ganze Zahl sein, nicht 'many'.");
        GERMAN.put(() -> FlagReading.read("sepia --guidance lots"), "--guidance lots: der Wert muss eine Zahl wie 3,5 sein, nicht 'lots'.");
        GERMAN.put(() -> FlagReading.read("sepia --n 9"), "--n 9: num_images muss zwischen 1 und 4 liegen, nicht 9.");
        GERMAN.put(() -> FlagReading.read("sepia --model flux*2"), "--model flux*2: eine Modell-ID besteht aus");
        GERMAN.put(() -> FlagReading.read("sepia --format gif"), "--format gif: output_format muss jpeg, png oder webp sein, nicht 'gif'.");
        GERMAN.put(() -> CommandOptionsProbe.seed("many"), "seed muss eine ganze Zahl sein, nicht 'many'");
        GERMAN.put(() -> CommandOptionsProbe.guidance("lots"), "guidance muss eine Zahl wie 3,5 sein, nicht 'lots'");
        GERMAN.put(() -> Money.parseDollars("lots"), "'lots' ist kein Dollarbetrag; schreib ihn wie 2.50.");
        GERMAN.put(() -> Money.parseDollars("-3"), "Ein Budget ist ein Dollarbetrag von 0 (kein Budget) bis " + Money.format(Money.MAX_MICROS) + ", nicht -3.0.");
        GERMAN.put(() -> TenantPolicy.NONE.withUserPerDay(-1L), "Ein Budget ist ein Dollarbetrag von 0 (kein Budget) bis " + Money.format(Money.MAX_MICROS) + ".");
        GERMAN.put(() -> TenantPolicy.NONE.withMaxSafety(9), "Das höchste safety_tolerance muss zwischen 0 (am strengsten) und 6 liegen, nicht 9.");
        GERMAN.put(() -> TenantPolicy.NONE.withVotesToPick(1000), "Die Stimmen zum Auswählen müssen zwischen 0 (nur wer die Sitzung begonnen hat, wählt) und 100 liegen, nicht 1000.");
        GERMAN.put(() -> TenantPolicy.NONE.withChannels(java.util.stream.IntStream.range(0, 101).mapToObj(i -> "c" + i).collect(Collectors.toSet())),
                "Höchstens 100 Kanäle können aufgeführt werden.");
        GERMAN.put(() -> TenantPolicy.NONE.withRoles(Set.of("a,b")), "'a,b' ist keine Rollen-ID.");
        GERMAN.put(() -> TenantPolicy.NONE.withModels(java.util.stream.IntStream.range(0, 400).mapToObj(i -> new ModelId("model-" + i)).collect(Collectors.toSet())),
                "Das sind zu viele Modelle für eine Liste (400); erlaube weniger oder alle.");
        GERMAN.put(() -> INSPECTOR.inspect(new byte[0]), "Die Datei ist leer.");
        GERMAN.put(() -> INSPECTOR.inspect(new byte[2_500_000]), "Das Bild hat 2,4 MB; die Grenze liegt bei 1,9 MB.");
        GERMAN.put(() -> INSPECTOR.inspect("%PDF-1.7".getBytes(StandardCharsets.US_ASCII)), "Diese Datei ist kein Bild, das ich verwenden kann.");
        GERMAN.put(() -> INSPECTOR.inspect(new byte[]{(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0, 0}), "Das JPG-Bild ist beschädigt oder unlesbar");
        GERMAN.put(() -> INSPECTOR.inspect(CraftedImages.png(60_000, 60_000)), "Das Bild hat 60000×60000 Pixel; die Grenze liegt bei 10 Megapixeln.");
        GERMAN.put(() -> INSPECTOR.inspect(withTrailingZip(TestImages.encode(TestImages.drawn(8, 8, (x, y) -> 0x336699), "png"))),
                "Diese PNG-Datei enthält nach dem Bild noch weitere Daten");
        GERMAN.put(() -> INSPECTOR.decoder().decode(CraftedImages.avif(8, 8), java.awt.image.BufferedImage::getWidth),
                "Das AVIF-Bild kann hier nicht geöffnet, nur unverändert weitergegeben werden.");
    }

    private static byte[] withTrailingZip(byte[] image) {
        byte[] polyglot = java.util.Arrays.copyOf(image, image.length + 200);
        polyglot[image.length] = 'P';
        polyglot[image.length + 1] = 'K';
        polyglot[image.length + 2] = 3;
        polyglot[image.length + 3] = 4;
        return polyglot;
    }

    @Test
    void englishIsTheEngineOwnSentenceForEveryRejection() {
        GERMAN.keySet().forEach(doing -> {
            Thrown e = rejection(doing);
            assertThat(WORDS.say(e.rejected().orElseThrow(), TestWords.ENGLISH)).isEqualTo(e.message());
        });
    }

    @Test
    void germanSaysEveryRejection() {
        GERMAN.forEach((doing, german) -> assertThat(WORDS.say(rejection(doing).rejected().orElseThrow(), TestWords.GERMAN)).startsWith(german));
    }

    @Test
    void everyKindOfRejectionIsSaidInGerman() {
        Set<Class<?>> said = GERMAN.keySet().stream().map(RejectionWordsTest::rejection)
                .flatMap(e -> kinds(e.rejected().orElseThrow())).collect(Collectors.toCollection(java.util.HashSet::new));
        said.add(Rejected.NthImage.class);
        ON_SESSIONS.keySet().forEach(rejected -> said.add(rejected.getClass())); // the intake numbers a turn's images: theNumberOfAReferenceImageGoesBeforeWhatIsWrongWithIt
        assertThat(said).containsAll(Set.of(Rejected.class.getPermittedSubclasses()));
    }

    /** Rejections of a command on a session (the engine's own sentences are asserted in ConversationEngineTest). */
    private static final Map<Rejected, List<String>> ON_SESSIONS = new LinkedHashMap<>();

    static {
        ON_SESSIONS.put(new Rejected.NoInstruction(), List.of("Write an instruction, for example \"make the jacket red\".",
                "Schreib eine Anweisung, zum Beispiel „mach die Jacke rot“."));
        ON_SESSIONS.put(new Rejected.InstructionTooLong(2100, 2000), List.of("The instruction is 2100 characters long; keep it under 2000.",
                "Die Anweisung ist 2100 Zeichen lang; bleib unter 2000."));
        ON_SESSIONS.put(new Rejected.ThreadHasSession(true), List.of("This thread already has a session; reply in it to continue.",
                "Dieser Thread hat schon eine Sitzung; antworte darin, um weiterzumachen."));
        ON_SESSIONS.put(new Rejected.ThreadHasSession(false), List.of("That thread already has a session.", "Dieser Thread hat schon eine Sitzung."));
        ON_SESSIONS.put(new Rejected.TurnNotStarted(), List.of("That turn has not started yet; wait for it before running it again.",
                "Dieser Schritt hat noch nicht begonnen; warte auf ihn, bevor du ihn noch einmal ausführst."));
        ON_SESSIONS.put(new Rejected.OnlyStarterPicks(), List.of("Here only the person who started the session picks its head; votes don't pick.",
                "Hier wählt nur, wer die Sitzung begonnen hat, ihr aktuelles Bild; Abstimmungen wählen nicht."));
        ON_SESSIONS.put(new Rejected.NothingToUndo(), List.of("There is nothing to undo: the head is the session's first image.",
                "Es gibt nichts rückgängig zu machen: Das aktuelle Bild ist das erste der Sitzung."));
        ON_SESSIONS.put(new Rejected.NothingToRedo(), List.of("There is nothing to redo: nothing was undone since the head last changed.",
                "Es gibt nichts wiederherzustellen: Seit der letzten Änderung des aktuellen Bildes wurde nichts rückgängig gemacht."));
        ON_SESSIONS.put(new Rejected.TurnEnded(TurnStatus.DONE), List.of("That turn has already ended (done).",
                "Dieser Schritt ist schon beendet (" + TestWords.GERMAN.say("picture.turn.status.done") + ")."));
        ON_SESSIONS.put(new Rejected.TurnHasNoImages(TurnStatus.FAILED), List.of("That turn has no images (it is failed).",
                "Dieser Schritt hat keine Bilder (er ist " + TestWords.GERMAN.say("picture.turn.status.failed") + ")."));
        ON_SESSIONS.put(new Rejected.ServiceResting(3), List.of("The image service is unavailable right now; try again in 3 min.",
                "Der Bilddienst ist gerade nicht erreichbar; versuch es in 3 min noch einmal."));
        ON_SESSIONS.put(new Rejected.ArchiveNotZip(), List.of("That file is not a zip archive. Import a .zip exported from kontext-bot.",
                "Diese Datei ist kein Zip-Archiv. Importiere eine von kontext-bot exportierte .zip-Datei."));
        ON_SESSIONS.put(new Rejected.ArchiveTooLarge(50L * 1_048_576), List.of("The archive is larger than 50.0 MB, the most that can be imported.",
                "Das Archiv ist größer als 50,0 MB, mehr kann nicht importiert werden."));
        ON_SESSIONS.put(new Rejected.ArchiveExportTooLarge(12345, 5L * 1024 * 1024 * 1024 + 10), List.of("Session 12345 is too large to export as one zip (5120 MB).",
                "Sitzung 12345 ist zu groß, um sie als eine Zip-Datei zu exportieren (5120 MB)."));
        ON_SESSIONS.put(new Rejected.ArchiveNoManifest(), List.of("The archive has no manifest.json: it is not a session exported from kontext-bot.",
                "Das Archiv hat keine manifest.json: Es ist keine von kontext-bot exportierte Sitzung."));
        ON_SESSIONS.put(new Rejected.ArchiveNotAManifest("kontext-bot-session"),
                List.of("manifest.json is not a kontext-bot session manifest (its format is not 'kontext-bot-session').",
                        "manifest.json ist kein Sitzungsmanifest von kontext-bot (sein Format ist nicht 'kontext-bot-session')."));
        ON_SESSIONS.put(new Rejected.ArchiveVersion("7", 3), List.of("The archive is format version 7; this kontext-bot imports versions 1 to 3.",
                "Das Archiv hat die Formatversion 7; dieser kontext-bot importiert die Versionen 1 bis 3."));
        ON_SESSIONS.put(new Rejected.ArchiveImage("images/a.png", new Rejected.NotAnImage()),
                List.of("images/a.png: That file is not an image I can use. Send a JPG, PNG, WebP, GIF or AVIF image.",
                        "images/a.png: Diese Datei ist kein Bild, das ich verwenden kann. Schick ein JPG-, PNG-, WebP-, GIF- oder AVIF-Bild."));
        ON_SESSIONS.put(new Rejected.ArchiveManifestProblem(new dev.kontextbot.engine.model.ArchiveProblem.NoSession()),
                List.of("manifest.json has no session.", "manifest.json enthält keine Sitzung.")); // every kind: ArchiveProblemWordsTest
        ON_SESSIONS.put(new Rejected.ArchiveImageChanged("images/a.png"),
                List.of("images/a.png is not the image manifest.json lists (its sha-256 differs): the archive was changed or damaged.",
                        "images/a.png ist nicht das Bild, das manifest.json aufführt (seine SHA-256 weicht ab): Das Archiv wurde verändert oder beschädigt."));
        ON_SESSIONS.put(new Rejected.ArchiveTooManyEntries(2000, 1000), List.of("The archive has 2000 entries; at most 1000 can be imported.",
                "Das Archiv hat 2000 Einträge; höchstens 1000 können importiert werden."));
        ON_SESSIONS.put(new Rejected.ArchiveEntryEscapes("images/../x"), List.of("The archive has an entry named 'images/../x' that points outside the archive; it was refused.",
                "Das Archiv hat einen Eintrag namens 'images/../x', der aus dem Archiv hinaus zeigt; er wurde abgelehnt."));
        ON_SESSIONS.put(new Rejected.ArchiveUnexpectedEntry("run.sh"), List.of("The archive has an unexpected entry 'run.sh': a session archive holds manifest.json and images/ only.",
                "Das Archiv hat einen unerwarteten Eintrag 'run.sh': Ein Sitzungsarchiv enthält nur manifest.json und images/."));
        ON_SESSIONS.put(new Rejected.ArchiveDuplicateEntry("manifest.json"), List.of("The archive has two entries named 'manifest.json'.",
                "Das Archiv hat zwei Einträge namens 'manifest.json'."));
        ON_SESSIONS.put(new Rejected.ArchiveEntryTooLarge("images/a.png", 30L * 1_048_576, 20L * 1_048_576),
                List.of("images/a.png unpacks to 30.0 MB; the limit is 20.0 MB.", "images/a.png entpackt sich zu 30,0 MB; die Grenze liegt bei 20,0 MB."));
        ON_SESSIONS.put(new Rejected.ArchiveUnpacksTooLarge(3L * 1_048_576 / 2, 1_048_576), List.of("The archive unpacks to 1.5 MB; the limit is 1.0 MB.",
                "Das Archiv entpackt sich zu 1,5 MB; die Grenze liegt bei 1,0 MB."));
        ON_SESSIONS.put(new Rejected.ArchiveMissingEntry("images/a.png"), List.of("The archive has no images/a.png.", "Dem Archiv fehlt images/a.png."));
        ON_SESSIONS.put(new Rejected.ArchiveEntryOverLimit("manifest.json", 1_048_576), List.of("manifest.json is larger than 1.0 MB.", "manifest.json ist größer als 1,0 MB."));
        ON_SESSIONS.put(new Rejected.ArchiveUnpacksOverLimit(1_048_576), List.of("The archive unpacks to more than 1.0 MB.", "Das Archiv entpackt sich zu mehr als 1,0 MB."));
        ON_SESSIONS.put(new Rejected.ArchiveDamaged("images/a.png", "invalid entry CRC"),
                List.of("The archive is damaged: images/a.png cannot be read (invalid entry CRC).",
                        "Das Archiv ist beschädigt: images/a.png kann nicht gelesen werden (invalid entry CRC)."));
        ON_SESSIONS.put(new Rejected.NoSession(12345), List.of("There is no session 12345.", "Es gibt keine Sitzung 12345."));
        ON_SESSIONS.put(new Rejected.NoTurn(12345, 67890), List.of("Session 12345 has no turn 67890.", "Sitzung 12345 hat keinen Schritt 67890."));
        ON_SESSIONS.put(new Rejected.NoVariant(3), List.of("That turn has no variant 3.", "Dieser Schritt hat keine Variante 3."));
    }

    @Test
    void aCommandOnASessionIsRefusedInEnglishAsBeforeAndInGerman() {
        ON_SESSIONS.forEach((rejected, said) -> {
            assertThat(WORDS.say(rejected, TestWords.ENGLISH)).isEqualTo(said.get(0));
            assertThat(WORDS.say(rejected, TestWords.GERMAN)).isEqualTo(said.get(1));
        });
    }

    @Test
    void theNumberOfAReferenceImageGoesBeforeWhatIsWrongWithIt() {
        Rejected second = new Rejected.NthImage(2, new Rejected.ImageEmpty());
        assertThat(WORDS.say(second, TestWords.ENGLISH)).isEqualTo("Image 2: The file is empty.");
        assertThat(WORDS.say(second, TestWords.GERMAN)).isEqualTo("Bild 2: Die Datei ist leer.");
    }

    @Test
    void aModelGivenNoneIsNamedWithItsChoices() {
        assertThat(WORDS.say(new Rejected.NotOneOf("model", null, java.util.List.of("pro", "max")), TestWords.GERMAN)).isEqualTo("model muss pro oder max sein");
        assertThat(WORDS.say(new Rejected.NotOneOf("model", null, java.util.List.of("pro", "max")), TestWords.ENGLISH)).isEqualTo("model must be pro or max");
    }

    private static java.util.stream.Stream<Class<?>> kinds(Rejected rejected) {
        Rejected inner = rejected instanceof Rejected.AtFlag at ? at.problem() : rejected instanceof Rejected.NthImage nth ? nth.problem() : null;
        return inner == null ? java.util.stream.Stream.of(rejected.getClass()) : java.util.stream.Stream.concat(java.util.stream.Stream.of(rejected.getClass()), kinds(inner));
    }

    /** What the engine threw, with its English message and its typed reason. */
    private record Thrown(String message, Optional<Rejected> rejected) {
    }

    private static Thrown rejection(Runnable doing) {
        RuntimeException e = catchThrowableOfType(doing::run, RuntimeException.class);
        assertThat(e).as("a rejection").isNotNull();
        Optional<Rejected> rejected = e instanceof InvalidParameterException invalid ? invalid.rejected()
                : e instanceof EngineRejection engine ? engine.rejected()
                : e instanceof UnusableImageException unusable ? Optional.ofNullable(unusable.rejected()) : Optional.empty();
        assertThat(rejected).as("typed: " + e).isPresent();
        return new Thrown(e.getMessage(), rejected);
    }
}
