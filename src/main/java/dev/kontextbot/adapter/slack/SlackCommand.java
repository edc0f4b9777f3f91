package dev.kontextbot.adapter.slack;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.model.File;
import com.slack.api.model.Message;
import dev.kontextbot.adapter.chat.ChatServices;
import dev.kontextbot.adapter.chat.RefusalWords;
import dev.kontextbot.adapter.words.Words;
import dev.kontextbot.adapter.chat.commands.ChatCommand;
import dev.kontextbot.adapter.chat.commands.ChatFile;
import dev.kontextbot.adapter.chat.commands.ChatReply;
import dev.kontextbot.adapter.chat.commands.ChatRequest;
import dev.kontextbot.adapter.chat.commands.CommandCatalogue;
import dev.kontextbot.adapter.chat.commands.Handlers;
import dev.kontextbot.adapter.chat.commands.ReplyInTime;
import dev.kontextbot.adapter.chat.commands.Surface;
import dev.kontextbot.engine.model.ParamOverrides;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * {@code /kontext …}: settings and history answer at once, as do the commands that answer the same everywhere when
 * they are ready in time (else through the response_url after the ack); edits, generations and admin run after the ack.
 */
final class SlackCommand {
    private static final Logger log = LoggerFactory.getLogger(SlackCommand.class);

    private final MethodsClient slack;
    private final SlackSessions sessions;
    private final SlackReplies replies;
    private final SlackActions actions;
    /** Slack wants the ack within 3 s; a neutral command's answer goes with it when it is ready in this long. */
    private static final Duration ANSWER_WAIT = Duration.ofSeconds(2);

    private final SlackAdminCommand admin;
    private final SlackLocales locales;
    private final CommandCatalogue catalogue;
    private final SlackAdmins admins;
    private final Executor pool;
    private final ReplyInTime inTime;
    private final Handlers<Handler> commands;

    /** {@code pool}: where the neutral commands run, the adapter's (so that waiting for it to be idle covers them). */
    SlackCommand(ChatServices core, MethodsClient slack, SlackSessions sessions, SlackReplies replies, SlackActions actions,
                 SlackAdminCommand admin, SlackAdmins admins, SlackLocales locales, Executor pool) {
        this.catalogue = core.commands();
        this.admins = admins;
        this.pool = pool;
        this.inTime = new ReplyInTime(pool, ANSWER_WAIT, new RefusalWords(core.languages(), "slack"));
        this.locales = locales;
        this.slack = slack;
        this.sessions = sessions;
        this.replies = replies;
        this.actions = actions;
        this.admin = admin;
        this.commands = commands(core);
    }

    /** {@code respond}: answers the person after the ack, through the command's response_url. */
    record Invocation(String team, String channel, String user, String text, String triggerId, Consumer<String> respond) {
    }

    /**
     * What answers one {@code /kontext} word: {@code now} gives the answer with the ack, or null when {@code later} has
     * the work to run after it ({@code rest}: what followed the word).
     */
    private record Handler(Function<Invocation, String> now, BiConsumer<Invocation, String> later) {
        /** Answers with the ack or, when that returns null, on its own through the response_url: nothing is left for later. */
        static Handler ackOrRespond(Function<Invocation, String> answer) {
            return new Handler(answer, (in, rest) -> { });
        }

        static Handler afterAck(BiConsumer<Invocation, String> work) {
            return new Handler(in -> null, work);
        }
    }

    /** Every {@code /kontext} word Slack offers and what answers it; {@link Handlers} fails on one the catalogue and this disagree on. */
    private Handlers<Handler> commands(ChatServices core) {
        return Handlers.<Handler>of(Surface.SLACK, catalogue.root())
                .answering(core, command -> Handler.ackOrRespond(in -> answered(command, in)))
                .on(CommandCatalogue.ADMIN, Handler.afterAck((in, rest) -> {
                    // Every admin word asks whether the person is an admin: users.info once, before the answer.
                    boolean administers = admins.isAdmin(in.user());
                    replies.toPerson(in.channel(), null, in.user(), admin.answer(request(in, () -> administers), rest));
                }))
                .on(CommandCatalogue.NEW, Handler.afterAck(unlessRefused((in, words, rest) -> generate(in, words, rest.strip()))))
                .on(CommandCatalogue.EDIT, Handler.afterAck(unlessRefused((in, words, rest) -> edit(in, rest))))
                .build();
    }

    private Handler handler(String text) {
        return commands.get(usage().parse(text).command().name()).orElseThrow();
    }

    private SlackUsage usage() {
        return new SlackUsage(catalogue);
    }

