package dev.kontextbot.adapter.chat.commands;

import dev.kontextbot.adapter.words.Languages;
import dev.kontextbot.adapter.words.Words;
import dev.kontextbot.engine.catalogue.ModelChoice;
import dev.kontextbot.engine.model.ModelId;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Every command and option of the catalogue has its words in every language, and the help stays a single message. */
class CommandCatalogueTest {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)");

    private final CommandCatalogue catalogue = new CommandCatalogue();
    private final Languages languages = Languages.load();

    @Test
    void everyCommandAndOptionIsDescribedAndNamedInEveryLanguage() {
        List<String> keys = new ArrayList<>();
        collect(catalogue.root(), keys);
        for (Locale locale : languages.spoken()) {
            Words words = languages.in(locale);
            for (String key : keys) {
                assertThat(words.has(key + ".description")).as(key + " in " + locale).isTrue();
                if (!locale.equals(Languages.FALLBACK)) {
                    // Its own sentence, not English's: the file of that language has it.
                    assertThat(Languages.ownPatterns("words/commands", locale)).as(key + " in " + locale)
                            .containsKey(key + ".description").containsKey(key + ".name");
                }
            }
        }
    }

    @Test
    void eachLanguageFillsTheSamePlaceholdersAsEnglish() {
        var english = Languages.ownPatterns("words/commands", Locale.ENGLISH);
        var german = Languages.ownPatterns("words/commands", Locale.GERMAN);
        english.forEach((key, pattern) -> {
            if (german.containsKey(key)) {
                assertThat(placeholders(german.get(key))).as(key).isEqualTo(placeholders(pattern));
            }
        });
        assertThat(german.keySet()).containsAll(english.keySet());
    }

    @Test
    void theHelpOfEverySurfaceNamesItsCommandsAndFitsOneDiscordMessage() {
        List<ModelChoice> models = List.of(new ModelChoice(new ModelId("kontext-pro"), "FLUX.1 Kontext [pro]", Optional.of("offline"),
                Optional.empty(), 0, dev.kontextbot.engine.catalogue.ModelPrice.FREE, 4));
        Help help = new Help(catalogue);
        for (Locale locale : languages.spoken()) {
            String discord = help.text(Surface.DISCORD, languages.in(locale), models);
            assertThat(discord).as("Discord help in " + locale).hasSizeLessThan(2000).contains("kontext-pro").contains("--ar");
        }
        String english = help.text(Surface.DISCORD, languages.in(Locale.ENGLISH), models);
        assertThat(english).contains("• `/kontext edit` with an image", "• `/kontext usage` — What images cost", "• `/kontext admin` — Admins")
                .doesNotContain("/kontext timeline");
        assertThat(help.text(Surface.DISCORD, languages.in(Locale.GERMAN), models)).contains("• `/kontext verlauf` — Die Sitzung");
        assertThat(help.text(Surface.SLACK, languages.in(Locale.GERMAN), models))
                .contains("• `/kontext history` — Die Sitzung", "`/kontext <Anweisung>` bearbeitet das neueste Bild");
    }

    private static void collect(Command command, List<String> keys) {
        keys.add(command.key());
        command.options().forEach(option -> keys.add(option.key()));
        command.subcommands().forEach(sub -> collect(sub, keys));
    }

    private static java.util.Set<String> placeholders(String pattern) {
        Matcher m = PLACEHOLDER.matcher(pattern);
        return m.results().map(r -> r.group(1)).collect(Collectors.toSet());
    }
}
