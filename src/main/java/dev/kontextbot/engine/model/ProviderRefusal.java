package dev.kontextbot.engine.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Why a turn cannot run where it would go, before anything is sent: the catalogue's reasons (a model or parameter this
 * bot lacks, naming the models that have it) and each service's own (what that service takes). Data only: the adapters
 * put it in the person's language ({@code words/providers}). {@code service} is the service's own name ("BFL",
 * "fal.ai") or {@link #OFFLINE} for the built-in editor, which has a name in each language.
 *
 * <p>It lives in {@code engine.model}, not {@code engine.port}, because the catalogue ({@code engine.catalogue}) refuses
 * too, and the port already depends on the catalogue: the port would close a cycle.
 */
public sealed interface ProviderRefusal {
    /** The service name of the offline editor, which the words call "the offline editor". */
    String OFFLINE = "offline";

    /** The parameters a model may lack or take only within a range, by their wire names. */
    enum Parameter {
        GUIDANCE_SCALE("guidance_scale"), SAFETY_TOLERANCE("safety_tolerance"), ENHANCE_PROMPT("enhance_prompt");

        private final String wireName;

        Parameter(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    // --- the catalogue's: what this bot's lineup lacks, naming the models that have it (an empty list: none does)

    /** No catalogue model has this id; {@code available}: the models there are. */
    record UnknownModel(ModelId model, List<ModelId> available) implements ProviderRefusal {
        public UnknownModel {
            available = List.copyOf(available);
        }
    }

    /** The model is in the catalogue but none of its providers is configured; {@code why}: what is missing. */
    record ModelUnavailable(ModelId model, Unavailability why, List<ModelId> available) implements ProviderRefusal {
        public ModelUnavailable {
            available = List.copyOf(available);
        }
    }

    /** The model takes at most {@code max} images, the turn has {@code given}; {@code modelsThatTakeThem} take that many. */
    record TooManyImages(ModelId model, int max, int given, List<ModelId> modelsThatTakeThem) implements ProviderRefusal {
        public TooManyImages {
            modelsThatTakeThem = List.copyOf(modelsThatTakeThem);
        }
    }

    /** The model has no such parameter here and the turn sets it; {@code defaultValue}: the value that is fine, if any. */
    record ParameterNotOffered(ModelId model, Parameter parameter, Optional<Double> defaultValue, List<ModelId> modelsThatHaveIt)
            implements ProviderRefusal {
        public ParameterNotOffered {
            Objects.requireNonNull(defaultValue, "defaultValue");
            modelsThatHaveIt = List.copyOf(modelsThatHaveIt);
        }
    }

    /** The model takes {@code parameter} from {@code min} to {@code max}, not {@code given}. */
    record OutOfRange(ModelId model, Parameter parameter, double min, double max, double given, List<ModelId> modelsThatTakeIt)
            implements ProviderRefusal {
        public OutOfRange {
            modelsThatTakeIt = List.copyOf(modelsThatTakeIt);
        }
    }

    /** The model cannot make {@code format}; {@code modelsThatCan} can. */
    record FormatNotMade(ModelId model, OutputFormat format, List<ModelId> modelsThatCan) implements ProviderRefusal {
        public FormatNotMade {
            modelsThatCan = List.copyOf(modelsThatCan);
        }
    }

    // --- a service's own: what it takes, as its docs say

    /** The service does not run {@code model} here; {@code served}: the models it runs. */
    record NotServedHere(String service, ModelId model, List<ModelId> served) implements ProviderRefusal {
        public NotServedHere {
            served = List.copyOf(served);
        }
    }

    /** The service takes at most {@code max} images per turn (the edited one included), the turn has {@code given}. */
    record ServiceTakesFewerImages(String service, int max, int given) implements ProviderRefusal {
    }

    /** The service makes none of {@code format}; {@code offered}: the formats it makes. */
    record ServiceFormatNotMade(String service, OutputFormat format, List<OutputFormat> offered) implements ProviderRefusal {
        public ServiceFormatNotMade {
            offered = List.copyOf(offered);
        }
    }

    /** The service takes {@code safety_tolerance} from {@code lowest} (its strictest) to {@code highest}. */
    record SafetyOutOfServiceRange(String service, int lowest, int highest, int given) implements ProviderRefusal {
    }

    /** Editing an image, the service allows {@code safety_tolerance} up to {@code max} only. */
    record EditingSafetyAbove(String service, int max, int given) implements ProviderRefusal {
    }

    /**
     * The service's {@code model} (or, empty, the service itself) lacks {@code parameter}, which the turn sets;
     * {@code defaultValue}: the value that is fine, if any.
     */
    record ServiceLacks(String service, Optional<ModelId> model, Parameter parameter, Optional<Double> defaultValue) implements ProviderRefusal {
        public ServiceLacks {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(defaultValue, "defaultValue");
        }
    }

    /** The service's {@code model} makes one image per request here; the turn asks for more. */
    record OneImagePerRequest(String service, ModelId model) implements ProviderRefusal {
    }

    /**
     * The service edits images and cannot generate from text: {@code model}, when given, is the one whose workflow
     * needs an image; empty: none of the service's models generates from text.
     */
    record NeedsAnImage(String service, Optional<ModelId> model) implements ProviderRefusal {
        public NeedsAnImage {
            Objects.requireNonNull(model, "model");
        }
    }

    /** The service documents {@code model} but this bot does not send it there; {@code instead} is what it runs. */
    record NotOfferedThrough(String service, ModelId model, ModelId instead) implements ProviderRefusal {
    }
}
