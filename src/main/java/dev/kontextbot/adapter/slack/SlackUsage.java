package dev.kontextbot.adapter.slack;

import dev.kontextbot.adapter.chat.commands.Command;
import dev.kontextbot.adapter.chat.commands.CommandCatalogue;
import dev.kontextbot.adapter.chat.commands.Option;
import dev.kontextbot.adapter.chat.commands.Surface;

import java.util.List;

/**
 * {@code /kontext} as Slack offers it, from the {@link CommandCatalogue}: the words it understands before an
 * instruction, and the usage hint the app manifest shows (a test keeps {@code config/slack-app-manifest.yaml} equal to it).
 */
final class SlackUsage {
    private final CommandCatalogue catalogue;

    SlackUsage(CommandCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    /** Every word {@code /kontext} understands before an instruction ("new", "settings", …), in the catalogue's order. */
    List<String> subcommands() {
        return catalogue.root().subcommandsOn(Surface.SLACK).stream().filter(c -> !catalogue.bareOn(Surface.SLACK, c)).map(Command::name).toList();
    }

    /** "<instruction> | new <prompt> | settings | …": the bare command first, then each word with its required text. */
    String hint() {
        return String.join(" | ", catalogue.root().subcommandsOn(Surface.SLACK).stream().map(this::usage).toList());
    }

    private String usage(Command command) {
        if (catalogue.bareOn(Surface.SLACK, command)) {
            return "<instruction>";
        }
        return command.name() + command.options().stream().filter(o -> o.required() && o.kind() == Option.Kind.TEXT)
                .map(o -> " <" + o.name() + ">").findFirst().orElse("");
    }
}
