package dev.kontextbot.adapter.slack;

import dev.kontextbot.adapter.words.Words;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.methods.request.files.FilesUploadV2Request;
import com.slack.api.methods.response.files.FilesUploadV2Response;
import dev.kontextbot.adapter.chat.ProgressThrottle;
import dev.kontextbot.adapter.chat.SerialPerKeyExecutor;
import dev.kontextbot.adapter.chat.SessionPictures;
import dev.kontextbot.engine.ConversationEngine;
import dev.kontextbot.engine.SessionSnapshot;
import dev.kontextbot.engine.TurnListener;
import dev.kontextbot.engine.model.Session;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.port.JobProgress;
import dev.kontextbot.engine.model.Variant;
import dev.kontextbot.engine.port.AnnouncementRepository;
import dev.kontextbot.engine.port.AnnouncementRepository.Announcement;
import dev.kontextbot.engine.port.ImageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/**
 * Shows each Slack turn as one message in its thread, posted when queued and updated in place (chat.update)
 * as it runs and ends. Slack calls run on the adapter's own pool — in order for each turn, side by side across
 * turns — so the engine never waits.
 */
final class SlackTurnAnnouncer implements TurnListener {
    private static final Logger log = LoggerFactory.getLogger(SlackTurnAnnouncer.class);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(3);
    /** Slack's answers when a message's blocks break a Block Kit rule; the same message as plain text is accepted. */
    private static final java.util.Set<String> BLOCKS_REFUSED = java.util.Set.of("invalid_blocks", "invalid_blocks_format",
            "msg_blocks_too_long", "msg_too_long", "too_many_blocks");

    private final SlackLocales locales;
    private final ConversationEngine engine;
    private final MethodsClient slack;
    private final ImageStore images;
    private final AnnouncementRepository announcements;
    private final SerialPerKeyExecutor executor;
    private final SlackBlocks blocks = new SlackBlocks();
    private final ProgressThrottle progress;

    SlackTurnAnnouncer(ConversationEngine engine, MethodsClient slack, ImageStore images, AnnouncementRepository announcements,
                       ExecutorService executor, Clock clock, SlackLocales locales) {
        this.locales = locales;
        this.engine = engine;
        this.slack = slack;
        this.images = images;
        this.announcements = announcements;
        this.executor = new SerialPerKeyExecutor(executor);
        this.progress = new ProgressThrottle(clock, PROGRESS_EVERY);
    }

    @Override
    public void onQueued(Turn turn, int position) {
        onSlack(turn, session -> post(turn, session, blocks.queued(words(turn), turn, position, engine.estimateMicros(turn)), false));
    }

    @Override
    public void onProgress(Turn turn, JobProgress stage, Duration elapsed) {
        if (!progress.due(turn.id())) {
            return;
        }
        onSlack(turn, session -> {
            // Progress and the end come from different engine threads: a late "generating" must not cover the result.
            if (!stillRunning(turn.id())) {
                return;
            }
            show(turn, session, blocks.generating(words(turn), turn, stage, elapsed));
        });
    }

    private boolean stillRunning(long turnId) {
        return engine.turn(turnId).map(t -> !t.status().isFinal()).orElse(false);
    }

    @Override
    public void onDone(Turn turn, List<Variant> variants) {
        progress.forget(turn.id());
        onSlack(turn, session -> {
            List<String> files = upload(turn, session, variants);
            announcements.ofTurn(turn.id()).ifPresent(a -> announcements.saveMedia(turn.id(), files));
            redraw(turn.id());
        });
    }

    /** The fidelity beside each variant, and the drift warning, once they are measured. */
    @Override
    public void onScored(Turn turn) {
        onSlack(turn, session -> redraw(turn.id()));
    }

    /**
     * The turn as its row keeps it carries its typed reason, a provider's failure included: said in the requester's
     * language, as every later drawing of it is (the stored English is for logs and older readers).
     */
    @Override
    public void onFailed(Turn turn) {
        progress.forget(turn.id());
        onSlack(turn, session -> show(turn, session, blocks.ended(words(turn), turn)));
    }

