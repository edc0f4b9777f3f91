package dev.kontextbot.engine.port;

import dev.kontextbot.engine.model.ProviderRefusal;
import dev.kontextbot.engine.model.TurnParams;

import java.util.Optional;

/**
 * One Kontext service. Every call is a single attempt that returns quickly: the engine owns waiting,
 * retrying (on {@link SubmitOutcome.RetryLater} / {@link PollOutcome.RetryLater}) and deadlines, so no
 * thread ever sleeps inside a provider.
 */
public interface KontextProvider {

    /** Stable name stored with each turn ("offline", "bfl", "fal", "runflow"). */
    String name();

    /**
     * Why this provider cannot run a turn with these parameters and this many input images (0: generate from text), as
     * data the adapters put in words; empty when it can. A parameter the provider lacks is refused here, never dropped
     * silently.
     */
    Optional<ProviderRefusal> refusal(TurnParams params, int inputImages);

    /** Starts the work. The returned job token must be enough to poll after a restart. */
    SubmitOutcome submit(EditRequest request);

    /** One look at a submitted job. */
    PollOutcome poll(String job);

    /** Best effort: asks the service to stop a job; the engine has already marked the turn cancelled. */
    void cancel(String job);

    /**
     * When {@link #cancel} cannot stop a job that was already sent, what that means for the person, in their words
     * ("… will finish there and still be billed"): the engine adds it to a cancelled running turn. Empty when the
     * service stops jobs.
     */
    default Optional<String> cancelLimit() {
        return Optional.empty();
    }

    /**
     * The most calls in a row this service wants for one request that keeps saying "not now" (the first call included);
     * the engine's retry policy is capped by it. Runflow's docs ask for at most 5.
     */
    default int maxAttempts() {
        return Integer.MAX_VALUE;
    }

    /**
     * Whether submitting the same request again after a crash is harmless (free and deterministic). Only then
     * may the engine resubmit a turn whose submission was interrupted before its job token was stored.
     */
    default boolean resubmitIsHarmless() {
        return false;
    }

    /**
     * The instructions this provider understands, in one line, when it knows only a fixed set (the offline editor);
     * empty for a model that reads any instruction. Interfaces show it before the first instruction.
     */
    default Optional<String> vocabulary() {
        return Optional.empty();
    }

    /** An instruction this provider does well, for the examples interfaces show. */
    default String example() {
        return "make it a watercolor painting";
    }

    /** Whether the model, guidance, safety tolerance and prompt enhancement change what this provider makes. */
    default boolean usesModelSettings() {
        return true;
    }

    /** The estimated dollar cost of one image of this model, in millionths (micro-dollars): the catalogue's price. */
    long pricePerImageMicros(dev.kontextbot.engine.model.ModelId model);

    /**
     * The name stored on a turn of these parameters: the provider that will run it. A provider that routes models to
     * several services names the one this model goes to.
     */
    default String nameFor(TurnParams params) {
        return name();
    }

    /**
     * The catalogue models this provider serves, in catalogue order, for the prices interfaces show. A provider built
     * without a catalogue (a test's) serves the two Kontext models.
     */
    default java.util.List<dev.kontextbot.engine.model.ModelId> models() {
        return java.util.List.of(dev.kontextbot.engine.model.ModelId.KONTEXT_PRO, dev.kontextbot.engine.model.ModelId.KONTEXT_MAX);
    }

    /** The model catalogue as this provider serves it, when it routes by catalogue (the app's provider does). */
    default java.util.Optional<dev.kontextbot.engine.catalogue.ModelLineup> lineup() {
        return java.util.Optional.empty();
    }

    /** Whether a turn stored with this provider name can be followed here (after a restart: polled, cancelled). */
    default boolean runs(String providerName) {
        return name().equals(providerName);
    }
}
