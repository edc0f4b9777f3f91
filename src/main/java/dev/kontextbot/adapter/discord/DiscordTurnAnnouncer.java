package dev.kontextbot.adapter.discord;

import dev.kontextbot.adapter.chat.ProgressThrottle;
import dev.kontextbot.adapter.chat.SerialPerKeyExecutor;
import dev.kontextbot.adapter.chat.SessionPictures;
import dev.kontextbot.adapter.words.Words;
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
import net.dv8tion.jda.api.utils.FileUpload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Shows each Discord turn as one message in its session's thread (or DM), posted when queued and edited in place
 * as it runs and ends; the variants are attached to it when done. Discord calls run on the adapter's pool, in
 * order per turn, so the engine never waits on Discord. The message is posted and edited by channel and message id
 * over REST: a turn's events fire on whichever instance queued or runs it, which need not run the shard of the
 * turn's guild, nor have its thread in cache.
 */
final class DiscordTurnAnnouncer implements TurnListener {
    private static final Logger log = LoggerFactory.getLogger(DiscordTurnAnnouncer.class);
    /** Discord allows about five edits per five seconds per channel; progress stays well below. */
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);

    private final ConversationEngine engine;
    private final DiscordRestMessages restMessages;
    private final ImageStore images;
    private final AnnouncementRepository announcements;
    private final SerialPerKeyExecutor executor;
    private final long maxUploadBytes;
    private final TurnMessages messages = new TurnMessages();
    private final DiscordWords words;
    private final UploadFitter fitter;
    private final ProgressThrottle progress;

    DiscordTurnAnnouncer(ConversationEngine engine, DiscordRestMessages restMessages, ImageStore images,
                         AnnouncementRepository announcements, Executor executor, Clock clock, long maxUploadBytes, DiscordWords words) {
        this.words = words;
        this.engine = engine;
        this.restMessages = restMessages;
        this.images = images;
        this.announcements = announcements;
        this.executor = new SerialPerKeyExecutor(executor);
        this.progress = new ProgressThrottle(clock, PROGRESS_EVERY);
        this.maxUploadBytes = maxUploadBytes;
        this.fitter = new UploadFitter(engine.decoder());
    }

    @Override
    public void onQueued(Turn turn, int position) {
        onDiscord(turn, session -> show(turn, session, messages.queued(words.everyone(session.conversation()), turn, position, engine.estimateMicros(turn)), false));
    }

    @Override
    public void onProgress(Turn turn, JobProgress stage, Duration elapsed) {
        if (!progress.due(turn.id())) {
            return;
        }
        onDiscord(turn, session -> {
            // Progress and the end come from different engine threads: a late "generating" must not cover the result.
            if (!stillRunning(turn.id())) {
                return;
            }
            show(turn, session, messages.generating(words.everyone(session.conversation()), turn, stage, elapsed), true);
        });
    }

    private boolean stillRunning(long turnId) {
        return engine.turn(turnId).map(t -> !t.status().isFinal()).orElse(false);
    }

    @Override
    public void onDone(Turn turn, List<Variant> variants) {
        progress.forget(turn.id());
        onDiscord(turn, session -> {
            List<FileUpload> files = uploads(turn, variants);
            Words everyone = words.everyone(session.conversation());
            show(turn, session, messages.done(everyone, turn, variants, headIndex(turn.id()), engine.scores(session.id()),
                    SessionPictures.driftWarning(everyone, engine.drift(session.id())), files), true);
        });
    }

    /** The fidelity beside each variant, and the drift warning, once they are measured. */
    @Override
    public void onScored(Turn turn) {
        onDiscord(turn, session -> redraw(turn.id()));
    }

    /**
     * The turn as its row keeps it carries its typed reason, a provider's failure included: said in the thread's
     * language, as every later drawing of it is (the stored English is for logs and older readers).
     */
    @Override
    public void onFailed(Turn turn) {
        progress.forget(turn.id());
        onDiscord(turn, session -> show(turn, session, messages.ended(words.everyone(session.conversation()), turn), true));
    }

    /** Lets the updates already handed over reach Discord, before the connection closes. */
    void finishPending(Duration timeout) throws InterruptedException {
        executor.awaitIdle(timeout);
    }

    /** Draws a finished turn again, keeping its attachments (after a vote, a pick or an undo moved the head). */
    void redrawLater(long turnId) {
        executor.execute(turnId, () -> guarded(turnId, () -> redraw(turnId)));
    }

    /** Redraws every finished turn of the session: the head mark moves between them. */
    void redrawSession(long sessionId) {
        engine.snapshot(sessionId).turns().stream().filter(t -> !t.variants().isEmpty()).forEach(t -> redrawLater(t.turn().id()));
    }

    /** Replaces the turn's message by a note that it was deleted; its images leave the chat. */
    void showDeleted(Turn turn, String by) {
        executor.execute(turn.id(), () -> guarded(turn.id(), () -> announcements.ofTurn(turn.id())
                .ifPresent(a -> edit(a, messages.deleted(words.everyone(engine.session(turn.sessionId()).conversation()), turn, by)))));
    }

    private void redraw(long turnId) {
        SessionSnapshot snapshot = engine.snapshot(engine.turn(turnId).orElseThrow().sessionId());
        Optional<SessionSnapshot.TurnSnapshot> view = snapshot.turns().stream().filter(t -> t.turn().id() == turnId).findFirst();
        Optional<Announcement> announcement = announcements.ofTurn(turnId);
        if (view.isEmpty() || announcement.isEmpty() || view.get().variants().isEmpty()) {
            return;
        }
        Words everyone = words.everyone(snapshot.session().conversation());
        edit(announcement.get(), messages.done(everyone, view.get().turn(), view.get().variants(), headIndex(snapshot, turnId),
                engine.scores(snapshot.session().id()), SessionPictures.driftWarning(everyone, engine.drift(snapshot.session().id())), List.of()));
    }

    private int headIndex(long turnId) {
        return headIndex(engine.snapshot(engine.turn(turnId).orElseThrow().sessionId()), turnId);
    }

    private static int headIndex(SessionSnapshot snapshot, long turnId) {
        return snapshot.turns().stream().filter(t -> t.turn().id() == turnId).flatMap(t -> t.variants().stream())
                .filter(v -> v.context().equals(snapshot.session().head())).mapToInt(Variant::index).findFirst().orElse(-1);
    }

    private void onDiscord(Turn turn, Consumer<Session> work) {
        executor.execute(turn.id(), () -> guarded(turn.id(), () -> {
            Session session = engine.session(turn.sessionId());
            if (DiscordBot.PLATFORM.equals(session.conversation().platform())) {
                work.accept(session);
            }
        }));
    }

    /**
     * Edits the turn's message, or posts it when there is none yet (the queued post failed, or this is the first
     * event). With several instances, the one that queued a turn and the one that runs it can both find no message
     * yet and post one: the message stored first is kept and this one deleted; its content goes onto the kept
     * message when it is the later news ({@code news}: anything but the queued message).
     */
    private void show(Turn turn, Session session, TurnMessages.Rendered rendered, boolean news) {
        Optional<Announcement> announcement = announcements.ofTurn(turn.id());
        if (announcement.isPresent()) {
            edit(announcement.get(), rendered);
            return;
        }
        // A session keeps the id of the channel its messages go to (its thread, or the DM channel): no lookup, no cache.
        String channel = DiscordPlaces.messageChannel(session.conversation());
        String posted = restMessages.post(channel, rendered.create());
        Announcement kept = announcements.save(new Announcement(turn.id(), DiscordBot.PLATFORM, channel, posted, List.of()));
        if (!kept.messageId().equals(posted)) {
            restMessages.delete(channel, posted);
            if (news) {
                edit(kept, rendered);
            }
        }
    }

    private void edit(Announcement announcement, TurnMessages.Rendered rendered) {
        restMessages.edit(announcement.channel(), announcement.messageId(), rendered.edit());
    }

    /** One file per variant, full quality where Discord's upload limit allows; the whole message stays under it. */
    private List<FileUpload> uploads(Turn turn, List<Variant> variants) {
        long perFile = maxUploadBytes / Math.max(1, variants.size());
        List<FileUpload> files = new ArrayList<>();
        for (Variant variant : variants) {
            try {
                byte[] bytes = images.read(variant.image());
                UploadFitter.Fitted fitted = fitter.fit(bytes, UploadFitter.extensionOf(bytes), perFile);
                files.add(FileUpload.fromData(fitted.bytes(), "kontext-" + turn.id() + "-" + (variant.index() + 1) + "." + fitted.extension()));
            } catch (IOException e) {
                log.error("variant {} of turn {} is missing from the image store", variant.index(), turn.id(), e);
            }
        }
        return files;
    }

    private void guarded(long turnId, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            // A Discord error (deleted thread, missing access, rate limit exhausted) must not stop the next update.
            log.warn("showing turn {} in Discord failed: {}", turnId, e.toString());
        }
    }
}
