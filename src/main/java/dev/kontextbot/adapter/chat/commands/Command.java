package dev.kontextbot.adapter.chat.commands;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A command or a group of sub-commands, as declared once in {@link CommandCatalogue}. Its words are in the bundle
 * {@code words/commands}: {@code key + ".description"} (at most 100 characters, Discord's limit), optionally
 * {@code key + ".help"} (a longer line for the help), and in every language but English {@code key + ".name"}, the
 * name Discord shows in that language (English names are the catalogue's own, which every surface parses).
 *
 * @param name        what people type, lower case
 * @param surfaces    where it is offered
 * @param options     its options (a group has none)
 * @param subcommands its sub-commands (a leaf has none)
 * @param neutral     its handler when it answers the same on every surface; empty when each surface handles it
 */
public record Command(String name, String key, Set<Surface> surfaces, List<Option> options, List<Command> subcommands,
                      Optional<ChatCommand.Factory> neutral) {

    /** A command each surface handles itself. */
    public Command(String name, String key, Set<Surface> surfaces, List<Option> options, List<Command> subcommands) {
        this(name, key, surfaces, options, subcommands, Optional.empty());
    }

    public Command {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(key, "key");
        surfaces = Set.copyOf(surfaces);
        options = List.copyOf(options);
        subcommands = List.copyOf(subcommands);
        Objects.requireNonNull(neutral, "neutral");
        if (neutral.isPresent() && !subcommands.isEmpty()) {
            throw new IllegalArgumentException(name + ": a group's sub-commands are answered, not the group");
        }
        if (!options.isEmpty() && !subcommands.isEmpty()) {
            throw new IllegalArgumentException(name + ": a command has options or sub-commands, not both");
        }
    }

    /** The same command answered by one handler on every surface that offers it. */
    public Command answeredBy(ChatCommand.Factory handler) {
        return new Command(name, key, surfaces, options, subcommands, Optional.of(handler));
    }

    public String descriptionKey() {
        return key + ".description";
    }

    public String helpKey() {
        return key + ".help";
    }

    public String nameKey() {
        return key + ".name";
    }

    public boolean offeredOn(Surface surface) {
        return surfaces.contains(surface);
    }

    /** The sub-commands offered on {@code surface}, in their order. */
    public List<Command> subcommandsOn(Surface surface) {
        return subcommands.stream().filter(c -> c.offeredOn(surface)).toList();
    }

    public Optional<Command> subcommand(String subName) {
        return subcommands.stream().filter(c -> c.name.equals(subName)).findFirst();
    }

    public Optional<Option> option(String optionName) {
        return options.stream().filter(o -> o.name().equals(optionName)).findFirst();
    }
}
