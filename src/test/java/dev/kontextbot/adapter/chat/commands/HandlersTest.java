package dev.kontextbot.adapter.chat.commands;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A surface's handlers and the catalogue agree, or the handlers are not built. */
class HandlersTest {
    private final Command group = new Command("kontext", "command.kontext", Set.of(Surface.DISCORD, Surface.SLACK), List.of(), List.of(
            new Command("new", "command.kontext.new", Set.of(Surface.DISCORD, Surface.SLACK), List.of(), List.of()),
            new Command("timeline", "command.kontext.timeline", Set.of(Surface.SLACK), List.of(), List.of())));

    @Test
    void aCommandTheSurfaceOffersWithoutAHandlerIsNotBuilt() {
        assertThatThrownBy(() -> Handlers.<Runnable>of(Surface.SLACK, group).on("new", () -> { }).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("without a handler: [timeline]");
    }

    @Test
    void aHandlerForACommandTheSurfaceDoesNotOfferIsNotBuilt() {
        assertThatThrownBy(() -> Handlers.<Runnable>of(Surface.DISCORD, group).on("new", () -> { }).on("timeline", () -> { }).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not in the catalogue for DISCORD: [timeline]");
    }

    @Test
    void twoHandlersForOneCommandAreRefused() {
        assertThatThrownBy(() -> Handlers.<Runnable>of(Surface.DISCORD, group).on("new", () -> { }).on("new", () -> { }))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("two handlers");
    }

    @Test
    void handlersThatMatchTheCatalogueAnswerByNameAndNothingElse() {
        Runnable generate = () -> { };
        Handlers<Runnable> handlers = Handlers.<Runnable>of(Surface.DISCORD, group).on("new", generate).build();

        assertThat(handlers.get("new")).containsSame(generate);
        assertThat(handlers.get("timeline")).isEmpty();
        assertThat(handlers.get(null)).isEmpty();
        assertThat(handlers.names()).containsExactly("new");
    }

    @Test
    void aCommandThatAnswersTheSameEverywhereIsBridgedOnEverySurfaceThatOffersItAndOnlyThere() {
        ChatCommand pong = request -> new ChatReply("pong");
        Command everywhere = new Command("kontext", "command.kontext", Set.of(Surface.DISCORD, Surface.SLACK), List.of(), List.of(
                new Command("new", "command.kontext.new", Set.of(Surface.DISCORD, Surface.SLACK), List.of(), List.of()),
                new Command("ping", "command.kontext.ping", Set.of(Surface.SLACK), List.of(), List.of()).answeredBy(core -> pong)));

        Handlers<ChatCommand> slack = Handlers.<ChatCommand>of(Surface.SLACK, everywhere).answering(null, bridged -> bridged)
                .on("new", request -> new ChatReply("new")).build();
        Handlers<ChatCommand> discord = Handlers.<ChatCommand>of(Surface.DISCORD, everywhere).answering(null, bridged -> bridged)
                .on("new", request -> new ChatReply("new")).build();

        assertThat(slack.get("ping")).containsSame(pong);
        assertThat(discord.names()).containsExactly("new");
        assertThatThrownBy(() -> Handlers.<ChatCommand>of(Surface.SLACK, everywhere).answering(null, bridged -> bridged).on("ping", pong))
                .as("a surface cannot answer it a second way").hasMessageContaining("two handlers");
    }
}
