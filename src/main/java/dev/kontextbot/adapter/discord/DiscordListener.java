package dev.kontextbot.adapter.discord;

import dev.kontextbot.adapter.words.Words;
import dev.kontextbot.adapter.chat.Apology;
import dev.kontextbot.adapter.chat.ChatServices;
import dev.kontextbot.adapter.chat.RefusalWords;
import dev.kontextbot.adapter.chat.SerialPerKeyExecutor;
import dev.kontextbot.adapter.chat.commands.ChatCommand;
import dev.kontextbot.adapter.chat.commands.ChatReply;
import dev.kontextbot.adapter.chat.commands.ChatRequest;
import dev.kontextbot.adapter.chat.commands.CommandCatalogue;
import dev.kontextbot.adapter.chat.commands.Handlers;
import dev.kontextbot.adapter.chat.commands.ReplyInTime;
import dev.kontextbot.adapter.chat.commands.Surface;
import dev.kontextbot.engine.ConversationEngine;
import dev.kontextbot.engine.model.EngineRejection;
import dev.kontextbot.engine.model.InvalidParameterException;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.port.DeliveryClaims;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.emoji.Emoji;
import net.dv8tion.jda.api.events.interaction.ModalInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.MessageContextInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.events.message.MessageReceivedEvent;
import net.dv8tion.jda.api.events.message.react.GenericMessageReactionEvent;
import net.dv8tion.jda.api.events.message.react.MessageReactionAddEvent;
import net.dv8tion.jda.api.events.message.react.MessageReactionRemoveEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.Interaction;
import net.dv8tion.jda.api.interactions.InteractionHook;
import net.dv8tion.jda.api.interactions.callbacks.IReplyCallback;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The one gateway listener. Each handler acknowledges at once (Discord allows 3 s: a deferred reply, a deferred
 * edit, or a form), then hands the work to the adapter's pool and answers through the interaction's hook. Nothing
 * that goes wrong reaches JDA: the person gets a short answer and the log gets the details. Discord can deliver an
 * interaction twice (a resumed gateway, another shard's instance): each is claimed before anything is done, and a copy
 * whose claim fails does nothing — not even the acknowledgement, which the first delivery owns.
 */
final class DiscordListener extends ListenerAdapter {
    private static final Logger log = LoggerFactory.getLogger(DiscordListener.class);

    private final ConversationEngine engine;
    private final DiscordAccess access;
    private final ImageSources images;
    private final SessionStarts starts;
    private final ThreadReplies replies;
    private final ButtonActions buttons;
    private final ReactionVotes votes;
    /** The largest file Discord takes from the bot here (the export's limit). */
    private final long maxUploadBytes;
    private final PolicyCommands policy;
    private final ChatServices core;
    private final PromptSuggestions suggestions = new PromptSuggestions();
    private final DeliveryClaims deliveries;
    private final DiscordWords words;
    private final RefusalWords refusals;
    /** Discord wants an answer within 3 s; the claim (one insert, milliseconds) gets a third of that, the reply the rest. */
    private static final Duration CLAIM_WAIT = Duration.ofSeconds(1);
    /** A command that answers the same everywhere replies with the acknowledgement when it can in this long, else defers. */
    private static final Duration ANSWER_WAIT = Duration.ofSeconds(1);
    private final ReplyInTime inTime;
    private final ExecutorService work;
    /** A thread's messages are handled one after the other, so instructions queue in the order people sent them. */
    private final SerialPerKeyExecutor perChannel;
    private final Handlers<Consumer<SlashCommandInteractionEvent>> commands;

    DiscordListener(ConversationEngine engine, DiscordAccess access, ImageSources images, SessionStarts starts, ThreadReplies replies,
                    ButtonActions buttons, ReactionVotes votes, long maxUploadBytes, PolicyCommands policy, DeliveryClaims deliveries,
                    ExecutorService work, DiscordWords words, ChatServices core) {
        this.words = words;
        this.core = core;
        this.refusals = new RefusalWords(core.languages(), "discord");
        this.inTime = new ReplyInTime(work, ANSWER_WAIT, refusals);
        this.engine = engine;
        this.access = access;
        this.images = images;
        this.starts = starts;
        this.replies = replies;
        this.buttons = buttons;
        this.votes = votes;
        this.maxUploadBytes = maxUploadBytes;
        this.policy = policy;
        this.deliveries = deliveries;
        this.work = work;
        this.perChannel = new SerialPerKeyExecutor(work);
        this.commands = slashCommands();
    }

    @Override
    public void onSlashCommandInteraction(SlashCommandInteractionEvent e) {
        if (!e.getName().equals(KontextCommands.NAME) || !firstDelivery(e)) {
            return;
        }
        // A group's sub-commands (admin …) are its handler's to tell apart; a name Discord still shows from an older tree gets the help.
        String name = e.getSubcommandGroup() != null ? e.getSubcommandGroup() : e.getSubcommandName() == null ? KontextCommands.HELP : e.getSubcommandName();
        commands.get(name).or(() -> commands.get(CommandCatalogue.HELP)).orElseThrow().accept(e);
    }

    /** Every {@code /kontext} sub-command Discord offers and what answers it; {@link Handlers} fails on one the catalogue and this disagree on. */
    private Handlers<Consumer<SlashCommandInteractionEvent>> slashCommands() {
        return Handlers.<Consumer<SlashCommandInteractionEvent>>of(Surface.DISCORD, core.commands().root())
                .answering(core, this::answered)
                .on(CommandCatalogue.EDIT, deferred(e -> (hook, guild, person) -> answerLater(hook, person, () -> start(e, false))))
                .on(CommandCatalogue.NEW, deferred(e -> (hook, guild, person) -> answerLater(hook, person, () -> start(e, true))))
                .on(CommandCatalogue.ADMIN, deferred(e -> (hook, guild, person) -> answerLater(hook, person,
                        () -> policy.admin(request(e), guild, e.getSubcommandName()))))
                .build();
    }

    /**
     * Discord's bridge for a command that answers the same everywhere: a private reply with the acknowledgement when
     * the answer is ready in time, else a private "thinking…" that the answer replaces.
     */
    private Consumer<SlashCommandInteractionEvent> answered(ChatCommand command) {
        return e -> {
            ReplyInTime.Answer answer = inTime.answer(command, request(e));
            if (answer instanceof ReplyInTime.Ready ready) {
                ChatReply reply = ready.reply();
                (reply.file().isEmpty() ? e.reply(reply.text()) : e.reply(MessageCreateData.fromEditData(ChatReplies.edit(reply))))
                        .setEphemeral(true).queue();
            } else if (answer instanceof ReplyInTime.Pending pending) {
                e.deferReply(true).queue();
                InteractionHook hook = e.getHook();
                pending.reply().thenAccept(reply -> hook.editOriginal(ChatReplies.edit(reply)).queue());
            } else {
                throw new IllegalStateException("unknown answer " + answer);
            }
        };
    }

    /** The interaction as every surface describes a command's use. */
    private ChatRequest request(SlashCommandInteractionEvent e) {
        String guild = e.getGuild() == null ? null : e.getGuild().getId();
        String user = e.getUser().getId();
        Map<String, String> options = new HashMap<>();
        for (OptionMapping option : e.getOptions()) {
            options.put(option.getName(), option.getAsString());
        }
        var member = e.getMember();
        // In direct messages the tenant is the person's own: theirs to change.
        return new ChatRequest(Surface.DISCORD, words.person(e), DiscordBot.PLATFORM, DiscordPlaces.tenantOf(guild, user),
                DiscordPlace.channelOf(e.getChannel()), user, () -> guild == null || DiscordAccess.managesServer(member), options,
                new DiscordPlace(engine, core.announcements(), guild, e.getChannel(), user, maxUploadBytes));
    }

    /** What a deferred command does once Discord has its acknowledgement (a private "thinking…"), with the interaction's hook and place. */
    private interface Deferred {
        void answer(InteractionHook hook, String guild, Words person);
    }

    /** Acknowledges at once, privately, then lets {@code handler} answer through the hook. */
    private Consumer<SlashCommandInteractionEvent> deferred(Function<SlashCommandInteractionEvent, Deferred> handler) {
        return e -> {
            e.deferReply(true).queue();
            handler.apply(e).answer(e.getHook(), e.getGuild() == null ? null : e.getGuild().getId(), words.person(e));
        };
    }

    private Consumer<SlashCommandInteractionEvent> deferred(Deferred handler) {
        return deferred(e -> handler);
    }

    private String start(SlashCommandInteractionEvent e, boolean generate) {
        Words person = words.person(e);
        Optional<String> refusal = access.refusal(person, e.getMember(), e.getChannel());
        if (refusal.isPresent()) {
            return refusal.get();
        }
        ParamOverrides params = CommandOptions.fromSlash(e::getOption);
        List<byte[]> inputs = new ArrayList<>();
        if (!generate) {
            Message.Attachment attachment = e.getOption(KontextCommands.IMAGE, OptionMapping::getAsAttachment);
            String url = e.getOption(KontextCommands.URL, OptionMapping::getAsString);
            if (attachment == null && url == null) {
                return person.say("discord.start.needImage");
            }
            ImageSources.Image source = attachment != null ? images.attachment(person, attachment) : images.link(person, url);
            if (!source.ok()) {
                return source.problem();
            }
            inputs.add(source.bytes());
            for (String name : KontextCommands.MORE_IMAGES) {
                Message.Attachment more = e.getOption(name, OptionMapping::getAsAttachment);
                if (more != null) {
                    ImageSources.Image reference = images.attachment(person, more);
                    if (!reference.ok()) {
                        return reference.problem();
                    }
                    inputs.add(reference.bytes());
                }
            }
        }
        return starts.open(SessionStarts.Request.of(e.getGuild() == null ? null : e.getGuild().getId(), e.getChannel(),
                e.getUser().getId(), inputs, e.getOption(KontextCommands.PROMPT, "", OptionMapping::getAsString), params,
                "discord:i:" + e.getId(), null), person, words.everyone(e));
    }

    @Override
    public void onCommandAutoCompleteInteraction(CommandAutoCompleteInteractionEvent e) {
        if (e.getName().equals(KontextCommands.NAME) && e.getFocusedOption().getName().equals(KontextCommands.PROMPT)) {
            e.replyChoiceStrings(suggestions.of(e.getFocusedOption().getValue())).queue();
        } else if (e.getName().equals(KontextCommands.NAME) && e.getFocusedOption().getName().equals(CommandOptions.MODEL)) {
            // Only registered as an autocomplete when the catalogue has more models than Discord allows choices.
            String typed = e.getFocusedOption().getValue().toLowerCase(java.util.Locale.ROOT);
            Words person = words.person(e);
            e.replyChoices(engine.models().stream().filter(m -> m.id().id().contains(typed) || m.label().toLowerCase(java.util.Locale.ROOT).contains(typed))
                    .limit(net.dv8tion.jda.api.interactions.commands.build.OptionData.MAX_CHOICES)
                    .map(m -> new net.dv8tion.jda.api.interactions.commands.Command.Choice(KontextCommands.choiceName(m, person), m.id().id())).toList()).queue();
        }
    }

    @Override
    public void onMessageContextInteraction(MessageContextInteractionEvent e) {
        if (!e.getName().equals(KontextCommands.EDIT_MESSAGE) || !firstDelivery(e)) {
            return;
        }
        Message target = e.getTarget();
        if (ImageSources.firstImage(target.getAttachments()).isEmpty()) {
            e.reply(words.person(e).say("discord.start.noImageInMessage")).setEphemeral(true).queue();
            return;
        }
        e.replyModal(ModalForms.edit(words.person(e), target.getChannelId(), target.getId())).queue();
    }

    @Override
    public void onModalInteraction(ModalInteractionEvent e) {
        Optional<ModalForms.EditTarget> edit = ModalForms.editTarget(e.getModalId());
        Optional<ComponentId> remix = ComponentId.decode(e.getModalId());
        if (edit.isEmpty() && remix.isEmpty() || !firstDelivery(e)) {
            return;
        }
        e.deferReply(true).queue();
        String guild = e.getGuild() == null ? null : e.getGuild().getId();
        String prompt = ModalForms.prompt(e::getValue);
        var fields = ModalForms.parameterFields(e::getValue);
        Words person = words.person(e);
        if (remix.isPresent()) {
            answerLater(e.getHook(), person, () -> buttons.remix(person, remix.get(), guild, e.getUser().getId(), prompt, fields, e.getId()));
            return;
        }
        answerLater(e.getHook(), person, () -> {
            Optional<String> refusal = access.refusal(person, e.getMember(), e.getMessageChannel());
            if (refusal.isPresent()) {
                return refusal.get();
            }
            Message target = e.getMessageChannel().retrieveMessageById(edit.get().messageId()).complete();
            // Every image of the message, in its order: the first is edited, the others are images 2..N.
            ImageSources.Images all = images.allImages(person, target.getAttachments());
            if (!all.ok()) {
                return all.problem();
            }
            ParamOverrides params = CommandOptions.fromText(fields);
            return starts.open(SessionStarts.Request.of(guild, e.getMessageChannel(), e.getUser().getId(), all.bytes(), prompt, params,
                    "discord:i:" + e.getId(), target.getStartedThread() == null ? target : null), person, words.everyone(e));
        });
    }

    @Override
    public void onButtonInteraction(ButtonInteractionEvent e) {
        Optional<ComponentId> id = ComponentId.decode(e.getComponentId());
        if (id.isEmpty() || !firstDelivery(e)) {
            return;
        }
        String guild = e.getGuild() == null ? null : e.getGuild().getId();
        if (id.get().action().equals("remix")) {
            // A form must be the first answer, so the turn is read here, before the 3 s are up (one indexed lookup).
            var turn = buttons.ownedSession(id.get(), guild, e.getUser().getId()).flatMap(s -> engine.turn(id.get().turnId()));
            if (turn.isEmpty()) {
                e.reply(words.person(e).say("discord.press.unknownSession")).setEphemeral(true).queue();
            } else {
                e.replyModal(ModalForms.remix(words.person(e), turn.get())).queue();
            }
            return;
        }
        if (List.of("info", "timeline", "compare", "export").contains(id.get().action())) {
            e.deferReply(true).queue();
        } else {
            e.deferEdit().queue();
        }
        ButtonActions.Press press = new ButtonActions.Press(id.get(), e.getId(), guild, e.getChannel(), e.getMessageId(),
                e.getUser().getId(), e.getMember(), e.getHook(), words.person(e), words.everyone(e));
        work.execute(() -> guarded(e.getHook(), press.person(), () -> buttons.press(press)));
    }

    @Override
    public void onMessageReceived(MessageReceivedEvent e) {
        if (e.getAuthor().isBot() || e.getAuthor().isSystem() || e.isWebhookMessage()) {
            return;
        }
        if (!e.getChannelType().isThread() && e.isFromGuild()) {
            return;
        }
        ThreadReplies.Incoming in = new ThreadReplies.Incoming(e.getMessage(), e.getChannel(), e.getAuthor().getId(), e.getMember());
        perChannel.execute(e.getChannel().getIdLong(), () -> {
            try {
                replies.handle(in);
            } catch (Throwable failure) {
                log.error("handling message {} failed", e.getMessageId(), failure);
                e.getMessage().reply(Apology.forFailure(words.readersOf(e.getMessage()), failure))
                        .mentionRepliedUser(false).queue();
            }
        });
    }

    @Override
    public void onMessageReactionAdd(MessageReactionAddEvent e) {
        react(e, true);
    }

    @Override
    public void onMessageReactionRemove(MessageReactionRemoveEvent e) {
        react(e, false);
    }

    private void react(GenericMessageReactionEvent e, boolean added) {
        if (e.getUserIdLong() == e.getJDA().getSelfUser().getIdLong() || e.getEmoji().getType() != Emoji.Type.UNICODE) {
            return;
        }
        String guild = e.isFromGuild() ? e.getGuild().getId() : null;
        String emoji = e.getEmoji().getName();
        perChannel.execute(e.getChannel().getIdLong(), () -> {
            try {
                votes.react(guild, e.getChannel().getId(), e.getMessageId(), emoji, e.getUserId(), added);
            } catch (Throwable failure) {
                log.error("counting a reaction on message {} failed", e.getMessageId(), failure);
            }
        });
    }

    /**
     * Claims the interaction for this delivery; false for a copy of one already taken on, here or on another instance.
     * Runs before the acknowledgement, which Discord wants within 3 s: one insert, waited for at most {@link #CLAIM_WAIT}
     * — a database that is away (its pool waits longer for a connection) gets the person an apology in time instead.
     */
    private <T extends Interaction & IReplyCallback> boolean firstDelivery(T e) {
        boolean first;
        try {
            first = CompletableFuture.supplyAsync(() -> deliveries.claim("discord:i:" + e.getId()), work)
                    .get(CLAIM_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException slow) {
            log.warn("claiming interaction {} took longer than {} ms (the database is slow or away); it was answered with an apology",
                    e.getId(), CLAIM_WAIT.toMillis());
            apologise(e, Apology.databaseUnavailable(words.person(e)));
            return false;
        } catch (ExecutionException | RejectedExecutionException failure) {
            Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
            log.error("claiming interaction {} failed", e.getId(), cause);
            apologise(e, Apology.forFailure(words.person(e), cause));
            return false;
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
            return false;
        }
        if (!first) {
            log.info("interaction {} was delivered again; its first delivery answers it", e.getId());
        }
        return first;
    }

    /** An apology only the person sees; Discord refusing it (the interaction expired meanwhile) is one warning, not JDA's ERROR. */
    private static void apologise(IReplyCallback e, String apology) {
        e.reply(apology).setEphemeral(true).queue(null, refused -> log.warn("the apology for interaction {} could not be sent: {}",
                e.getId(), refused.getMessage()));
    }

    /** Runs {@code answer} on the pool and edits the deferred reply with it; a failure still gets an answer. */
    private void answerLater(InteractionHook hook, Words person, java.util.function.Supplier<String> answer) {
        work.execute(() -> guarded(hook, person, () -> hook.editOriginal(answer.get()).queue()));
    }

    private void guarded(InteractionHook hook, Words person, Runnable work) {
        try {
            work.run();
        } catch (InvalidParameterException | EngineRejection e) {
            hook.editOriginal(refusals.explain(e, person)).queue();
        } catch (Throwable e) {
            log.error("a Discord interaction failed", e);
            hook.editOriginal(Apology.forFailure(person, e)).queue();
        }
    }

    /** The command names this answers, as registered. */
    java.util.Set<String> handled() {
        return commands.names();
    }
}
