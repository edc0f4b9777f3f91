package dev.kontextbot.adapter.discord;

import dev.kontextbot.adapter.chat.commands.CommandCatalogue;
import dev.kontextbot.adapter.chat.commands.Help;
import dev.kontextbot.adapter.chat.commands.Surface;
import dev.kontextbot.engine.ConversationEngine;
import dev.kontextbot.engine.SessionSnapshot;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Session;
import dev.kontextbot.testing.TestImages;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.channel.ChannelType;
import net.dv8tion.jda.api.entities.channel.concrete.PrivateChannel;
import net.dv8tion.jda.api.entities.channel.concrete.ThreadChannel;
import net.dv8tion.jda.api.entities.channel.middleman.GuildChannel;
import net.dv8tion.jda.api.entities.channel.unions.MessageChannelUnion;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.interactions.DiscordLocale;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.events.message.MessageReceivedEvent;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import net.dv8tion.jda.api.utils.messages.MessageEditData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.ArgumentCaptor;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;
import static dev.kontextbot.adapter.words.TestWords.ENGLISH;

/** The listener's translation, event → engine → what it asks JDA to post, with JDA's types mocked at the edge. */
class DiscordListenerTest {
    static final String GUILD = "100";
    static final String CHANNEL = "200";
    static final String THREAD = "300";

    @TempDir
    Path dir;
    DiscordUnitFixture f;
    MessageChannelUnion thread;

    @BeforeEach
    void start() {
        f = new DiscordUnitFixture(dir, Set.of());
        thread = mock(MessageChannelUnion.class, withSettings().extraInterfaces(ThreadChannel.class).defaultAnswer(RETURNS_DEEP_STUBS));
        ThreadChannel asThread = (ThreadChannel) thread;
        when(thread.getId()).thenReturn(THREAD);
        when(thread.getIdLong()).thenReturn(Long.parseLong(THREAD));
        when(asThread.getGuild().getId()).thenReturn(GUILD);
        when(asThread.getParentChannel().getId()).thenReturn(CHANNEL);
        when(asThread.getGuild().getSelfMember().hasPermission(any(GuildChannel.class), any(Permission.class))).thenReturn(true);
        java.util.concurrent.atomic.AtomicInteger ids = new java.util.concurrent.atomic.AtomicInteger(900);
        when(f.restMessages.post(anyString(), any(MessageCreateData.class))).thenAnswer(call -> String.valueOf(ids.getAndIncrement()));
    }

    @AfterEach
    void stop() throws Exception {
        f.close();
    }

    @Test
    void helpAnswersPrivatelyAtOnce() {
        SlashCommandInteractionEvent e = slash("help");

        f.listener.onSlashCommandInteraction(e);

        String help = new Help(new CommandCatalogue()).text(Surface.DISCORD, ENGLISH, f.engine.models());
        verify(e).reply(help);
        verify(e.reply(help)).setEphemeral(true);
        verify(e, never()).deferReply(true);
    }

    @Test
    void aGermanClientGetsTheHelpInGermanWithTheGermanCommandNames() {
        SlashCommandInteractionEvent e = slash("help");
        when(e.getUserLocale()).thenReturn(DiscordLocale.GERMAN);

        f.listener.onSlashCommandInteraction(e);

        ArgumentCaptor<String> help = ArgumentCaptor.forClass(String.class);
        verify(e).reply(help.capture());
        assertThat(help.getValue()).contains("bearbeitet Bilder", "`/kontext bearbeiten`", "`/kontext neu`").doesNotContain("`/kontext edit`");
    }

    @Test
    void editWithoutAnImageIsDeferredThenExplainsHowToStart() throws Exception {
        SlashCommandInteractionEvent e = slash("edit");
        MessageChannelUnion dm = mock(MessageChannelUnion.class, withSettings().extraInterfaces(PrivateChannel.class));
        when(e.getChannel()).thenReturn(dm);
        when(e.getMember()).thenReturn(null);

        f.listener.onSlashCommandInteraction(e);
        f.drain();

        verify(e).deferReply(true);
        verify(e.getHook(), timeout(5000)).editOriginal(contains("Attach an image"));
        assertThat(f.engine.recentSessions(DiscordBot.PLATFORM, "dm:u1", "dm", 5)).isEmpty();
    }

    @Test
    void aThreadReplyIsTheNextInstructionOnTheHeadAndItsMessageEndsWithItsVariantsAndButtons() throws Exception {
        Session session = startSession();
        SessionSnapshot first = f.settled(session.id(), 1);

        f.listener.onMessageReceived(reply("u2", "sepia", false));
        f.drain();

        SessionSnapshot second = f.settled(session.id(), 2);
        assertThat(second.turns().get(1).turn().prompt()).isEqualTo("sepia");
        assertThat(second.turns().get(1).turn().requestedBy()).isEqualTo("u2");
        assertThat(second.turns().get(1).turn().parent()).isEqualTo(first.turns().get(0).variants().get(0).context());

        ArgumentCaptor<MessageCreateData> queued = ArgumentCaptor.forClass(MessageCreateData.class);
        // Two posts: the first turn's message and this one's (atLeastOnce would return with the first alone).
        verify(f.restMessages, timeout(5000).atLeast(2)).post(eq(THREAD), queued.capture());
        assertThat(queued.getAllValues()).anyMatch(m -> m != null && m.getContent().startsWith("⏳ **Queued**") && m.getContent().contains("sepia"));
        ArgumentCaptor<MessageEditData> edits = ArgumentCaptor.forClass(MessageEditData.class);
        verify(f.restMessages, timeout(5000).atLeastOnce()).edit(eq(THREAD), eq("901"), edits.capture());
        MessageEditData done = edits.getAllValues().stream().filter(m -> m != null && m.getContent().contains("sepia") && m.getContent().startsWith("✅"))
                .findFirst().orElseThrow();
        assertThat(done.getFiles()).hasSize(1);
        assertThat(done.getFiles().get(0).getName()).startsWith("kontext-" + second.turns().get(1).turn().id() + "-1.");
        assertThat(done.getComponents().toString()).contains("kx:use:" + session.id()).contains("kx:reroll:").contains("kx:delete:");
        assertThat(done.getContent()).contains("seed").contains("react 👍 to vote");
    }

