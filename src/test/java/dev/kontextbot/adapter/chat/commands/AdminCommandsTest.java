package dev.kontextbot.adapter.chat.commands;

import dev.kontextbot.adapter.chat.ChatServicesOf;
import dev.kontextbot.adapter.words.TestWords;
import dev.kontextbot.adapter.words.Words;
import dev.kontextbot.engine.model.Platform;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /kontext admin show} and {@code log} answer the same on every surface from one handler, which itself refuses a
 * person who may not change the tenant's rules (who that is, is the surface's to say), before it reads any rule.
 */
class AdminCommandsTest {
    private final CommandCatalogue catalogue = new CommandCatalogue();
    private final Command admin = catalogue.root().subcommand(CommandCatalogue.ADMIN).orElseThrow();

    @Test
    void showAndLogAreOneHandlerForEverySurface() {
        for (String name : new String[] {CommandCatalogue.ADMIN_SHOW, CommandCatalogue.ADMIN_LOG}) {
            Command command = admin.subcommand(name).orElseThrow();
            assertThat(command.neutral()).as(name).isPresent();
            assertThat(command.offeredOn(Surface.DISCORD) && command.offeredOn(Surface.SLACK)).as(name).isTrue();
        }
    }

    @Test
    void aPersonWhoMayNotChangeTheRulesIsRefusedInTheirLanguageAndTheSurfacesWords() {
        // No policies behind these services: a handler that read the rules before refusing would fail here.
        var core = ChatServicesOf.commands(catalogue);
        for (String name : new String[] {CommandCatalogue.ADMIN_SHOW, CommandCatalogue.ADMIN_LOG}) {
            ChatCommand handler = admin.subcommand(name).orElseThrow().neutral().orElseThrow().create(core);
            assertThat(handler.answer(request(Surface.SLACK, TestWords.ENGLISH)).text())
                    .isEqualTo("Only workspace admins can see or change kontext's rules here.");
            assertThat(handler.answer(request(Surface.DISCORD, TestWords.ENGLISH)).text())
                    .isEqualTo("Only server admins (Manage Server) can see or change kontext's rules here.");
            assertThat(handler.answer(request(Surface.SLACK, TestWords.GERMAN)).text())
                    .isEqualTo("Nur Workspace-Admins können die Regeln von kontext hier sehen oder ändern.");
        }
    }

    private static ChatRequest request(Surface surface, Words words) {
        return new ChatRequest(surface, words, new Platform("test"), "T1", "C1", "U1", () -> false, Map.of(), new ChannelPlace());
    }
}
