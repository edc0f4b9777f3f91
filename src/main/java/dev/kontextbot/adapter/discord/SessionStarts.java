package dev.kontextbot.adapter.discord;

import dev.kontextbot.adapter.chat.RefusalWords;
import dev.kontextbot.adapter.words.Words;
import dev.kontextbot.engine.ConversationEngine;
import dev.kontextbot.engine.model.EngineRejection;
import dev.kontextbot.engine.ScopedDefaults;
import dev.kontextbot.engine.image.UnusableImageException;
import dev.kontextbot.engine.model.Conversation;
import dev.kontextbot.engine.model.InvalidParameterException;
import dev.kontextbot.engine.model.ParamOverrides;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.channel.attribute.IThreadContainer;
import net.dv8tion.jda.api.entities.channel.concrete.PrivateChannel;
import net.dv8tion.jda.api.entities.channel.concrete.ThreadChannel;
import net.dv8tion.jda.api.entities.channel.middleman.GuildMessageChannel;
import net.dv8tion.jda.api.entities.channel.middleman.MessageChannel;
import net.dv8tion.jda.api.utils.FileUpload;
import net.dv8tion.jda.api.utils.messages.MessageCreateBuilder;

import java.util.List;
import java.util.Optional;

/**
 * Opens a session where a person asked: a new thread under a server channel (hanging off a starter message with
 * the source image, or off the person's own message for "Edit with Kontext"), the thread the command was used in,
 * or the DM. Everything that could refuse the request is checked before anything is posted, so a refused request
 * leaves no empty thread behind.
 */
final class SessionStarts {
    private static final int THREAD_NAME = 90;

    private final ConversationEngine engine;
    private final ScopedDefaults defaults;
    private final UploadFitter fitter;
    private final long maxUploadBytes;
    private final RefusalWords refusals;

    SessionStarts(ConversationEngine engine, ScopedDefaults defaults, UploadFitter fitter, long maxUploadBytes, RefusalWords refusals) {
        this.refusals = refusals;
        this.engine = engine;
        this.defaults = defaults;
        this.fitter = fitter;
        this.maxUploadBytes = maxUploadBytes;
    }

    /**
     * {@code image} null: generate from text. {@code anchor}: a message in {@code channel} to hang the thread on
     * instead of a starter message (the person's own image), or null. {@code references}: images 2..N of the first turn.
     */
    record Request(String guildId, MessageChannel channel, String user, byte[] image, String prompt, ParamOverrides params,
                   String requestKey, Message anchor, List<byte[]> references) {
        Request {
            references = references == null ? List.of() : List.copyOf(references);
        }

        /** {@code images}: image 1 (edited) first, then the references; none to generate from text. */
        static Request of(String guildId, MessageChannel channel, String user, List<byte[]> images, String prompt, ParamOverrides params,
                          String requestKey, Message anchor) {
            return new Request(guildId, channel, user, images.isEmpty() ? null : images.get(0), prompt, params, requestKey, anchor,
                    images.size() < 2 ? List.of() : images.subList(1, images.size()));
        }

        private ConversationEngine.StartCommand in(Conversation place, ParamOverrides resolved) {
            return new ConversationEngine.StartCommand(place, user, image, prompt, resolved, requestKey, references);
        }
    }

    /** Opens the session and answers, for the person, where it is or why it could not start. */
    /** {@code person}: the words for who asked; {@code everyone}: for the message that starts the session in the channel. */
    String open(Request r, Words person, Words everyone) {
        if (engine.turnForRequest(r.requestKey()).isPresent()) {
            return person.say("discord.start.again");
        }
        Optional<Conversation> existingPlace = placeWithoutNewThread(r);
        String tenant = DiscordPlaces.tenantOf(r.guildId(), r.user());
        String defaultsScope = existingPlace.map(Conversation::channel).orElse(r.channel().getId());
        ParamOverrides params = r.params().over(defaults.forNewSession(DiscordBot.PLATFORM, tenant, defaultsScope));
        Conversation probe = existingPlace.orElse(DiscordPlaces.thread(tenant, r.channel().getId(), r.channel().getId()));
        try {
            engine.check(r.in(probe, params));
        } catch (EngineRejection | InvalidParameterException | UnusableImageException e) {
            return refusals.explain(e, person.locale());
        }
        if (existingPlace.isPresent() && !DiscordPlaces.isDirect(existingPlace.get()) && engine.sessionIn(existingPlace.get()).isPresent()) {
            return person.say("discord.start.threadHasSession");
        }
        if (existingPlace.isEmpty() && !(r.channel() instanceof IThreadContainer && r.channel() instanceof GuildMessageChannel)) {
            return person.say("discord.start.noThread");
        }
        Conversation place = existingPlace.isPresent() ? postStarter(r, existingPlace.get(), everyone) : openThread(r, everyone);
        try {
            engine.start(r.in(place, params));
        } catch (EngineRejection | InvalidParameterException | UnusableImageException e) {
            // Only a race (a quota or the provider's circuit changing since the check) lands here.
            return refusals.explain(e, person.locale());
        }
        return DiscordPlaces.isDirect(place) ? person.say("discord.start.inDm") : person.say("discord.start.inThread", "thread", place.thread());
    }

    /** A thread or DM the session can live in as it is; empty when a new thread must be opened under a channel. */
    private static Optional<Conversation> placeWithoutNewThread(Request r) {
        if (r.channel() instanceof ThreadChannel thread) {
            return Optional.of(DiscordPlaces.thread(thread.getGuild().getId(), thread.getParentChannel().getId(), thread.getId()));
        }
        if (r.channel() instanceof PrivateChannel dm) {
            return Optional.of(DiscordPlaces.directMessages(r.user(), dm.getId(), r.requestKey()));
        }
        return Optional.empty();
    }

    private Conversation postStarter(Request r, Conversation place, Words everyone) {
        if (r.anchor() == null) {
            r.channel().sendMessage(starter(r, everyone)).complete();
        }
        return place;
    }

    private Conversation openThread(Request r, Words everyone) {
        Message root = r.anchor() != null ? r.anchor() : r.channel().sendMessage(starter(r, everyone)).complete();
        ThreadChannel thread = root.createThreadChannel(threadName(r.prompt())).complete();
        return DiscordPlaces.thread(thread.getGuild().getId(), r.channel().getId(), thread.getId());
    }

    private net.dv8tion.jda.api.utils.messages.MessageCreateData starter(Request r, Words everyone) {
        String verb = everyone.say(r.image() == null ? "discord.start.asked" : "discord.start.started", "user", r.user(),
                "prompt", TurnMessages.quoted(r.prompt()));
        MessageCreateBuilder message = new MessageCreateBuilder()
                .setContent(verb + "\n" + everyone.say("discord.start.hint"))
                .setAllowedMentions(List.of());
        if (r.image() != null) {
            try {
                UploadFitter.Fitted fitted = fitter.fit(r.image(), UploadFitter.extensionOf(r.image()), maxUploadBytes);
                message.setFiles(FileUpload.fromData(fitted.bytes(), "source." + fitted.extension()));
            } catch (UnusableImageException e) {
                // A WebP or AVIF over Discord's limit: Java cannot shrink it, and the session works without showing it.
                message.addContent("\n" + everyone.say("discord.start.sourceTooLarge"));
            }
        }
        return message.build();
    }

    static String threadName(String prompt) {
        String oneLine = prompt.replaceAll("\\s+", " ").strip();
        return oneLine.length() > THREAD_NAME ? oneLine.substring(0, THREAD_NAME - 1) + "…" : oneLine;
    }
}