    @Test
    void theSameMessageDeliveredThreeTimesStartsOneTurn() throws Exception {
        Session session = startSession();
        f.settled(session.id(), 1);

        for (int delivery = 0; delivery < 3; delivery++) {
            f.listener.onMessageReceived(reply("u2", "invert", false));
            f.drain();
        }

        f.settled(session.id(), 2);
        f.drain();
        assertThat(f.engine.snapshot(session.id()).turns()).hasSize(2);
    }

    @Test
    void sideRemarksAndOtherBotsAreNotInstructions() throws Exception {
        Session session = startSession();
        f.settled(session.id(), 1);

        f.listener.onMessageReceived(reply("u2", "// nice one", false));
        f.listener.onMessageReceived(reply("bot9", "sepia", true));
        f.drain();

        assertThat(f.engine.snapshot(session.id()).turns()).hasSize(1);
    }

    @Test
    void aButtonPressedInAnotherServerChangesNothing() throws Exception {
        Session session = startSession();
        SessionSnapshot settled = f.settled(session.id(), 1);
        long turn = settled.turns().get(0).turn().id();
        ButtonInteractionEvent e = mock(ButtonInteractionEvent.class, RETURNS_DEEP_STUBS);
        when(e.getComponentId()).thenReturn(new ComponentId("reroll", session.id(), turn, 0).encode());
        when(e.getGuild().getId()).thenReturn("999");
        when(e.getUser().getId()).thenReturn("u3");
        when(e.getId()).thenReturn("i-1");

        f.listener.onButtonInteraction(e);
        f.drain();

        verify(e).deferEdit();
        verify(e.getHook(), atLeastOnce()).sendMessage(contains("can't find here"));
        assertThat(f.engine.snapshot(session.id()).turns()).hasSize(1);
    }

    @Test
    void anErrorWhileHandlingAPressIsCaughtAndThePresserStillGetsAnAnswer() throws Exception {
        Session session = startSession();
        long turn = f.settled(session.id(), 1).turns().get(0).turn().id();
        ButtonInteractionEvent e = mock(ButtonInteractionEvent.class, RETURNS_DEEP_STUBS);
        when(e.getComponentId()).thenReturn(new ComponentId("cancel", session.id(), turn, 0).encode());
        when(e.getGuild().getId()).thenReturn(GUILD);
        when(e.getUser().getId()).thenReturn("u3");
        when(e.getId()).thenReturn("i-error");
        // Not a RuntimeException: whatever a task throws, the person hears back.
        when(e.getMember().hasPermission(any(Permission.class))).thenThrow(new StackOverflowError("too deep"));

        f.listener.onButtonInteraction(e);

        verify(e.getHook(), timeout(5000)).editOriginal(dev.kontextbot.adapter.chat.Apology.sorry(ENGLISH));
    }

    private Session startSession() {
        byte[] image = TestImages.encode(TestImages.drawn(64, 48, (x, y) -> (x * 4) << 16 | (y * 5) << 8), "png");
        return f.engine.start(new ConversationEngine.StartCommand(DiscordPlaces.thread(GUILD, CHANNEL, THREAD), "u1", image,
                "grayscale", ParamOverrides.NONE, "k-start")).session();
    }

    private MessageReceivedEvent reply(String author, String text, boolean bot) {
        MessageReceivedEvent e = mock(MessageReceivedEvent.class, RETURNS_DEEP_STUBS);
        when(e.getAuthor().isBot()).thenReturn(bot);
        when(e.getAuthor().isSystem()).thenReturn(false);
        when(e.getAuthor().getId()).thenReturn(author);
        when(e.isWebhookMessage()).thenReturn(false);
        when(e.isFromGuild()).thenReturn(true);
        when(e.getChannelType()).thenReturn(ChannelType.GUILD_PUBLIC_THREAD);
        when(e.getChannel()).thenReturn(thread);
        when(e.getMessage().getContentRaw()).thenReturn(text);
        when(e.getMessage().getId()).thenReturn("m-" + text.hashCode());
        when(e.getMessage().getAttachments()).thenReturn(List.of());
        return e;
    }

    @SuppressWarnings("unchecked")
    private static SlashCommandInteractionEvent slash(String subcommand) {
        SlashCommandInteractionEvent e = mock(SlashCommandInteractionEvent.class, RETURNS_DEEP_STUBS);
        when(e.getName()).thenReturn("kontext");
        when(e.getSubcommandName()).thenReturn(subcommand);
        when(e.getUserLocale()).thenReturn(DiscordLocale.ENGLISH_US);
        when(e.getId()).thenReturn("i-" + subcommand);
        when(e.getUser().getId()).thenReturn("u1");
        when(e.getOption(anyString())).thenReturn(null);
        when(e.getOption(anyString(), any(Function.class))).thenReturn(null);
        when(e.getOption(eq("prompt"), anyString(), any(Function.class))).thenReturn("make it red");
        return e;
    }
}
