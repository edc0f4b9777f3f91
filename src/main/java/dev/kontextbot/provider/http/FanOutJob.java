package dev.kontextbot.provider.http;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kontextbot.engine.model.ProviderFailure;
import dev.kontextbot.engine.model.TurnParams;
import dev.kontextbot.engine.port.FailureKind;
import dev.kontextbot.engine.port.GeneratedImage;
import dev.kontextbot.engine.port.PollOutcome;
import dev.kontextbot.engine.port.SubmitOutcome;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;

/**
 * The job token of a service that makes one image a job (BFL's tasks, Replicate's predictions): a turn of n variants is
 * n parts with seeds s, s+1, …, each with what became of it so far. The engine stores it again whenever a part ends
 * ({@link PollOutcome.Progress}), so after a restart a delivered part is not fetched again (its result URL may work only
 * once), nothing created is created twice, and a refused part is still named in the turn's shortfall.
 * <p>
 * Tokens written before this type was shared still parse: BFL's {@code tasks} with {@code pollingUrl}, Replicate's
 * {@code predictions} with {@code getUrl}; and those written before failures were typed, whose parts hold only the
 * English {@code note} (read as {@link ProviderFailure.Worded}).
 */
public record FanOutJob(@JsonAlias({"tasks", "predictions"}) List<Part> parts) {
    private static final int NOTE_CHARS = 300;

    public FanOutJob {
        parts = List.copyOf(parts);
    }

    public enum State {
        /** Not accepted yet: the submit was refused for now ({@code failure} says how); the engine may send it again. */
        UNSENT,
        /** Refused for good at submit ({@code failure}: why). */
        REFUSED,
        RUNNING,
        /** Its images were handed to the engine, which stored them. */
        DELIVERED,
        /** Ended without an image ({@code kind}, {@code failure}). */
        LOST
    }

