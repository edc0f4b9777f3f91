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

    /** A {@code /kontext} text as the command it names and what follows the word (with its leading space). */
    record Parsed(Command command, String rest) {
    }

    /**
     * The command {@code text} (stripped) names: a word alone when the command takes no required text ("settings"), a
     * word and more when it takes text or is a group ("new a cat", "admin budget …"); anything else is the bare command's
     * instruction, as the usage hint says.
     */
    Parsed parse(String text) {
        int space = text.indexOf(' ');
        String word = space < 0 ? text : text.substring(0, space);
        String rest = space < 0 ? "" : text.substring(space);
        return catalogue.root().subcommandsOn(Surface.SLACK).stream()
                .filter(c -> !catalogue.bareOn(Surface.SLACK, c) && c.name().equals(word))
                .filter(c -> space < 0 ? requiredText(c).isEmpty() : !c.subcommands().isEmpty() || requiredText(c).isPresent())
                .findFirst().map(c -> new Parsed(c, rest))
                .orElseGet(() -> new Parsed(bare(), text));
    }

    private Command bare() {
        return catalogue.root().subcommandsOn(Surface.SLACK).stream().filter(c -> catalogue.bareOn(Surface.SLACK, c)).findFirst().orElseThrow();
    }

    private static java.util.Optional<Option> requiredText(Command command) {
        return command.options().stream().filter(o -> o.required() && o.kind() == Option.Kind.TEXT).findFirst();
    }

    private String usage(Command command) {
        if (catalogue.bareOn(Surface.SLACK, command)) {
            return "<instruction>";
        }
        return command.name() + requiredText(command).map(o -> " <" + o.name() + ">").orElse("");
    }
}
