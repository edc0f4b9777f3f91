package dev.kontextbot.adapter.chat.commands;

import dev.kontextbot.adapter.chat.Apology;
import dev.kontextbot.adapter.chat.RefusalWords;
import dev.kontextbot.engine.model.EngineRejection;
import dev.kontextbot.engine.model.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a {@link ChatCommand} for a surface that must acknowledge within seconds (Discord and Slack: 3 s): the reply
 * goes with the acknowledgement when it is ready within {@code budget}, which most are (the help, a database read);
 * otherwise the surface acknowledges at once and answers when the reply comes. A handler's failure is its reply too:
 * a rejection's own message, or an apology.
 */
public final class ReplyInTime {
    private static final Logger log = LoggerFactory.getLogger(ReplyInTime.class);

    private final Executor pool;
    private final Duration budget;
    private final RefusalWords refusals;

    public ReplyInTime(Executor pool, Duration budget, RefusalWords refusals) {
        this.pool = pool;
        this.budget = budget;
        this.refusals = refusals;
    }

    /** What became of a command within the budget. */
    public sealed interface Answer permits Ready, Pending {
    }

    /** Ready in time: answer with the acknowledgement. */
    public record Ready(ChatReply reply) implements Answer {
    }

    /** Still working: acknowledge first, then attach to {@code reply} (it never completes exceptionally). */
    public record Pending(CompletableFuture<ChatReply> reply) implements Answer {
    }

    public Answer answer(ChatCommand command, ChatRequest request) {
        CompletableFuture<ChatReply> reply;
        try {
            reply = CompletableFuture.supplyAsync(() -> safely(command, request), pool);
        } catch (RejectedExecutionException stopping) {
            log.warn("a command arrived while the adapter is stopping: {}", stopping.getMessage());
            return new Ready(new ChatReply(Apology.sorry(request.words())));
        }
        try {
            return new Ready(reply.get(budget.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException slow) {
            return new Pending(reply);
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
            return new Pending(reply);
        } catch (ExecutionException impossible) {
            throw new IllegalStateException("safely() answers every failure", impossible.getCause());
        }
    }

    /** The command's reply, or what its failure tells the person; nothing escapes. */
    ChatReply safely(ChatCommand command, ChatRequest request) {
        try {
            return command.answer(request);
        } catch (InvalidParameterException | EngineRejection refused) {
            return new ChatReply(refusals.explain(refused, request.words()));
        } catch (RuntimeException | Error failure) {
            log.error("the {} command failed for user {}", request.surface(), request.user(), failure);
            return new ChatReply(Apology.forFailure(request.words(), failure));
        }
    }
}