    /**
     * {@code url}: where the part is polled (BFL's {@code polling_url}, Replicate's {@code urls.get}); {@code cancelUrl}:
     * where it is stopped, when the service has one; {@code credits}: what the service said it costs (BFL: 1 credit =
     * $0.01), null when it did not say; {@code outputs}: result URLs already known when it was accepted (Replicate's
     * {@code Prefer: wait} saw it finish), so the first look downloads them without asking again; {@code byUrl}: its
     * inputs went (at least one) by URL; {@code inline}: the service could not fetch one, so it goes again with bytes.
     * {@code note}: in tokens of older code, why it was unsent, refused or lost, in English. {@code failure}: why it is
     * unsent (a retry's reason), refused or lost, typed; null otherwise.
     */
    public record Part(String id, @JsonAlias({"pollingUrl", "getUrl"}) String url, String cancelUrl, long seed, State state,
                       FailureKind kind, String note, Double credits, List<String> outputs, boolean byUrl, boolean inline,
                       @JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME) ProviderFailure failure) {
        public Part {
            if (state == null) {
                // BFL tokens written before parts had a state listed only the tasks that had started.
                state = id == null ? State.UNSENT : State.RUNNING;
            }
            if (note != null && note.length() > NOTE_CHARS) {
                note = note.substring(0, NOTE_CHARS - 1) + "…";
            }
            outputs = outputs == null ? null : List.copyOf(outputs);
        }

        /**
         * Accepted: {@code ready}, the outputs the acceptance already held (empty or null: none); {@code sentUrl}: an input
         * went by URL.
         */
        public Part running(String partId, String pollUrl, String cancel, Double cost, List<String> ready, boolean sentUrl) {
            return new Part(partId, pollUrl, cancel, seed, State.RUNNING, null, null, cost, ready == null || ready.isEmpty() ? null : ready,
                    sentUrl, false, null);
        }

        public Part unsent(ProviderFailure reason) {
            return new Part(null, null, null, seed, State.UNSENT, FailureKind.UNAVAILABLE, null, null, null, false, inline, reason);
        }

        public Part refused(FailureKind kind, ProviderFailure failure) {
            return new Part(null, null, null, seed, State.REFUSED, kind, null, null, null, false, false, failure);
        }

        public Part delivered() {
            return new Part(id, url, cancelUrl, seed, State.DELIVERED, null, null, credits, null, byUrl, false, null);
        }

        public Part lost(FailureKind kind, ProviderFailure failure) {
            return new Part(id, url, cancelUrl, seed, State.LOST, kind, null, credits, null, byUrl, false, failure);
        }

        /**
         * The job ended without starting because the service could not fetch a URL input: sent again, once, with bytes
         * ({@code why}, the service's words, names it if that fails too). Only a part whose inputs went by URL.
         */
        public Part resentInline(ProviderFailure why) {
            if (!byUrl) {
                throw new IllegalStateException("part " + id + " sent no URL, so it is not sent again with bytes");
            }
            return new Part(null, null, null, seed, State.UNSENT, FailureKind.PROVIDER_ERROR, null, null, null, false, true, why);
        }

        /** Why it is unsent, or was refused or lost: typed, or as older code wrote it down. */
        public ProviderFailure why() {
            return failure != null ? failure : new ProviderFailure.Worded(note == null ? "" : note);
        }

        /** What became of a variant that did not arrive, as the turn's shortfall names it. */
        private ProviderFailure.Missed fate(String service) {
            return switch (state) {
                case UNSENT, REFUSED -> new ProviderFailure.Missed(ProviderFailure.Fate.REFUSED, service, why());
                case LOST -> kind == FailureKind.MODERATED ? new ProviderFailure.Missed(ProviderFailure.Fate.FLAGGED, service, null)
                        : kind == FailureKind.CANCELLED ? new ProviderFailure.Missed(ProviderFailure.Fate.CANCELLED, service, null)
                        : new ProviderFailure.Missed(ProviderFailure.Fate.LOST, service, why());
                case RUNNING, DELIVERED -> throw new IllegalStateException("part " + id + " is " + state + ", not missing");
            };
        }
    }

    /** The tokens of fan-out jobs: {@code mapper} taught the kinds of failure a part may hold. */
    public static JobTokens<FanOutJob> tokens(ObjectMapper mapper) {
        ObjectMapper taught = mapper.copy();
        taught.registerSubtypes(ProviderFailure.class.getPermittedSubclasses());
        return new JobTokens<>(taught, FanOutJob.class);
    }

    /** A new turn's parts, none sent yet: seeds s, s+1, … */
    public static FanOutJob of(TurnParams params) {
        List<Part> parts = new ArrayList<>();
        for (int i = 0; i < params.numImages(); i++) {
            parts.add(new Part(null, null, null, params.seedOf(i), State.UNSENT, null, null, null, null, false, false, null));
        }
        return new FanOutJob(parts);
    }

    public FanOutJob with(int index, UnaryOperator<Part> change) {
        List<Part> changed = new ArrayList<>(parts);
        changed.set(index, change.apply(parts.get(index)));
        return new FanOutJob(changed);
    }

    /** Every part not sent yet, with why the service refused them for now. */
    public FanOutJob unsentBecause(ProviderFailure reason) {
        return new FanOutJob(parts.stream().map(part -> part.state() == State.UNSENT ? part.unsent(reason) : part).toList());
    }

    public boolean anyStarted() {
        return parts.stream().anyMatch(part -> part.id() != null);
    }

    public boolean anyRunning() {
        return parts.stream().anyMatch(part -> part.state() == State.RUNNING);
    }

    /** Some part is to be sent again with bytes ({@link Part#resentInline}): the next submission sends no URL. */
    public boolean resendsInline() {
        return parts.stream().anyMatch(part -> part.state() == State.UNSENT && part.inline());
    }

    /** The index of the last part not sent yet; -1 when every part was sent. */
    public int lastUnsent() {
        for (int i = parts.size() - 1; i >= 0; i--) {
            if (parts.get(i).state() == State.UNSENT) {
                return i;
            }
        }
        return -1;
    }

    /**
     * What a part's refused submit makes of the turn: nothing started yet, the refusal itself; refused for now, the job
     * as far as it got with the rest unsent, for the engine to retry within its policy; refused for good, the job with
     * this part and every part not sent yet refused the same way, so nothing more is sent (the parts differ only in
     * their seed: the service would refuse, and might charge for, each of them alike). Once one part runs (and costs)
     * the answer is always Submitted, so nothing started is ever sent again.
     */
    public SubmitOutcome refused(SubmitOutcome failure, JobTokens<FanOutJob> tokens) {
        if (!anyStarted()) {
            return failure;
        }
        if (failure instanceof SubmitOutcome.RetryLater later) {
            return new SubmitOutcome.Submitted(tokens.write(unsentBecause(later.reason())), Optional.of(later));
        }
        if (failure instanceof SubmitOutcome.Rejected rejected) {
            FanOutJob rest = new FanOutJob(parts.stream()
                    .map(part -> part.state() == State.UNSENT ? part.refused(rejected.kind(), rejected.failure()) : part).toList());
            return new SubmitOutcome.Submitted(tokens.write(rest));
        }
        throw new IllegalStateException("a refused submit is Rejected or RetryLater, not " + failure);
    }

    /**
     * Every part has ended (an unsent one is given up: the engine polls only when it no longer sends): the turn is done
     * with {@code images} (the rest were handed over before) and a shortfall, or, when nothing arrived, failed.
     * {@code service} names the provider in the words.
     */
    public PollOutcome ended(List<GeneratedImage> images, String service) {
        List<Part> missing = parts.stream().filter(part -> part.state() != State.DELIVERED).toList();
        int delivered = parts.size() - missing.size();
        if (delivered == 0) {
            Part telling = missing.stream().filter(part -> part.kind() == FailureKind.MODERATED).findFirst().orElse(missing.get(0));
            return telling.state() == State.UNSENT
                    ? new PollOutcome.Failed(FailureKind.UNAVAILABLE, new ProviderFailure.NotAccepted(service, telling.why()))
                    : new PollOutcome.Failed(telling.kind(), telling.why());
        }
        Optional<ProviderFailure> shortfall = missing.isEmpty() ? Optional.empty()
                : Optional.of(new ProviderFailure.FellShort(delivered, parts.size(), missing.stream().map(part -> part.fate(service)).toList()));
        return new PollOutcome.Completed(images, shortfall, reportedCost());
    }

    /**
     * What the service said the delivered parts cost, in micro-dollars (a credit is $0.01); empty when any of them did
     * not say (Replicate never does), so the engine records its estimate instead of a part. Moderated and lost parts are
     * not charged.
     */
    private OptionalLong reportedCost() {
        List<Part> delivered = parts.stream().filter(part -> part.state() == State.DELIVERED).toList();
        if (delivered.stream().anyMatch(part -> part.credits() == null)) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Math.round(delivered.stream().mapToDouble(Part::credits).sum() * 10_000));
    }
}
