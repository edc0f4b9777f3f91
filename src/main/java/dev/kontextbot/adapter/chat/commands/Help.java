package dev.kontextbot.adapter.chat.commands;

import dev.kontextbot.adapter.chat.ModelListText;
import dev.kontextbot.adapter.words.Words;
import dev.kontextbot.engine.InstructionFlags;
import dev.kontextbot.engine.catalogue.ModelChoice;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The help of a surface: what every surface says about editing, then one line per command the catalogue offers
 * there, then the models. Its words are in {@code words/commands}: {@code help.<surface>} and each command's
 * {@code .help} (else its description).
 */
public final class Help {
    private final CommandCatalogue catalogue;

    public Help(CommandCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    /** {@code models}: what this bot serves, as the model catalogue lists them. */
    public String text(Surface surface, Words words, List<ModelChoice> models) {
        String where = surface.name().toLowerCase(Locale.ROOT);
        List<String> lines = new ArrayList<>();
        lines.add(words.say("help." + where, "flags", InstructionFlags.SUMMARY));
        Command root = catalogue.root();
        for (Command command : root.subcommandsOn(surface)) {
            lines.add("• `" + usage(surface, words, root, command) + "` " + what(surface, words, command));
        }
        lines.add(words.say("help." + where + ".models", "models", ModelListText.ids(models)));
        return String.join("\n", lines);
    }

    /**
     * How the command is typed: {@code /kontext edit}, Slack's bare {@code /kontext <instruction>}, German Discord's
     * {@code /kontext bearbeiten} (Discord shows the names in the person's language; Slack parses the catalogue's).
     */
    private String usage(Surface surface, Words words, Command root, Command command) {
        if (catalogue.bareOn(surface, command)) {
            return "/" + root.name() + " <" + words.say("help.instruction") + ">";
        }
        return "/" + name(surface, words, root) + " " + name(surface, words, command);
    }

    private static String name(Surface surface, Words words, Command command) {
        return surface == Surface.DISCORD && words.has(command.nameKey()) ? words.say(command.nameKey()) : command.name();
    }

    private static String what(Surface surface, Words words, Command command) {
        String own = command.key() + "." + surface.name().toLowerCase(Locale.ROOT);
        if (words.has(own)) {
            return words.say(own);
        }
        return words.has(command.helpKey()) ? words.say(command.helpKey()) : "— " + words.say(command.descriptionKey()) + ".";
    }
}
