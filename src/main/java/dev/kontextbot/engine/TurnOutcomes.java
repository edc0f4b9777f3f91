package dev.kontextbot.engine;

import dev.kontextbot.engine.image.ImageInspector;
import dev.kontextbot.engine.image.InspectedImage;
import dev.kontextbot.engine.image.UnusableImageException;
import dev.kontextbot.engine.model.ProviderFailure;
import dev.kontextbot.engine.model.StoredImage;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.TurnFailure;
import dev.kontextbot.engine.model.TurnStatus;
import dev.kontextbot.engine.model.Variant;
import dev.kontextbot.engine.port.FailureKind;
import dev.kontextbot.engine.port.FailureTexts;
import dev.kontextbot.engine.port.GeneratedImage;
import dev.kontextbot.engine.port.HeadChange;
import dev.kontextbot.engine.port.ImageStore;
import dev.kontextbot.engine.port.ImageUrlRepository;
import dev.kontextbot.engine.port.KontextProvider;
import dev.kontextbot.engine.port.SessionRepository;
import dev.kontextbot.engine.port.Transactions;
import dev.kontextbot.engine.port.TurnRepository;
import dev.kontextbot.engine.review.VariantScoring;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Writes how a turn ended, exactly once: the images and the new head in one transaction for a success, the
 * status and a reason for anything else. Returns whether this call was the one that ended it, so a late poll
 * result after a cancel is dropped instead of announced.
 */
final class TurnOutcomes {
    private static final Logger log = LoggerFactory.getLogger(TurnOutcomes.class);

    private final TurnRepository turns;
    private final SessionRepository sessions;
    private final ImageStore images;
    private final ImageUrlRepository imageUrls;
    private final Transactions transactions;
    private final ImageInspector outputInspector;
    private final EngineEvents events;
    private final Clock clock;
    private final VariantScoring scoring;
    private final Executor scoringThreads;
    /** The instance whose turns these are: a turn taken over by another instance is no longer ended from here. */
    private final String instance;
    /** What the variants cost. */
    private final KontextProvider provider;
    /** The English kept in the error column next to the typed reason. */
    private final FailureTexts texts;

    TurnOutcomes(TurnRepository turns, SessionRepository sessions, ImageStore images, ImageUrlRepository imageUrls, Transactions transactions,
                 ImageInspector outputInspector, EngineEvents events, Clock clock, VariantScoring scoring, Executor scoringThreads,
                 String instance, KontextProvider provider, FailureTexts texts) {
        this.turns = turns;
        this.sessions = sessions;
        this.images = images;
        this.imageUrls = imageUrls;
        this.transactions = transactions;
        this.outputInspector = outputInspector;
        this.events = events;
        this.clock = clock;
        this.scoring = scoring;
        this.scoringThreads = scoringThreads;
        this.instance = instance;
        this.provider = provider;
        this.texts = texts;
    }

    /**
     * {@code shortfall}: why fewer variants arrived than were asked for; it is stored with the done turn, every surface
     * shows it, and only the variants that arrived are charged.
     */
    boolean complete(Turn turn, List<GeneratedImage> generated, Optional<ProviderFailure> shortfall) {
        return complete(turn, generated, shortfall, java.util.OptionalLong.empty());
    }

    /** {@code reportedCost}: what the service said the turn cost, recorded instead of the estimate when present. */
    boolean complete(Turn turn, List<GeneratedImage> generated, Optional<ProviderFailure> shortfall, java.util.OptionalLong reportedCost) {
        List<Variant> arrived = turns.arrivals(turn.id());
        if (generated.isEmpty() && arrived.isEmpty()) {
            return fail(turn, FailureKind.PROVIDER_ERROR, shortfall.<TurnFailure>map(TurnFailure.Failed::new).orElseGet(TurnFailure.NoImage::new));
        }
        List<Variant> variants = new ArrayList<>(arrived);
        try {
            variants.addAll(store(turn, generated, arrived.size()));
        } catch (UnusableImageException e) {
            return fail(turn, FailureKind.PROVIDER_ERROR, new TurnFailure.UnusableImage());
        }
        return completeWith(turn, instance, variants, shortfall.map(TurnFailure.Failed::new), reportedCost);
    }

    /**
     * Some variants arrived before the rest ({@link dev.kontextbot.engine.port.PollOutcome.Progress}): they are stored
     * at once with the job token that no longer asks for them. False when the turn is no longer this instance's.
     */
    boolean arrived(Turn turn, List<GeneratedImage> generated, String job) {
        List<Variant> variants = new ArrayList<>();
        int next = turns.arrivals(turn.id()).size();
        for (GeneratedImage image : generated) {
            try {
                variants.addAll(store(turn, List.of(image), next + variants.size()));
            } catch (UnusableImageException e) {
                // Left out here; the turn's shortfall counts it when the turn completes.
                log.warn("turn {}: a variant that arrived is not a usable image ({})", turn.id(), e.getMessage());
            }
        }
        return turns.storeProgress(turn.id(), instance, job, variants);
    }

