package dev.kontextbot.adapter.discord;

import dev.kontextbot.adapter.chat.ChatServicesOf;
import dev.kontextbot.adapter.chat.commands.Command;
import dev.kontextbot.adapter.chat.commands.CommandCatalogue;
import dev.kontextbot.adapter.chat.commands.Surface;
import org.junit.jupiter.api.Test;

import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Discord answers exactly the commands the catalogue offers on Discord: building the listener fails otherwise. */
class DiscordDispatchTest {
    private final Command root = new CommandCatalogue().root();

    @Test
    void everyKontextCommandOnDiscordHasAHandlerAndNoOtherIsHandled() {
        DiscordListener listener = new DiscordListener(null, null, null, null, null, null, null, 0, null, null, null, null,
                ChatServicesOf.commands(new CommandCatalogue()));

        assertThat(listener.handled()).isEqualTo(names(root)).contains("edit", "new", "help", "admin").doesNotContain("timeline");
    }

    @Test
    void everyAdminCommandOnDiscordHasAHandlerAndNoOtherIsHandled() {
        PolicyCommands policy = new PolicyCommands(ChatServicesOf.commands(new CommandCatalogue()));

        assertThat(policy.handled()).isEqualTo(names(root.subcommand(CommandCatalogue.ADMIN).orElseThrow())).contains("roles")
                .doesNotContain("defaults");
    }

    private static java.util.Set<String> names(Command group) {
        return group.subcommandsOn(Surface.DISCORD).stream().map(Command::name).collect(Collectors.toSet());
    }
}
