package dev.kontextbot.adapter.discord.fake;

import dev.kontextbot.testing.TestImages;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.components.label.Label;
import net.dv8tion.jda.api.components.textinput.TextInput;
import net.dv8tion.jda.api.components.textinput.TextInputStyle;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.channel.ChannelType;
import net.dv8tion.jda.api.entities.channel.concrete.TextChannel;
import net.dv8tion.jda.api.entities.channel.concrete.ThreadChannel;
import net.dv8tion.jda.api.entities.emoji.Emoji;
import net.dv8tion.jda.api.events.GenericEvent;
import net.dv8tion.jda.api.events.channel.ChannelCreateEvent;
import net.dv8tion.jda.api.events.interaction.ModalInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.MessageContextInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.events.message.MessageReceivedEvent;
import net.dv8tion.jda.api.events.message.react.MessageReactionAddEvent;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.exceptions.InvalidTokenException;
import net.dv8tion.jda.api.hooks.EventListener;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.commands.Command;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.SubcommandData;
import net.dv8tion.jda.api.modals.Modal;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.utils.FileUpload;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Proves, with the real JDA client, that each path of {@link FakeDiscord} is one JDA accepts. */
class FakeDiscordProbeTest {
    static final EnumSet<GatewayIntent> INTENTS = EnumSet.of(GatewayIntent.GUILD_MESSAGES, GatewayIntent.DIRECT_MESSAGES,
            GatewayIntent.MESSAGE_CONTENT, GatewayIntent.GUILD_MESSAGE_REACTIONS, GatewayIntent.DIRECT_MESSAGE_REACTIONS);
    static final byte[] PNG = TestImages.encode(TestImages.drawn(4, 3, (x, y) -> 0x336699), "png");

    final FakeDiscord fake = FakeDiscord.start();
    final Events events = new Events();

    @AfterEach
    void close() {
        fake.close();
    }

    /** Everything JDA fires, so a test can wait for the first event of a kind that matches. */
    static final class Events implements EventListener {
        private final List<GenericEvent> seen = new ArrayList<>();

        @Override
        public synchronized void onEvent(GenericEvent event) {
            seen.add(event);
            notifyAll();
        }

