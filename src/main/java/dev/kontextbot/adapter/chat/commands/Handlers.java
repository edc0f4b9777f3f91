package dev.kontextbot.adapter.chat.commands;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Function;

import dev.kontextbot.adapter.chat.ChatServices;

/**
 * A surface's handler for each sub-command of a catalogue group, registered by name once, where the handlers are
 * built. Building fails when the catalogue offers a command on that surface that has no handler, or a handler names
 * a command the catalogue does not offer there: a new command cannot be declared and silently left unanswered.
 *
 * @param <H> what the surface calls to answer a command
 */
public final class Handlers<H> {
    private final Map<String, H> byName;

    private Handlers(Map<String, H> byName) {
        this.byName = Map.copyOf(byName);
    }

    /** Starts the handlers of {@code group}'s sub-commands as {@code surface} offers them. */
    public static <H> Builder<H> of(Surface surface, Command group) {
        return new Builder<>(surface, group);
    }

    /** The handler of the sub-command {@code name}, empty for a name the surface does not offer. */
    public Optional<H> get(String name) {
        return Optional.ofNullable(name).map(byName::get);
    }

    /** The names handled, for tests and logs. */
    public Set<String> names() {
        return new TreeSet<>(byName.keySet());
    }

    public static final class Builder<H> {
        private final Surface surface;
        private final Command group;
        private final Map<String, H> byName = new LinkedHashMap<>();

        private Builder(Surface surface, Command group) {
            this.surface = Objects.requireNonNull(surface, "surface");
            this.group = Objects.requireNonNull(group, "group");
        }

        public Builder<H> on(String name, H handler) {
            Objects.requireNonNull(handler, name);
            if (byName.putIfAbsent(name, handler) != null) {
                throw new IllegalStateException(surface + ": /" + group.name() + " " + name + " has two handlers");
            }
            return this;
        }

        /**
         * Registers every sub-command the surface offers that answers the same everywhere ({@link Command#neutral()}):
         * its handler, built from {@code core}, through the surface's {@code bridge} (how it acknowledges and renders).
         */
        public Builder<H> answering(ChatServices core, Function<ChatCommand, H> bridge) {
            return answering(core, (command, handler) -> bridge.apply(handler));
        }

        /** As {@link #answering(ChatServices, Function)}, for a bridge that reads each command its own way (Slack's words). */
        public Builder<H> answering(ChatServices core, BiFunction<Command, ChatCommand, H> bridge) {
            for (Command command : group.subcommandsOn(surface)) {
                command.neutral().ifPresent(handler -> on(command.name(), bridge.apply(command, handler.create(core))));
            }
            return this;
        }

        /** The handlers; fails naming every command of the catalogue left without one, and every handler it does not know. */
        public Handlers<H> build() {
            List<String> offered = group.subcommandsOn(surface).stream().map(Command::name).toList();
            List<String> unhandled = offered.stream().filter(name -> !byName.containsKey(name)).toList();
            List<String> unknown = byName.keySet().stream().filter(name -> !offered.contains(name)).toList();
            if (!unhandled.isEmpty() || !unknown.isEmpty()) {
                throw new IllegalStateException(surface + ": /" + group.name() + " offers " + offered + "; without a handler: " + unhandled
                        + "; handled but not in the catalogue for " + surface + ": " + unknown);
            }
            return new Handlers<>(byName);
        }
    }
}