    /** {@code holder}: the instance that must still hold the turn; null completes it whoever holds it. */
    private boolean completeWith(Turn turn, String holder, List<Variant> variants, Optional<TurnFailure> stated, java.util.OptionalLong reportedCost) {
        int asked = turn.params().numImages();
        // The last guard of "never fewer variants without a word": a provider that gave fewer and did not say why.
        Optional<TurnFailure> shortfall = stated.isPresent() || variants.size() >= asked ? stated
                : Optional.of(new TurnFailure.Partial(variants.size(), asked, null));
        long cost = reportedCost.orElse(provider.pricePerImageMicros(turn.params().model()) * variants.size());
        // The done turn is read inside the transaction: once it commits, nothing but handing out the event is left, so
        // a process that dies right after its commit very rarely leaves a result unannounced.
        Optional<Turn> ended = transactions.inTransaction(() -> {
            if (!turns.complete(turn.id(), holder, variants, cost, shortfall.map(texts::of), shortfall.orElse(null), clock.instant())) {
                return Optional.<Turn>empty();
            }
            Variant first = variants.get(0);
            sessions.changeHead(turn.sessionId(), new HeadChange(first.context(), first.ref(), HeadChange.Reason.TURN));
            return turns.find(turn.id());
        });
        if (ended.isPresent()) {
            Turn done = ended.get();
            events.onDone(done, variants);
            // Measuring a 2-megapixel edit against its parent takes a tenth of a second of CPU: the result is shown
            // first, the scores follow on threads of their own.
            try {
                scoringThreads.execute(() -> {
                    scoring.save(scoring.score(done, variants));
                    events.onScored(done);
                });
            } catch (RejectedExecutionException e) {
                log.info("turn {} stays without fidelity scores: the engine is stopping", done.id());
            }
        }
        return ended.isPresent();
    }

    /** {@code first}: the index of the first of these variants (those that arrived earlier come before). */
    private List<Variant> store(Turn turn, List<GeneratedImage> generated, int first) {
        List<Variant> variants = new ArrayList<>(generated.size());
        for (int i = 0; i < generated.size(); i++) {
            GeneratedImage image = generated.get(i);
            StoredImage shown = put(image.bytes());
            StoredImage context = image.contextBytes() == null ? shown : put(image.contextBytes());
            // Only when the next turn edits these very bytes may it send the service's URL for them.
            if (context == shown) {
                image.url().ifPresent(url -> imageUrls.record(shown.id(), url, clock.instant()));
            }
            variants.add(new Variant(turn.id(), first + i, shown.id(), context.id(), image.seed(), 0));
        }
        return variants;
    }

    private StoredImage put(byte[] bytes) {
        InspectedImage inspected = outputInspector.inspect(bytes);
        return images.put(bytes, inspected.format().mime(), inspected.width(), inspected.height());
    }

    /**
     * Ends the turn without images, unless some of its variants arrived already: they were charged and are kept, so the
     * turn is done with them and says why the rest is missing. A job the service itself cancelled ends as cancelled,
     * like one a person cancelled: nobody is to blame.
     */
    boolean fail(Turn turn, FailureKind kind, TurnFailure failure) {
        Optional<Boolean> kept = keepArrived(turn, instance, failure);
        if (kept.isPresent()) {
            return kept.get();
        }
        TurnStatus status = switch (kind) {
            case MODERATED -> TurnStatus.MODERATED;
            case CANCELLED -> TurnStatus.CANCELLED;
            default -> TurnStatus.FAILED;
        };
        return end(turn, instance, status, kind.name().toLowerCase(java.util.Locale.ROOT), failure);
    }

    /** Past its deadline, whoever holds it (the deadline sweep): ends it as timed out. */
    boolean overdue(Turn turn, TurnFailure.TimedOut why) {
        return keepArrived(turn, null, why)
                .orElseGet(() -> end(turn, null, TurnStatus.FAILED, FailureKind.TIMEOUT.name().toLowerCase(java.util.Locale.ROOT), why));
    }

    /**
     * Anyone may cancel, from any instance: this ends the turn whoever holds it. {@code limit}: what the provider could
     * not undo (a job it cannot stop), said with the cancel.
     */
    boolean cancel(Turn turn, String actor, Optional<String> limit) {
        TurnFailure.Cancelled cancelled = new TurnFailure.Cancelled(actor, limit.orElse(""));
        return keepArrived(turn, null, cancelled).orElseGet(() -> end(turn, null, TurnStatus.CANCELLED, "cancelled", cancelled));
    }

    /**
     * Variants that arrived before a turn ended without the rest were charged: whatever ends the turn (a failure, the
     * deadline sweep, a cancel), it ends done with them and says ({@code why}) what became of the others. Empty when
     * none arrived. {@code holder}: null ends it whoever holds it.
     */
    private Optional<Boolean> keepArrived(Turn turn, String holder, TurnFailure why) {
        List<Variant> arrived = turns.arrivals(turn.id());
        if (arrived.isEmpty()) {
            return Optional.empty();
        }
        TurnFailure shortfall = new TurnFailure.Partial(arrived.size(), turn.params().numImages(), why);
        return Optional.of(completeWith(turn, holder, arrived, Optional.of(shortfall), java.util.OptionalLong.empty()));
    }

    /** Ends it with {@code failure} and its English; the listeners get a provider's failure typed, as it came. */
    private boolean end(Turn turn, String holder, TurnStatus status, String code, TurnFailure failure) {
        String message = texts.of(failure);
        // Read in the transaction that ends it, as a done turn is.
        Optional<Turn> ended = transactions.inTransaction(() -> turns.end(turn.id(), holder, status, code, message, failure, clock.instant())
                ? turns.find(turn.id()) : Optional.<Turn>empty());
        ended.ifPresent(done -> {
            if (failure instanceof TurnFailure.Failed failed) {
                events.onFailed(done, failed.failure());
            } else {
                events.onFailed(done);
            }
        });
        return ended.isPresent();
    }
}