        synchronized <T extends GenericEvent> T await(Class<T> type, Predicate<T> matching) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (true) {
                for (GenericEvent event : seen) {
                    if (type.isInstance(event) && matching.test(type.cast(event))) {
                        return type.cast(event);
                    }
                }
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw new AssertionError("no " + type.getSimpleName() + " within 10 s; saw "
                            + seen.stream().map(e -> e.getClass().getSimpleName()).toList());
                }
                wait(left);
            }
        }

        <T extends GenericEvent> T await(Class<T> type) throws InterruptedException {
            return await(type, e -> true);
        }

        synchronized <T extends GenericEvent> boolean any(Class<T> type, Predicate<T> matching) {
            return seen.stream().anyMatch(e -> type.isInstance(e) && matching.test(type.cast(e)));
        }
    }

    private JDA connect(Object... listeners) {
        Object[] all = new Object[listeners.length + 1];
        all[0] = events;
        System.arraycopy(listeners, 0, all, 1, listeners.length);
        return fake.connect(INTENTS, all);
    }

    private static <T> T get(CompletableFuture<T> future) throws Exception {
        return future.get(10, TimeUnit.SECONDS);
    }

    @Test
    void jdaLogsInAndCachesTheGuild() {
        JDA jda = connect();

        assertThat(jda.getStatus()).isEqualTo(JDA.Status.CONNECTED);
        assertThat(jda.getSelfUser().getId()).isEqualTo(fake.bot().id());
        assertThat(jda.getSelfUser().getApplicationId()).isEqualTo(fake.bot().id());
        Guild guild = jda.getGuildById(fake.guild().id());
        assertThat(guild).isNotNull();
        assertThat(guild.getTextChannelById(fake.general().id()).getName()).isEqualTo("general");
        assertThat(guild.getSelfMember().hasPermission(guild.getTextChannelById(fake.general().id()),
                net.dv8tion.jda.api.Permission.MESSAGE_SEND, net.dv8tion.jda.api.Permission.CREATE_PUBLIC_THREADS,
                net.dv8tion.jda.api.Permission.MESSAGE_ATTACH_FILES)).isTrue();
        assertThat(guild.getRoleById(fake.guild().adminRoleId()).getName()).isEqualTo("admin");
        assertThat(fake.calls()).extracting(RecordedCall::path).first().isEqualTo("users/@me");
        assertThat(jda.retrieveApplicationInfo().complete().getOwner().getName()).isEqualTo("carol");
        assertThat(fake.unknownRoutes()).isEmpty();
    }

    @Test
    void aWrongTokenIsRejectedAtLogin() {
        assertThatThrownBy(() -> fake.configure(JDABuilder.createLight("wrong-token", INTENTS)).build())
                .isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void registeredCommandsGetIdsThatInteractionsCarry() throws Exception {
        JDA jda = connect();
        List<Command> registered = jda.updateCommands().addCommands(Commands.slash("kontext", "Edit an image")
                .addSubcommands(new SubcommandData("edit", "Edit").addOption(OptionType.ATTACHMENT, "image", "Image", true)
                        .addOption(OptionType.STRING, "prompt", "Prompt", true))).complete();

        RecordedCall put = fake.awaitCall("PUT", "applications/" + fake.bot().id() + "/commands");
        assertThat(put.at("/0/options/0/name").asText()).isEqualTo("edit");
        assertThat(registered).singleElement().satisfies(c -> assertThat(c.getSubcommands()).hasSize(1));
        fake.slashCommand(fake.general(), fake.alice(), "kontext", "edit", Map.of("prompt", "x", "image", FakeFile.png("a.png", PNG)));
        SlashCommandInteractionEvent event = events.await(SlashCommandInteractionEvent.class);
        assertThat(event.getCommandId()).isEqualTo(registered.get(0).getId());
    }

    @Test
    void aSlashCommandWithAnAttachmentIsDeferredAndItsOriginalEdited() throws Exception {
        CompletableFuture<Message.Attachment> image = new CompletableFuture<>();
        CompletableFuture<String> invocation = new CompletableFuture<>();
        connect(new ListenerAdapter() {
            @Override
            public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
                invocation.complete(event.getFullCommandName() + " " + event.getOption("prompt").getAsString()
                        + " by " + event.getUser().getName() + " admin=" + event.getMember().hasPermission(net.dv8tion.jda.api.Permission.ADMINISTRATOR));
                image.complete(event.getOption("image").getAsAttachment());
                event.deferReply().queue();
                event.getHook().editOriginal("x").queue();
            }
        });
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("prompt", "make it blue");
        options.put("image", FakeFile.png("cat.png", PNG));

        SentInteraction sent = fake.slashCommand(fake.general(), fake.alice(), "kontext", "edit", options);

        assertThat(get(invocation)).isEqualTo("kontext edit make it blue by alice admin=false");
        Message.Attachment attachment = get(image);
        assertThat(attachment.getFileName()).isEqualTo("cat.png");
        assertThat(attachment.getWidth()).isEqualTo(4);
        try (InputStream in = attachment.getProxy().download().get(10, TimeUnit.SECONDS)) {
            assertThat(in.readAllBytes()).isEqualTo(PNG);
        }
        assertThat(fake.awaitCallback(sent).at("/type").asInt()).isEqualTo(5);
        RecordedCall edit = fake.awaitCall("PATCH", sent.originalPath());
        assertThat(edit.at("/content").asText()).isEqualTo("x");
        assertThat(fake.originalResponse(sent).content()).isEqualTo("x");
        assertThat(fake.originalResponse(sent).isLoading()).isFalse();
        assertThat(fake.downloads()).hasSize(1);
    }

    @Test
    void theAdminRoleShowsInTheInteractionMember() throws Exception {
        CompletableFuture<Boolean> admin = new CompletableFuture<>();
        connect(new ListenerAdapter() {
            @Override
            public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
                admin.complete(event.getMember().hasPermission(net.dv8tion.jda.api.Permission.ADMINISTRATOR)
                        && event.getMember().getRoles().stream().anyMatch(r -> r.getName().equals("admin")));
                event.reply("ok").setEphemeral(true).queue();
            }
        });

        SentInteraction sent = fake.slashCommand(fake.general(), fake.carol(), "kontext-admin", null, Map.of());

        assertThat(get(admin)).isTrue();
        RecordedCall reply = fake.awaitCallback(sent);
        assertThat(reply.at("/type").asInt()).isEqualTo(4);
        assertThat(reply.at("/data/flags").asInt() & 64).isEqualTo(64);
        assertThat(fake.originalResponse(sent).isEphemeral()).isTrue();
    }

    @Test
    void threadsReachJdaThroughThreadCreateAndCarryMessages() throws Exception {
        JDA jda = connect();
        TextChannel general = jda.getTextChannelById(fake.general().id());

        ThreadChannel botThread = general.createThreadChannel("kontext-1").complete();
        RecordedCall create = fake.awaitCall("POST", "channels/" + fake.general().id() + "/threads");
        assertThat(create.at("/name").asText()).isEqualTo("kontext-1");
        assertThat(jda.getThreadChannelById(botThread.getId())).isNotNull();
        assertThat(fake.dispatchedEvents()).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo("THREAD_CREATE");
            assertThat(e.payload().path("id").asText()).isEqualTo(botThread.getId());
            assertThat(e.payload().at("/member/user_id").asText()).isEqualTo(fake.bot().id());
        });
        assertThat(fake.thread(botThread.getId()).parentId()).isEqualTo(fake.general().id());

        FakeChannel userThread = fake.createThread(fake.general(), fake.alice(), "alice's thread");
        ChannelCreateEvent created = events.await(ChannelCreateEvent.class, e -> e.getChannel().getId().equals(userThread.id()));
        assertThat(created.getChannel().getType()).isEqualTo(ChannelType.GUILD_PUBLIC_THREAD);
        assertThat(jda.getThreadChannelById(userThread.id()).getParentChannel().getId()).isEqualTo(fake.general().id());

        fake.messageCreate(fake.thread(botThread.getId()), fake.bob(), "in the thread");
        MessageReceivedEvent received = events.await(MessageReceivedEvent.class, e -> e.getMessage().getContentRaw().equals("in the thread"));
        assertThat(received.getChannel()).isInstanceOf(ThreadChannel.class);
        assertThat(received.getChannel().asThreadChannel().getParentChannel().getId()).isEqualTo(fake.general().id());
        assertThat(received.getAuthor().getName()).isEqualTo("bob");
    }

    @Test
    void anArchivedThreadIsNotAnnouncedToJda() {
        FakeChannel archived = fake.archivedThread(fake.general(), fake.alice(), "old");
        JDA jda = connect();

        assertThat(jda.getThreadChannelById(archived.id())).isNull();
        assertThat(fake.dispatchedEvents()).filteredOn(e -> e.type().equals("GUILD_CREATE"))
                .allSatisfy(e -> assertThat(e.payload().path("threads")).isEmpty());
        assertThat(fake.thread(archived.id()).parentId()).isEqualTo(fake.general().id());
    }

    @Test
    void eachShardReceivesOnlyItsGuildsAndDirectMessagesGoToShardZero() throws Exception {
        int home = fake.guild().shard(2);
        Events elsewhereEvents = new Events();
        JDA elsewhere = fake.connect(JDABuilder.createLight(FakeDiscord.TOKEN, INTENTS).useSharding(1 - home, 2)
                .addEventListeners(elsewhereEvents));
        assertThat(elsewhere.getGuilds()).isEmpty();
        assertThat(fake.dispatchedEvents()).noneMatch(e -> e.type().equals("GUILD_CREATE"));
        assertThat(fake.dispatchedEvents()).filteredOn(e -> e.type().equals("READY")).singleElement()
                .satisfies(e -> assertThat(e.payload().path("guilds")).isEmpty());

        JDA homeShard = fake.connect(JDABuilder.createLight(FakeDiscord.TOKEN, INTENTS).useSharding(home, 2).addEventListeners(events));
        assertThat(homeShard.getGuildById(fake.guild().id())).isNotNull();
        fake.messageCreate(fake.general(), fake.alice(), "for the guild's shard");
        fake.messageCreate(fake.dmWith(fake.alice()), fake.alice(), "a direct message");

        events.await(MessageReceivedEvent.class, e -> e.getMessage().getContentRaw().equals("for the guild's shard"));
        Events shardZero = home == 0 ? events : elsewhereEvents;
        Events shardOne = home == 0 ? elsewhereEvents : events;
        shardZero.await(MessageReceivedEvent.class, e -> e.getMessage().getContentRaw().equals("a direct message"));
        assertThat(elsewhereEvents.any(MessageReceivedEvent.class, e -> e.getMessage().getContentRaw().equals("for the guild's shard"))).isFalse();
        assertThat(shardOne.any(MessageReceivedEvent.class, e -> e.getMessage().getContentRaw().equals("a direct message"))).isFalse();
    }

    @Test
    void aThreadFromAMessageTakesTheMessageId() {
        JDA jda = connect();
        Message message = jda.getTextChannelById(fake.general().id()).sendMessage("start").complete();

        ThreadChannel thread = message.createThreadChannel("from message").complete();

        fake.awaitCall("POST", "channels/" + fake.general().id() + "/messages/" + message.getId() + "/threads");
        assertThat(thread.getId()).isEqualTo(message.getId());
        assertThat(fake.message(message.getId()).json().at("/thread/id").asText()).isEqualTo(message.getId());
    }

    @Test
    void aFileUploadIsRecordedAsMultipartAndServedBack() throws Exception {
        JDA jda = connect();

        Message sent = jda.getTextChannelById(fake.general().id()).sendMessage("here")
                .addFiles(FileUpload.fromData(PNG, "out.png")).complete();

        RecordedCall call = fake.awaitCall("POST", "channels/" + fake.general().id() + "/messages");
        assertThat(call.multipart()).isTrue();
        assertThat(call.at("/content").asText()).isEqualTo("here");
        assertThat(call.files()).singleElement().satisfies(f -> {
            assertThat(f.name()).isEqualTo("files[0]");
            assertThat(f.filename()).isEqualTo("out.png");
            assertThat(f.bytes()).isEqualTo(PNG);
        });
        Message.Attachment attachment = sent.getAttachments().get(0);
        assertThat(attachment.getUrl()).startsWith("http://127.0.0.1:");
        assertThat(fake.attachmentBytes(attachment.getId())).isEqualTo(PNG);
        assertThat(fake.message(sent.getId()).attachmentFilenames()).containsExactly("out.png");
        MessageReceivedEvent echo = events.await(MessageReceivedEvent.class, e -> e.getMessageId().equals(sent.getId()));
        assertThat(echo.getAuthor().getId()).isEqualTo(fake.bot().id());
    }

    @Test
    void aButtonPressIsDeferredAsAnEdit() throws Exception {
        CompletableFuture<String> pressed = new CompletableFuture<>();
        JDA jda = connect(new ListenerAdapter() {
            @Override
            public void onButtonInteraction(ButtonInteractionEvent event) {
                pressed.complete(event.getComponentId() + " " + event.getButton().getLabel() + " on " + event.getMessage().getContentRaw());
                event.deferEdit().queue();
            }
        });
        Message message = jda.getTextChannelById(fake.general().id()).sendMessage("pick")
                .addComponents(ActionRow.of(Button.primary("again:1", "Again"))).complete();
        assertThat(fake.message(message.getId()).customIds()).containsExactly("again:1");

        SentInteraction click = fake.button(fake.general(), fake.bob(), message.getId(), "again:1");

        assertThat(get(pressed)).isEqualTo("again:1 Again on pick");
        assertThat(fake.awaitCallback(click).at("/type").asInt()).isEqualTo(6);
    }

    @Test
    void aModalOpenedByTheBotIsSubmittedWithItsFields() throws Exception {
        CompletableFuture<String> submitted = new CompletableFuture<>();
        connect(new ListenerAdapter() {
            @Override
            public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
                event.replyModal(Modal.create("prompt-modal", "Edit")
                        .addComponents(Label.of("Prompt", TextInput.create("prompt", TextInputStyle.PARAGRAPH).build()))
                        .build()).queue();
            }

            @Override
            public void onModalInteraction(ModalInteractionEvent event) {
                submitted.complete(event.getModalId() + ": " + event.getValue("prompt").getAsString());
                event.reply("thanks").queue();
            }
        });
        SentInteraction command = fake.slashCommand(fake.general(), fake.alice(), "kontext", "prompt", Map.of());
        RecordedCall modal = fake.awaitCallback(command);
        assertThat(modal.at("/type").asInt()).isEqualTo(9);

        SentInteraction submit = fake.modalSubmit(fake.general(), fake.alice(), "prompt-modal", Map.of("prompt", "a red hat"));

        assertThat(get(submitted)).isEqualTo("prompt-modal: a red hat");
        assertThat(fake.awaitCallback(submit).at("/data/content").asText()).isEqualTo("thanks");
        assertThatThrownBy(() -> fake.modalSubmit(fake.general(), fake.alice(), "prompt-modal", Map.of("nope", "x")))
                .hasMessageContaining("no text input nope");
    }

    @Test
    void aReactionReachesTheBot() throws Exception {
        JDA jda = connect();
        StoredMessage message = fake.messageCreate(fake.general(), fake.alice(), "react to me");

        fake.reactionAdd(fake.general(), message.id(), fake.bob(), "👍");

        MessageReactionAddEvent reaction = events.await(MessageReactionAddEvent.class);
        assertThat(reaction.getEmoji()).isEqualTo(Emoji.fromUnicode("👍"));
        assertThat(reaction.getUserId()).isEqualTo(fake.bob().id());
        assertThat(reaction.getMessageId()).isEqualTo(message.id());
        assertThat(reaction.getMessageAuthorId()).isEqualTo(fake.alice().id());
        assertThat(reaction.getMember().getUser().getName()).isEqualTo("bob");

        jda.getTextChannelById(fake.general().id()).addReactionById(message.id(), Emoji.fromUnicode("✅")).complete();
        RecordedCall own = fake.awaitCall("PUT", "channels/\\d+/messages/" + message.id() + "/reactions/✅/@me");
        assertThat(own.status()).isEqualTo(204);
        assertThat(fake.message(message.id()).json().path("reactions")).hasSize(2);
    }

    @Test
    void aDirectMessageArrivesInAPrivateChannelAndTheBotAnswersThere() throws Exception {
        JDA jda = connect();

        fake.messageCreate(fake.dmWith(fake.alice()), fake.alice(), "hello bot");

        MessageReceivedEvent received = events.await(MessageReceivedEvent.class, e -> e.getMessage().getContentRaw().equals("hello bot"));
        assertThat(received.isFromGuild()).isFalse();
        assertThat(received.getChannelType()).isEqualTo(ChannelType.PRIVATE);
        assertThat(received.getChannel().asPrivateChannel().getUser().getName()).isEqualTo("alice");
        jda.openPrivateChannelById(fake.alice().id()).flatMap(ch -> ch.sendMessage("hi alice")).complete();
        fake.awaitCall("POST", "users/@me/channels");
        RecordedCall reply = fake.awaitCall("POST", "channels/" + fake.dmWith(fake.alice()).id() + "/messages");
        assertThat(reply.at("/content").asText()).isEqualTo("hi alice");
    }

    @Test
    void messagesFromOtherBotsSayTheyAreFromBots() throws Exception {
        connect();

        fake.messageCreate(fake.general(), fake.otherBot(), "beep");

        MessageReceivedEvent received = events.await(MessageReceivedEvent.class);
        assertThat(received.getAuthor().isBot()).isTrue();
        assertThat(received.getAuthor().getId()).isEqualTo(fake.otherBot().id());
    }

    @Test
    void theMessageContextCommandCarriesTheTargetAndItsAttachments() throws Exception {
        CompletableFuture<Message> target = new CompletableFuture<>();
        connect(new ListenerAdapter() {
            @Override
            public void onMessageContextInteraction(MessageContextInteractionEvent event) {
                target.complete(event.getTarget());
                event.deferReply(true).queue();
            }
        });
        StoredMessage posted = fake.messageCreate(fake.general(), fake.alice(), "my picture", FakeFile.png("dog.png", PNG));

        SentInteraction sent = fake.messageContextCommand(fake.general(), fake.bob(), "Edit with Kontext", posted.id());

        Message message = get(target);
        assertThat(message.getId()).isEqualTo(posted.id());
        assertThat(message.getAuthor().getId()).isEqualTo(fake.alice().id());
        assertThat(message.getAttachments()).singleElement().satisfies(a -> {
            assertThat(a.getFileName()).isEqualTo("dog.png");
            assertThat(a.getUrl()).isEqualTo(posted.attachmentUrls().get(0));
        });
        RecordedCall defer = fake.awaitCallback(sent);
        assertThat(defer.at("/type").asInt()).isEqualTo(5);
        assertThat(fake.originalResponse(sent).isEphemeral()).isTrue();
    }

    @Test
    void autocompleteChoicesAreRecorded() throws Exception {
        connect(new ListenerAdapter() {
            @Override
            public void onCommandAutoCompleteInteraction(CommandAutoCompleteInteractionEvent event) {
                event.replyChoiceStrings(event.getFocusedOption().getValue() + "!").queue();
            }
        });

        SentInteraction sent = fake.autocomplete(fake.general(), fake.alice(), "kontext", "edit", Map.of("model", "pro"), "model");

        RecordedCall choices = fake.awaitCallback(sent);
        assertThat(choices.at("/type").asInt()).isEqualTo(8);
        assertThat(choices.at("/data/choices/0/name").asText()).isEqualTo("pro!");
    }

    @Test
    void withoutTheMessageContentIntentGuildMessagesArriveBlank() throws Exception {
        fake.connect(EnumSet.of(GatewayIntent.GUILD_MESSAGES), events);

        fake.messageCreate(fake.general(), fake.alice(), "secret");
        fake.messageCreate(fake.general(), fake.alice(), fake.bot().mention() + " hello");

        MessageReceivedEvent plain = events.await(MessageReceivedEvent.class);
        assertThat(plain.getMessage().getContentRaw()).isEmpty();
        MessageReceivedEvent mention = events.await(MessageReceivedEvent.class, e -> !e.getMessage().getContentRaw().isEmpty());
        assertThat(mention.getMessage().getMentions().isMentioned(mention.getJDA().getSelfUser())).isTrue();
    }

    @Test
    void unknownRoutesAre404AndListed() {
        JDA jda = connect();

        assertThatThrownBy(() -> jda.getGuildById(fake.guild().id()).retrieveEmojis().complete())
                .isInstanceOf(ErrorResponseException.class);

        assertThat(fake.unknownRoutes()).singleElement()
                .satisfies(c -> assertThat(c.path()).isEqualTo("guilds/" + fake.guild().id() + "/emojis"));
    }

    @Test
    void aSecondGuildIsSeparate() {
        try (FakeDiscord two = FakeDiscord.startWithSecondGuild()) {
            JDA jda = two.connect(INTENTS);
            Guild other = jda.getGuildById(two.secondGuild().id());
            assertThat(jda.getGuilds()).hasSize(2);
            assertThat(other.getTextChannels()).singleElement().satisfies(c -> assertThat(c.getId()).isEqualTo(two.secondGuild().general().id()));
            assertThat(two.secondGuild().isMember(two.carol())).isFalse();
            assertThat(two.secondGuild().isAdmin(two.dave())).isTrue();
        }
    }

    @Test
    void editsAndDeletesChangeTheStoredMessage() {
        JDA jda = connect();
        TextChannel general = jda.getTextChannelById(fake.general().id());
        Message message = general.sendMessage("v1").complete();

        message.editMessage("v2").complete();
        assertThat(fake.message(message.getId()).content()).isEqualTo("v2");
        assertThat(fake.message(message.getId()).isEdited()).isTrue();
        assertThat(general.retrieveMessageById(message.getId()).complete().getContentRaw()).isEqualTo("v2");

        message.delete().complete();
        assertThat(fake.message(message.getId())).isNull();
        assertThat(fake.isDeleted(message.getId())).isTrue();
        assertThat(fake.unknownRoutes()).isEmpty();
    }

    @Test
    void followUpsAndOriginalEditsWithFilesGoThroughTheInteractionWebhook() throws Exception {
        CompletableFuture<Message> followUp = new CompletableFuture<>();
        connect(new ListenerAdapter() {
            @Override
            public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
                event.deferReply().queue();
                event.getHook().editOriginalAttachments(FileUpload.fromData(PNG, "result.png")).queue();
                event.getHook().sendMessage("more").queue(followUp::complete);
            }
        });

        SentInteraction sent = fake.slashCommand(fake.general(), fake.alice(), "kontext", null, Map.of());

        RecordedCall edit = fake.awaitCall("PATCH", sent.originalPath());
        assertThat(edit.multipart()).isTrue();
        assertThat(edit.files()).singleElement().satisfies(f -> assertThat(f.bytes()).isEqualTo(PNG));
        assertThat(fake.originalResponse(sent).attachmentFilenames()).containsExactly("result.png");
        Message more = get(followUp);
        assertThat(more.getContentRaw()).isEqualTo("more");
        assertThat(fake.awaitCall("POST", sent.webhookPath()).queryParam("wait")).isEqualTo("true");
        assertThat(fake.message(more.getId()).json().at("/interaction_metadata/id").asText()).isEqualTo(sent.id());
    }

    @Test
    void aButtonInAThreadAnswersInTheThread() throws Exception {
        CompletableFuture<ThreadChannel> channel = new CompletableFuture<>();
        JDA jda = connect(new ListenerAdapter() {
            @Override
            public void onButtonInteraction(ButtonInteractionEvent event) {
                channel.complete(event.getChannel().asThreadChannel());
                event.reply("again").queue();
            }
        });
        ThreadChannel thread = jda.getTextChannelById(fake.general().id()).createThreadChannel("work").complete();
        Message message = thread.sendMessage("result").addComponents(ActionRow.of(Button.secondary("again", "Again"))).complete();

        SentInteraction click = fake.button(fake.thread(thread.getId()), fake.alice(), message.getId(), "again");

        assertThat(get(channel).getId()).isEqualTo(thread.getId());
        fake.awaitCallback(click);
        assertThat(fake.originalResponse(click).channelId()).isEqualTo(thread.getId());
        assertThat(fake.messages(fake.thread(thread.getId()))).extracting(StoredMessage::content).containsExactly("result", "again");
    }

    @Test
    void aSlashCommandInADmHasNoGuild() throws Exception {
        CompletableFuture<String> where = new CompletableFuture<>();
        connect(new ListenerAdapter() {
            @Override
            public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
                where.complete(event.getChannelType() + " " + event.isFromGuild() + " " + event.getUser().getName());
                event.reply("dm").queue();
            }
        });

        fake.slashCommand(fake.dmWith(fake.bob()), fake.bob(), "kontext", "help", Map.of());

        assertThat(get(where)).isEqualTo("PRIVATE false bob");
    }

    @Test
    void anInjectedFailureAnswersTheNextMatchingCallOnce() {
        JDA jda = connect();
        TextChannel general = jda.getTextChannelById(fake.general().id());
        fake.failNext("POST", "channels/\\d+/messages", 403, 50013, "Missing Permissions");

        assertThatThrownBy(() -> general.sendMessage("no").complete())
                .isInstanceOfSatisfying(ErrorResponseException.class, e -> assertThat(e.getErrorCode()).isEqualTo(50013));
        assertThat(general.sendMessage("yes").complete().getContentRaw()).isEqualTo("yes");
    }

    @Test
    void aLateAcknowledgementIsAnUnknownInteraction() throws Exception {
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        fake.setAckDeadline(Duration.ZERO);
        connect(new ListenerAdapter() {
            @Override
            public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
                event.deferReply().queue(ok -> failure.complete(null), failure::complete);
            }
        });

        fake.slashCommand(fake.general(), fake.alice(), "kontext", null, Map.of());

        assertThat(get(failure)).isInstanceOfSatisfying(ErrorResponseException.class, e -> assertThat(e.getErrorCode()).isEqualTo(10062));
    }
}
