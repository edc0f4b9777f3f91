package dev.kontextbot.engine.port;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * How far a provider's job has got, as the service reports it: the engine passes it to the adapters, which put it in
 * words. Each service says what it knows (fal a queue position, BFL a fraction, ComfyUI sampler steps); unknown
 * parts are empty, never guessed.
 */
public sealed interface JobProgress {

    /** Handed to the service; it has said nothing yet. */
    record Submitted() implements JobProgress {
    }

    /** Waiting in the service's own queue ({@code service} as people know it: "fal", "ComfyUI"); position 1 is next. */
    record Queued(String service, OptionalInt position) implements JobProgress {
        public Queued {
            if (position.isPresent() && position.getAsInt() < 1) {
                position = OptionalInt.empty();
            }
        }

        public static Queued at(String service, int position) {
            return new Queued(service, position >= 1 ? OptionalInt.of(position) : OptionalInt.empty());
        }
    }

    /**
     * Making the image. {@code steps}: the sampler's step out of its total when the service says (ComfyUI); {@code
     * percent}: 0–100, from the steps or from the service's own fraction (BFL's {@code progress}); {@code preview}: a
     * low-resolution look at the image so far, when the service sends one.
     */
    record Generating(OptionalInt percent, Optional<Steps> steps, Optional<Preview> preview) implements JobProgress {
        public Generating {
            if (percent.isPresent()) {
                percent = OptionalInt.of(Math.max(0, Math.min(100, percent.getAsInt())));
            }
        }

        /** Working, nothing more known. */
        public static Generating started() {
            return new Generating(OptionalInt.empty(), Optional.empty(), Optional.empty());
        }

        /** A fraction 0–1 as BFL reports it; outside that range or not a number: nothing known. */
        public static Generating atFraction(double fraction) {
            if (Double.isNaN(fraction) || fraction < 0 || fraction > 1) {
                return started();
            }
            return new Generating(OptionalInt.of((int) Math.floor(fraction * 100)), Optional.empty(), Optional.empty());
        }

        /** Step {@code done} of {@code total}; a total of 0 or less, or done outside 0..total: nothing known. */
        public static Generating atStep(int done, int total) {
            if (total <= 0 || done < 0 || done > total) {
                return started();
            }
            return new Generating(OptionalInt.of(done * 100 / total), Optional.of(new Steps(done, total)), Optional.empty());
        }

        public Generating withPreview(Preview preview) {
            return new Generating(percent, steps, Optional.of(preview));
        }
    }

    /** {@code done} of {@code total} sampler steps. */
    record Steps(int done, int total) {
    }

    /** A preview image's bytes, as the service sent them. */
    record Preview(byte[] bytes, String mime) {
    }
}