    /** The answer given with the ack, or null when the command has work to run after the ack. A bare {@code /kontext} gets the help. */
    String immediateAnswer(Invocation in) {
        String text = in.text() == null ? "" : in.text().strip();
        return handler(text.isEmpty() ? CommandCatalogue.HELP : text).now().apply(in);
    }

    /** Runs after the ack: what {@link #immediateAnswer} left for later. */
    void run(Invocation in) {
        String text = in.text().strip();
        handler(text).later().accept(in, usage().parse(text).rest());
    }

    /**
     * Slack's bridge for a command that answers the same everywhere: the answer with the ack when it is ready in time;
     * else an empty ack, and the answer through the response_url when it comes.
     */
    private String answered(ChatCommand command, Invocation in) {
        ReplyInTime.Answer answer = inTime.answer(command, request(in, () -> admins.isAdmin(in.user())));
        if (answer instanceof ReplyInTime.Ready ready) {
            return shown(ready.reply());
        }
        if (answer instanceof ReplyInTime.Pending pending) {
            pending.reply().thenAccept(reply -> Optional.ofNullable(shown(reply)).ifPresent(in.respond()));
            return null;
        }
        throw new IllegalStateException("unknown answer " + answer);
    }

    /** The command as every surface describes a command's use; {@code administers}: whether the person is a workspace admin. */
    private ChatRequest request(Invocation in, java.util.function.BooleanSupplier administers) {
        return new ChatRequest(Surface.SLACK, locales.of(in.user()), SlackBot.PLATFORM, in.team(), in.channel(), in.user(),
                administers, Map.of(), new SlackPlace(slack, sessions, in.team(), in.channel()));
    }

    /**
     * What the person is answered; null when nothing. A file cannot be shown to one person only on Slack: it goes into
     * the thread of the session it shows, with the reply's text as its comment, for everyone reviewing the session.
     */
    private String shown(ChatReply reply) {
        if (reply.file().isEmpty()) {
            return reply.text();
        }
        ChatFile file = reply.file().get();
        pool.execute(() -> actions.postFile(file, reply.text()));
        return null;
    }

    private interface Started {
        void run(Invocation in, Words words, String rest);
    }

    /** Work that starts or reads a session: not where the workspace's rules refuse it (channels, quotas). */
    private BiConsumer<Invocation, String> unlessRefused(Started work) {
        return (in, rest) -> {
            Words words = locales.of(in.user());
            Optional<String> refusal = sessions.refusal(words, in.team(), in.channel());
            if (refusal.isPresent()) {
                replies.toPerson(in.channel(), null, in.user(), refusal.get());
            } else {
                work.run(in, words, rest);
            }
        };
    }

    private void generate(Invocation in, Words words, String prompt) {
        String root = replies.toThread(in.channel(), null, words.say("slack.command.askedFor", "user", in.user(),
                "prompt", SlackText.escaped(prompt, SlackText.MESSAGE)));
        if (root != null) {
            sessions.handle(new SlackSessions.Incoming(in.team(), in.channel(), root, in.user(), prompt, null, key(in), ParamOverrides.NONE));
        }
    }

    /** The channel's latest image: in a thread that already has a session the instruction continues it; otherwise that image starts one. */
    private void edit(Invocation in, String instruction) {
        Optional<Message> latest = latestImageMessage(in.channel());
        if (latest.isEmpty()) {
            replies.toPerson(in.channel(), null, in.user(), locales.of(in.user()).say("slack.command.noImage"));
            return;
        }
        Message message = latest.get();
        String thread = message.getThreadTs() != null ? message.getThreadTs() : message.getTs();
        boolean existing = sessions.sessionOf(in.team(), in.channel(), thread).isPresent();
        List<File> files = existing ? null : message.getFiles();
        sessions.handle(new SlackSessions.Incoming(in.team(), in.channel(), thread, in.user(), instruction, files, key(in), ParamOverrides.NONE));
    }

    private static String key(Invocation in) {
        return "slack:command:" + in.triggerId();
    }

    private Optional<Message> latestImageMessage(String channel) {
        try {
            var history = slack.conversationsHistory(r -> r.channel(channel).limit(30));
            if (!history.isOk()) {
                log.warn("Slack conversations.history failed: {}", history.getError());
                return Optional.empty();
            }
            return history.getMessages().stream()
                    .filter(m -> m.getFiles() != null && m.getFiles().stream().anyMatch(f -> f.getMimetype() != null && f.getMimetype().startsWith("image/")))
                    .findFirst();
        } catch (IOException | SlackApiException e) {
            log.warn("Slack conversations.history failed: {}", e.getMessage());
            return Optional.empty();
        }
    }

    /** The command names this answers, as registered. */
    java.util.Set<String> handled() {
        return commands.names();
    }
}
