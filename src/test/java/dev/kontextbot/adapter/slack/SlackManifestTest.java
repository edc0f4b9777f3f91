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

import java.nio.file.Path;
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
