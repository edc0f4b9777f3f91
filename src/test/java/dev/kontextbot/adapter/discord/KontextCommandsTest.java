package dev.kontextbot.adapter.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kontextbot.adapter.chat.commands.CommandCatalogue;
import dev.kontextbot.adapter.words.Languages;
import dev.kontextbot.engine.catalogue.ModelChoice;
import dev.kontextbot.engine.catalogue.ModelPrice;
import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.Unavailability;
import net.dv8tion.jda.api.interactions.commands.build.CommandData;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The command tree Discord gets is the catalogue's, in every language the bot speaks, within Discord's rules. */
class KontextCommandsTest {
    /** Discord's rule for command and option names (lower case where the script has case, 1-32 characters, no spaces). */
    private static final String NAME = "^[-_\\p{L}\\p{N}]{1,32}$";

    private final KontextCommands commands = new KontextCommands(new CommandCatalogue(), Languages.load());

    @Test
    void everyNameAndDescriptionKeepsDiscordsRulesInEveryLanguage() throws Exception {
        JsonNode slash = json(commands.all(models(5)).get(0));
        List<JsonNode> named = new ArrayList<>();
        collect(slash, named);

        assertThat(named).hasSizeGreaterThan(60);
        for (JsonNode node : named) {
            String where = node.get("name").asText();
            assertThat(node.get("name").asText()).as(where).matches(NAME).isLowerCase();
            assertThat(node.get("description").asText()).as(where).hasSizeBetween(1, 100).doesNotContain("{");
            assertThat(node.at("/name_localizations/de").asText()).as(where + " in German").matches(NAME).isLowerCase();
            assertThat(node.at("/description_localizations/de").asText()).as(where + " in German").hasSizeBetween(1, 100).doesNotContain("{");
            for (JsonNode choice : node.path("choices")) {
                assertThat(choice.get("name").asText()).hasSizeBetween(1, 100);
            }
        }
    }

    @Test
    void germanNamesAreRegisteredForCommandsOptionsAndChoices() throws Exception {
        JsonNode slash = json(commands.all(models(5)).get(0));
        JsonNode edit = child(slash, "edit");
        JsonNode settings = child(slash, "settings");

        assertThat(edit.at("/name_localizations/de").asText()).isEqualTo("bearbeiten");
        assertThat(edit.at("/description_localizations/de").asText()).startsWith("Ein Bild bearbeiten");
        assertThat(child(edit, "variants").at("/description_localizations/de").asText()).isEqualTo("Wie viele Varianten erzeugt werden (1-4)");
        assertThat(child(edit, "variants").get("max_value").asInt()).isEqualTo(4);
        assertThat(child(settings, "scope").at("/choices/1/name_localizations/de").asText()).isEqualTo("ganzer Server");
        assertThat(child(child(slash, "admin"), "roles").at("/name_localizations/de").asText()).isEqualTo("rollen");
        assertThat(json(commands.all(models(5)).get(1)).at("/name_localizations/de").asText()).isEqualTo("Mit Kontext bearbeiten");
    }

    @Test
    void theModelOptionListsTheModelsAndPastTwentyFiveAutocompletesThem() throws Exception {
        JsonNode few = child(child(json(commands.all(models(5)).get(0)), "new"), "model");
        JsonNode many = child(child(json(commands.all(models(30)).get(0)), "new"), "model");
        JsonNode allowed = child(child(child(json(commands.all(models(30)).get(0)), "admin"), "models"), "allowed");

        assertThat(few.get("choices")).hasSize(5);
        assertThat(many.path("choices")).isEmpty();
        assertThat(many.get("autocomplete").asBoolean()).isTrue();
        assertThat(allowed.get("choices")).hasSize(25);
        assertThat(allowed.at("/choices/0/name").asText()).isEqualTo("m0 only");
        assertThat(allowed.at("/choices/0/name_localizations/de").asText()).isEqualTo("nur m0");
    }

    @Test
    void aModelThatCannotBeUsedHereSaysSoInEachLanguage() throws Exception {
        List<ModelChoice> models = new ArrayList<>(models(1));
        models.add(new ModelChoice(new ModelId("flux-2-flex"), "FLUX.2 [flex]", Optional.empty(), Optional.of(new Unavailability.NeedsSetup(
                List.of(new Unavailability.Service("bfl", "BFL", Optional.of("BFL_API_KEY"))))), 100_000, new ModelPrice.PerImage(100_000), 1));
        JsonNode model = child(child(json(commands.all(models).get(0)), "new"), "model");

        assertThat(model.at("/choices/0/name").asText()).isEqualTo("m0 · Model 0");
        assertThat(model.at("/choices/0/name_localizations/de").isMissingNode()).isTrue();
        assertThat(model.at("/choices/1/name").asText()).isEqualTo("flux-2-flex · FLUX.2 [flex] (unavailable)");
        assertThat(model.at("/choices/1/name_localizations/de").asText()).isEqualTo("flux-2-flex · FLUX.2 [flex] (nicht verfügbar)");
    }

    @Test
    void slackOnlyCommandsAreNotOfferedOnDiscord() throws Exception {
        JsonNode slash = json(commands.all(models(1)).get(0));

        assertThat(slash.get("options").findValuesAsText("name")).contains("edit", "admin").doesNotContain("timeline", "defaults");
    }

    private static List<ModelChoice> models(int count) {
        return IntStream.range(0, count).mapToObj(i -> new ModelChoice(new ModelId("m" + i), "Model " + i, Optional.of("offline"),
                Optional.empty(), 0, dev.kontextbot.engine.catalogue.ModelPrice.FREE, 4)).toList();
    }

    private static JsonNode json(CommandData data) throws Exception {
        return new ObjectMapper().readTree(data.toData().toString());
    }

    private static JsonNode child(JsonNode parent, String name) {
        for (JsonNode option : parent.path("options")) {
            if (option.get("name").asText().equals(name)) {
                return option;
            }
        }
        throw new AssertionError("no option " + name + " in " + parent.get("name"));
    }

    private static void collect(JsonNode node, List<JsonNode> into) {
        into.add(node);
        node.path("options").forEach(child -> collect(child, into));
    }
}