    /** Draws a finished turn again (after a vote, a pick or an undo moved the head). */
    void redraw(long turnId) {
        Turn turn = engine.turn(turnId).orElseThrow();
        SessionSnapshot snapshot = engine.snapshot(turn.sessionId());
        Optional<SessionSnapshot.TurnSnapshot> view = snapshot.turns().stream().filter(t -> t.turn().id() == turnId).findFirst();
        Optional<Announcement> announcement = announcements.ofTurn(turnId);
        if (view.isEmpty() || announcement.isEmpty() || view.get().variants().isEmpty()) {
            return;
        }
        int headIndex = view.get().variants().stream().filter(v -> v.context().equals(snapshot.session().head()))
                .mapToInt(Variant::index).findFirst().orElse(-1);
        long sessionId = snapshot.session().id();
        Words words = words(turn);
        update(announcement.get(), blocks.done(words, view.get().turn(), view.get().variants(), headIndex, engine.scores(sessionId),
                SessionPictures.driftWarning(words, engine.drift(sessionId))));
    }

    /**
     * A turn's message is for everyone in the thread, and Slack has no workspace language: it is in the language of
     * who asked for the turn (what they read while it runs).
     */
    private Words words(Turn turn) {
        return locales.of(turn.requestedBy());
    }

    /** Until every message update handed over so far is sent (or {@code timeout} passed). */
    void awaitIdle(Duration timeout) throws InterruptedException {
        executor.awaitIdle(timeout);
    }

    void redrawLater(long turnId) {
        executor.execute(turnId, () -> guarded(turnId, () -> redraw(turnId)));
    }

    private void onSlack(Turn turn, java.util.function.Consumer<Session> work) {
        executor.execute(turn.id(), () -> guarded(turn.id(), () -> {
            Session session = engine.session(turn.sessionId());
            if (SlackBot.PLATFORM.equals(session.conversation().platform())) {
                work.accept(session);
            }
        }));
    }

    /**
     * Posts the turn's message. With several bot instances, the one that queued a turn and the one that runs it can
     * both find no message yet and post one: the message stored first is kept and this one deleted; its content goes
     * onto the kept message when it is the later news ({@code news}: anything but the queued message).
     */
    private void post(Turn turn, Session session, SlackBlocks.Message message, boolean news) {
        ChatPostMessageResponse response = withPlainFallback("chat.postMessage", message, shown -> slack.chatPostMessage(r -> r
                .channel(session.conversation().channel()).threadTs(session.conversation().thread())
                .text(shown.text()).blocks(shown.blocks())));
        if (response != null) {
            String channel = response.getChannel() == null ? session.conversation().channel() : response.getChannel();
            Announcement kept = announcements.save(new Announcement(turn.id(), SlackBot.PLATFORM, channel, response.getTs(), List.of()));
            if (!kept.messageId().equals(response.getTs())) {
                call("chat.delete", () -> slack.chatDelete(r -> r.channel(channel).ts(response.getTs())));
                if (news) {
                    update(kept, message);
                }
            }
        }
    }

    /** Updates the turn's message, or posts it when the queued message never made it. */
    private void show(Turn turn, Session session, SlackBlocks.Message message) {
        Optional<Announcement> announcement = announcements.ofTurn(turn.id());
        if (announcement.isPresent()) {
            update(announcement.get(), message);
        } else {
            post(turn, session, message, true);
        }
    }

    private void update(Announcement announcement, SlackBlocks.Message message) {
        withPlainFallback("chat.update", message, shown -> slack.chatUpdate(r -> r.channel(announcement.channel())
                .ts(announcement.messageId()).text(shown.text()).blocks(shown.blocks())));
    }

