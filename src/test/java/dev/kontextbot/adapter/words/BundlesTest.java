package dev.kontextbot.adapter.words;

import com.ibm.icu.text.MessageFormat;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every language is complete and says the same things: the same keys in every bundle, the same placeholders in each
 * sentence, and patterns ICU can read. And the adapters write no sentence of their own outside the bundles.
 */
class BundlesTest {
    private static final Path ADAPTERS = Path.of("src/main/java/dev/kontextbot/adapter");

    /**
     * Sources the scan skips, each for a reason. Operators' words (logs, /healthz, startup errors, toString) are not
     * a user's; the others are what is left to move into bundles (see docs/contributing.md, "Adding a language").
     */
    private static final Map<String, String> NOT_SCANNED = Map.ofEntries(
            Map.entry("chat/LoginCheck.java", "operator: why a login failed, for the log and /healthz"),
            Map.entry("discord/DiscordBot.java", "operator: health and startup lines"),
            Map.entry("chat/PlatformConnector.java", "operator: why a platform is not connected, for the log, /healthz and the banner"),
            Map.entry("discord/DiscordSettings.java", "operator: toString"),
            Map.entry("discord/GatewayQueue.java", "operator: gateway failures"),
            Map.entry("discord/ShardStates.java", "operator: shard health"),
            Map.entry("health/HealthRegistry.java", "operator: /healthz"),
            Map.entry("slack/SlackLogin.java", "operator: login failures"),
            Map.entry("slack/SlackSettings.java", "operator: toString"),
            Map.entry("slack/SlackSockets.java", "operator: Socket Mode health"),
            Map.entry("slack/SocketUrls.java", "operator: Socket Mode URLs"),
            Map.entry("slack/SlackBot.java", "operator: health lines and Slack's HTTP error bodies (API field values)"),
            // Owned by the commands scope (command catalogue, parsing, help, settings' describe): bundle words/commands.
            Map.entry("discord/KontextCommands.java", "commands: command declarations"),
            Map.entry("discord/CommandOptions.java", "commands: parsing"),
            Map.entry("slack/SlackCommand.java", "commands: parsing (its replies are in words/slack)"),
            Map.entry("slack/SlackParams.java", "commands: parsing"));
    /** Literals that are no sentence: values of a protocol, lists of wire names, a reason the answer replaces (413). */
    private static final Set<String> NOT_SENTENCES = Set.of("Bearer ", "too large",
            "input, square, square_hd, portrait_4_3, portrait_16_9, landscape_4_3, landscape_16_9");
    /** A string literal handed to something that shows it to a person, or returned (adapters return their answers). */
    private static final Pattern SHOWN = Pattern.compile("(?:\\b(?:reply|sendMessage|setContent|addContent|editOriginal|toPerson|toThread"
            + "|secondary|primary|success|danger|of|plainText|markdownText|create|Refused|refused|text|title|initialComment|setPlaceholder"
            + "|error|append|failed|Answer|ApiInputException|EngineRejection|RefusedRequest|HttpResponseException)\\s*\\(|\\breturn\\s+)"
            + "[^;]*?\"");
    private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
    /** A word and a space: a sentence or a piece of one ("Saved ", " variant(s)"). */
    private static final Pattern WORDS = Pattern.compile("(?=.*[A-Za-z]{2,}).* .*");

    /**
     * Besides English's keys a language has only the names of commands and options in that language ({@code
     * command.X.name}, {@code option.X.name}, for Discord's name_localizations), each beside its described command or
     * option: in English a name is the catalogue's own, so it has no key there.
     */
    @Test
    void everyLanguageHasEveryKeyOfEnglishAndNoOther() {
        for (String bundle : Languages.BUNDLES) {
            Set<String> english = Languages.ownPatterns(bundle, Locale.ENGLISH).keySet();
            for (Locale language : Languages.SPOKEN) {
                Set<String> own = new TreeSet<>(Languages.ownPatterns(bundle, language).keySet());
                own.removeIf(key -> (key.startsWith("command.") || key.startsWith("option.")) && key.endsWith(".name")
                        && english.contains(key.substring(0, key.length() - ".name".length()) + ".description"));
                assertThat(own).as("the keys of %s in %s", bundle, language).isEqualTo(new TreeSet<>(english));
            }
        }
    }

    @Test
    void eachSentenceHasTheSamePlaceholdersInEveryLanguage() {
        for (String bundle : Languages.BUNDLES) {
            Map<String, String> english = Languages.ownPatterns(bundle, Locale.ENGLISH);
            for (Locale language : Languages.SPOKEN) {
                Languages.ownPatterns(bundle, language).entrySet().stream().filter(e -> english.containsKey(e.getKey()))
                        .forEach(e -> assertThat(placeholders(e.getValue()))
                                .as("the placeholders of %s in %s", e.getKey(), language).isEqualTo(placeholders(english.get(e.getKey()))));
            }
        }
    }

    @Test
    void theBundlesLoadWithEachKeyInOneBundleOnly() {
        // Languages.load() refuses a key in two bundles; English and German both load.
        Languages languages = Languages.load();
        assertThat(languages.in(Locale.GERMAN).say("apology.sorry")).isNotEqualTo(languages.in(Locale.ENGLISH).say("apology.sorry"));
    }

    @Test
    void theAdaptersShowNoSentenceOutsideTheBundles() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> sources = Files.walk(ADAPTERS)) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                String name = ADAPTERS.relativize(source).toString().replace('\\', '/');
                if (!NOT_SCANNED.containsKey(name)) {
                    found.addAll(sentences(name, Files.readAllLines(source)));
                }
            }
        }
        assertThat(found).as("sentences written in adapter code instead of a bundle").isEmpty();
    }

    @Test
    void theScanFindsASentenceHandedToAPerson() {
        assertThat(sentences("X.java", List.of("        e.reply(\"That message has no image.\").queue();",
                "        return \"Saved \" + describe();", "        log.warn(\"a Slack call failed: {}\", why);",
                "        return words.say(\"slack.press.info\", \"prompt\", prompt);"))).hasSize(2);
    }

    private static List<String> sentences(String name, List<String> lines) {
        List<String> found = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String code = line.strip();
            if (code.startsWith("*") || code.startsWith("/") || line.contains("log.") || !SHOWN.matcher(line).find()) {
                continue;
            }
            Matcher literal = LITERAL.matcher(line);
            while (literal.find()) {
                String text = literal.group(1);
                if (WORDS.matcher(text).find() && !NOT_SENTENCES.contains(text)) {
                    found.add(name + ":" + (i + 1) + " \"" + text + "\"");
                }
            }
        }
        return found;
    }

    private static Set<String> placeholders(String pattern) {
        return new TreeSet<>(new MessageFormat(pattern, Locale.ROOT).getArgumentNames());
    }
}
