package dev.kontextbot.adapter.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.kontextbot.adapter.chat.commands.CommandCatalogue;
import dev.kontextbot.adapter.chat.commands.Help;
import dev.kontextbot.adapter.chat.commands.Surface;
import dev.kontextbot.adapter.words.Languages;
import dev.kontextbot.adapter.words.Words;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The manifest a workspace admin pastes must ask for what the adapter handles, and for nothing it does not use. */
class SlackManifestTest {

    @Test
    void theManifestMatchesWhatTheAdapterHandles() throws Exception {
        JsonNode manifest = new ObjectMapper(new YAMLFactory()).readTree(Path.of("config/slack-app-manifest.yaml").toFile());

        assertThat(manifest.at("/features/slash_commands/0/command").asText()).isEqualTo("/kontext");
        assertThat(manifest.at("/features/shortcuts/0/callback_id").asText()).isEqualTo(SlackModals.EDIT);
        assertThat(manifest.at("/features/shortcuts/0/type").asText()).isEqualTo("message");
        assertThat(manifest.at("/settings/socket_mode_enabled").asBoolean()).isTrue();
        assertThat(manifest.at("/settings/interactivity/is_enabled").asBoolean()).isTrue();
        assertThat(manifest.at("/settings/event_subscriptions/bot_events").toString())
                .contains("app_mention", "message.channels", "reaction_added", "reaction_removed");
        assertThat(manifest.at("/oauth_config/scopes/bot")).extracting(JsonNode::asText).containsExactlyInAnyOrder(
                "app_mentions:read", "channels:history", "groups:history", "im:history", "mpim:history", "chat:write",
                "commands", "files:read", "files:write", "reactions:read", "users:read");
    }

    @Test
    void theSlashCommandAndTheShortcutAreTheCatalogues() throws Exception {
        JsonNode manifest = new ObjectMapper(new YAMLFactory()).readTree(Path.of("config/slack-app-manifest.yaml").toFile());
        CommandCatalogue catalogue = new CommandCatalogue();
        Words english = Languages.load().in(Languages.FALLBACK);

        assertThat(manifest.at("/features/slash_commands/0/command").asText()).isEqualTo("/" + catalogue.root().name());
        assertThat(manifest.at("/features/slash_commands/0/usage_hint").asText()).isEqualTo(new SlackUsage(catalogue).hint());
        assertThat(manifest.at("/features/slash_commands/0/description").asText()).isEqualTo(english.say("command.kontext.manifest"));
        assertThat(manifest.at("/features/shortcuts/0/name").asText()).isEqualTo(CommandCatalogue.EDIT_MESSAGE);
        assertThat(manifest.at("/features/shortcuts/0/description").asText())
                .isEqualTo(english.say(CommandCatalogue.EDIT_MESSAGE_KEY + ".description"));
    }

    /**
     * Slack reads the manifest, not the code, so the slash command's description and usage hint are written into it
     * from the catalogue: {@code mvn test -Dtest=SlackManifestTest -Dkontext.manifest.write=true} rewrites those two
     * lines (and nothing else); without the property a manifest that disagrees fails with the lines it should have.
     */
    @Test
    void theManifestCarriesTheCataloguesDescriptionAndUsageHint() throws Exception {
        Path file = Path.of("config/slack-app-manifest.yaml");
        String checkedIn = Files.readString(file);
        String expected = withSlashCommand(checkedIn, Languages.load().in(Languages.FALLBACK).say("command.kontext.manifest"),
                new SlackUsage(new CommandCatalogue()).hint());
        if (!expected.equals(checkedIn) && Boolean.getBoolean("kontext.manifest.write")) {
            Files.writeString(file, expected);
            checkedIn = expected;
        }
        assertThat(checkedIn).as("config/slack-app-manifest.yaml; run mvn test -Dtest=SlackManifestTest -Dkontext.manifest.write=true to write it")
                .isEqualTo(expected);
    }

    @Test
    void theGeneratorRewritesOnlyTheSlashCommandsDescriptionAndHint() {
        String manifest = """
                display_information:
                  description: The app.
                features:
                  slash_commands:
                    - command: /kontext
                      description: old
                      usage_hint: "old"
                  shortcuts:
                    - description: Edit this
                """;

        assertThat(withSlashCommand(manifest, "Edit: or \"generate\"", "<instruction> | new <prompt>")).isEqualTo("""
                display_information:
                  description: The app.
                features:
                  slash_commands:
                    - command: /kontext
                      description: "Edit: or \\"generate\\""
                      usage_hint: "<instruction> | new <prompt>"
                  shortcuts:
                    - description: Edit this
                """);
    }

    /** {@code manifest} with the first slash command's description and usage hint replaced; every other line as it was. */
    static String withSlashCommand(String manifest, String description, String hint) {
        List<String> lines = new ArrayList<>(manifest.lines().toList());
        int command = lines.indexOf(lines.stream().filter(l -> l.strip().startsWith("- command: /")).findFirst().orElseThrow());
        for (int i = command + 1; i < lines.size() && lines.get(i).startsWith(" ".repeat(lines.get(command).indexOf('-') + 2)); i++) {
            String line = lines.get(i);
            String indent = line.substring(0, line.indexOf(line.strip()));
            if (line.strip().startsWith("description:")) {
                lines.set(i, indent + "description: " + scalar(description));
            } else if (line.strip().startsWith("usage_hint:")) {
                lines.set(i, indent + "usage_hint: \"" + escaped(hint) + "\"");
            }
        }
        return String.join("\n", lines) + (manifest.endsWith("\n") ? "\n" : "");
    }

    /** Plain when YAML reads it back as written, quoted otherwise. */
    private static String scalar(String text) {
        return text.matches("[A-Za-z0-9][^:#\"'\\\\]*") && !text.endsWith(" ") ? text : "\"" + escaped(text) + "\"";
    }

    private static String escaped(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    @Test
    void theUsageHintAndTheHelpNameEverySubcommandAndDirectMessagesAreOpen() throws Exception {
        JsonNode manifest = new ObjectMapper(new YAMLFactory()).readTree(Path.of("config/slack-app-manifest.yaml").toFile());
        String hint = manifest.at("/features/slash_commands/0/usage_hint").asText();
        String help = new Help(new CommandCatalogue()).text(Surface.SLACK, Languages.load().in(Languages.FALLBACK), List.of());
        List<String> subcommands = new SlackUsage(new CommandCatalogue()).subcommands();

        assertThat(subcommands).contains("new", "settings", "history", "usage", "timeline", "export", "admin", "help").doesNotContain("edit");
        assertThat(subcommands).allSatisfy(sub -> {
            assertThat(hint).containsPattern("(^|\\| )" + sub + "( |$)");
            assertThat(help).contains("/kontext " + sub);
        });
        assertThat(help).contains("`/kontext <instruction>` edits the latest image posted in this channel.");
        assertThat(manifest.at("/features/app_home/messages_tab_enabled").asBoolean()).isTrue();
        assertThat(manifest.at("/features/app_home/messages_tab_read_only_enabled").asBoolean()).isFalse();
    }
}