    /**
     * Sends the message; when Slack refuses its blocks (a limit this code does not know of, say), sends it again as plain
     * text, so the turn still shows its state — without buttons, but reactions still vote on it.
     */
    private <T extends SlackApiTextResponse> T withPlainFallback(String method, SlackBlocks.Message message, SlackSend<T> send) {
        T response = send(method, () -> send.to(message));
        if (response == null || response.isOk()) {
            return response;
        }
        if (!BLOCKS_REFUSED.contains(response.getError())) {
            log.warn("Slack {} failed: {}", method, response.getError());
            return null;
        }
        T plain = send(method, () -> send.to(SlackBlocks.plainOnly(message)));
        // One line for the one message, whichever way it went (send has logged an unreachable Slack already).
        if (plain != null && plain.isOk()) {
            log.warn("Slack {} refused the blocks ({}); sent plain text instead", method, response.getError());
            return plain;
        }
        if (plain != null) {
            log.warn("Slack {} failed: {} as plain text, after refusing the blocks ({})", method, plain.getError(), response.getError());
        }
        return null;
    }

    interface SlackSend<T extends SlackApiTextResponse> {
        T to(SlackBlocks.Message message) throws IOException, SlackApiException;
    }

    /** All variants in one upload into the session's thread, full quality; returns their file ids in order. */
    private List<String> upload(Turn turn, Session session, List<Variant> variants) {
        List<FilesUploadV2Request.UploadFile> files = new ArrayList<>();
        for (Variant variant : variants) {
            byte[] bytes;
            try {
                bytes = images.read(variant.image());
            } catch (IOException e) {
                log.error("variant {} of turn {} is missing from the image store", variant.index(), turn.id(), e);
                return List.of();
            }
            String extension = images.find(variant.image()).map(i -> i.mime().endsWith("png") ? "png" : "jpg").orElse("png");
            files.add(FilesUploadV2Request.UploadFile.builder().fileData(bytes)
                    .filename("kontext-" + turn.id() + "-" + (variant.index() + 1) + "." + extension)
                    .title(words(turn).say("slack.turn.fileTitle", "number", variant.index() + 1, "seed", String.valueOf(variant.seed()))).build());
        }
        FilesUploadV2Response response = call("files.uploadV2", () -> slack.filesUploadV2(r -> r
                .channel(session.conversation().channel()).threadTs(session.conversation().thread())
                .initialComment("“" + SlackText.escaped(turn.prompt(), SlackText.SECTION) + "”").uploadFiles(files)));
        return response == null || response.getFiles() == null ? List.of()
                : response.getFiles().stream().map(com.slack.api.model.File::getId).toList();
    }

    /** Uploads a file about the session (its timeline, its export) into the session's thread, for everyone reviewing it. */
    void showFile(long sessionId, byte[] bytes, String fileName, String comment) {
        Session session = engine.session(sessionId);
        call("files.uploadV2", () -> slack.filesUploadV2(r -> r.channel(session.conversation().channel())
                .threadTs(session.conversation().thread()).initialComment(comment)
                .uploadFiles(List.of(FilesUploadV2Request.UploadFile.builder().fileData(bytes).filename(fileName).title(comment).build()))));
    }

    interface SlackCall<T extends SlackApiTextResponse> {
        T run() throws IOException, SlackApiException;
    }

    /** A failed Slack call is logged (method and error, never the token) and the turn's state stays as stored. */
    private <T extends SlackApiTextResponse> T call(String method, SlackCall<T> call) {
        T response = send(method, call);
        if (response != null && !response.isOk()) {
            log.warn("Slack {} failed: {}", method, response.getError());
            return null;
        }
        return response;
    }

    /** The response, ok or not; null when Slack could not be reached. */
    private <T extends SlackApiTextResponse> T send(String method, SlackCall<T> call) {
        try {
            return call.run();
        } catch (IOException | SlackApiException e) {
            log.warn("Slack {} failed: {}", method, e.getMessage());
            return null;
        }
    }

    /** Nobody waits on these tasks: what escapes one is logged once, with its stack, and the next task runs. */
    private void guarded(long turnId, Runnable work) {
        try {
            work.run();
        } catch (Throwable e) {
            log.error("showing turn {} in Slack failed", turnId, e);
        }
    }
}
