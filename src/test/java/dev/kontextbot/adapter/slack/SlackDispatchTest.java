package dev.kontextbot.adapter.slack;

import dev.kontextbot.adapter.chat.ChatServicesOf;
import dev.kontextbot.adapter.chat.commands.Command;
import dev.kontextbot.adapter.chat.commands.CommandCatalogue;
import dev.kontextbot.adapter.chat.commands.Surface;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Slack answers exactly the words the catalogue offers on Slack, and reads them as its usage hint shows them. */
class SlackDispatchTest {
    private final CommandCatalogue catalogue = new CommandCatalogue();
    private final SlackUsage usage = new SlackUsage(catalogue);

    @Test
    void everyKontextWordOnSlackHasAHandlerAndNoOtherIsHandled() {
        SlackAdminCommand admin = new SlackAdminCommand(ChatServicesOf.commands(catalogue));
        SlackCommand command = new SlackCommand(ChatServicesOf.commands(catalogue), null, null, null, null, admin, null, null, Runnable::run);

        assertThat(command.handled()).isEqualTo(names(catalogue.root())).contains("edit", "timeline", "admin");
        assertThat(admin.handled()).isEqualTo(names(catalogue.root().subcommand(CommandCatalogue.ADMIN).orElseThrow()))
                .contains("defaults").doesNotContain("roles");
    }

    @Test
    void aWordWithoutOptionsCountsAloneAndAnythingMoreIsAnInstruction() {
        assertThat(parsed("settings")).isEqualTo("settings|");
        assertThat(parsed("help")).isEqualTo("help|");
        assertThat(parsed("settings for a cat")).isEqualTo("edit|settings for a cat");
        assertThat(parsed("make it blue")).isEqualTo("edit|make it blue");
    }

    @Test
    void newTakesItsPromptAndAloneIsAnInstruction() {
        assertThat(parsed("new a red fox")).isEqualTo("new| a red fox");
        assertThat(parsed("new")).isEqualTo("edit|new");
        assertThat(parsed("newer colours")).isEqualTo("edit|newer colours");
    }

    @Test
    void adminTakesWhatFollowsOrNothing() {
        assertThat(parsed("admin")).isEqualTo("admin|");
        assertThat(parsed("admin budget user 5")).isEqualTo("admin| budget user 5");
    }

    private String parsed(String text) {
        SlackUsage.Parsed parsed = usage.parse(text);
        return parsed.command().name() + "|" + parsed.rest();
    }

    private static Set<String> names(Command group) {
        return group.subcommandsOn(Surface.SLACK).stream().map(Command::name).collect(Collectors.toSet());
    }
}
