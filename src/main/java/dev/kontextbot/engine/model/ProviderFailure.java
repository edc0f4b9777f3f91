package dev.kontextbot.engine.model;

import java.util.List;
import java.util.Objects;

/**
 * Why a provider ended a turn without images, after it was sent ({@link ProviderRefusal} is before): the kind of failure
 * and its data. Data only: the adapters put it in the person's language ({@code words/failures}); the engine decides
 * by the outcome's {@code FailureKind} (retry, circuit, billing), never by this. {@code service} is the service's own
 * name ("BFL", "fal.ai") or {@link ProviderRefusal#OFFLINE} for the built-in editor. {@code said} is the service's own
 * text, verbatim and untranslated (the API key already cut out), or "" when it gave none.
 *
 * <p>No {@code Optional} fields: a failure travels in job tokens (a fan-out's refused part), written by a plain
 * Jackson mapper.
 */
public sealed interface ProviderFailure {

    /**
     * A sentence already in words, shown as it is: written before failures were typed (a job token stored by older
     * code), or the engine's own exception text (an input the image store cannot give back).
     */
    record Worded(String text) implements ProviderFailure {
        public Worded {
            Objects.requireNonNull(text, "text");
        }
    }

    /** The situations whose sentence names only the service. */
    enum Situation {
        /** 402: the account has no credits left. */
        OUT_OF_CREDITS,
        /** The account ran dry while the run ran (Runflow's insufficient_credit). */
        RAN_OUT_OF_CREDITS,
        /** 404 on a job it made: it forgot it. */
        JOB_FORGOTTEN,
        /** BFL's "Task not found". */
        TASK_FORGOTTEN,
        /** ComfyUI lost the prompt, e.g. after a restart. */
        EDIT_FORGOTTEN,
        /** The service accepted but gave no task id (BFL). */
        NO_TASK_ID,
        /** The service accepted but gave no run id (Runflow). */
        NO_RUN_ID,
        /** The service accepted but gave no address to follow the job at (fal, Replicate). */
        NO_FOLLOW_URL,
        /** ComfyUI queued the workflow but gave no prompt id. */
        NO_PROMPT_ID,
        /** The task was reported ready without an image (BFL). */
        READY_WITHOUT_IMAGE,
        /** The prediction was reported done without an image (Replicate). */
        DONE_WITHOUT_IMAGE,
        /** The job finished and returned no image. */
        FINISHED_WITHOUT_IMAGE,
        /** The workflow finished without saving an image (ComfyUI: no SaveImage node). */
        FINISHED_WITHOUT_SAVING,
        /** The safety filter flagged the request before it ran; nothing was charged (BFL). */
        REQUEST_FLAGGED,
        /** The safety filter flagged the made image; nothing was charged (BFL). */
        RESULT_FLAGGED_UNCHARGED,
        /** The safety filter flagged the made image. */
        RESULT_FLAGGED,
        /** The content filter refused the request at submit; nothing was charged (fal). */
        CONTENT_FILTER_REFUSED,
        /** The content filter flagged the edit (fal). */
        CONTENT_FILTER_FLAGGED,
        /** The safety filter flagged the edit; another wording or image may pass (Replicate). */
        EDIT_FLAGGED,
        /** The request was cancelled at the service (fal). */
        REQUEST_CANCELLED,
        /** The prediction was cancelled at the service (Replicate). */
        PREDICTION_CANCELLED,
        /** The run was cancelled at the service (Runflow). */
        RUN_CANCELLED,
        /** The edit was stopped at the service before it finished (ComfyUI). */
        EDIT_STOPPED,
        /** The run failed and the service said nothing about why (ComfyUI). */
        FAILED_WITHOUT_REASON,
        /** The service's Kontext model is down at its upstream (Runflow's model_unavailable). */
        MODEL_DOWN,
        /** The service accepted, but its answer was too large to read: the run cannot be followed (Runflow). */
        ACCEPTED_ANSWER_TOO_LARGE,
        /** The service's answer about a run was too large to read: its result cannot be fetched (Runflow). */
        RUN_ANSWER_TOO_LARGE,
        /** Not now: the service's queue answer lacked the lists it documents (ComfyUI's /queue). */
        QUEUE_ANSWER_INCOMPLETE,
        /** Not now: the service answered about a run without its status (Runflow). */
        NO_RUN_STATUS
    }

    /** A situation whose sentence names only the service. */
    record Plain(String service, Situation situation) implements ProviderFailure {
        public Plain {
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(situation, "situation");
        }
    }

    /** The submit was sent but its answer never came ({@code error}: what the network did): not sent again. */
    record Unconfirmed(String service, Network error) implements ProviderFailure {
    }

    /** What the network did when a request to a service failed before any answer (said in {@code words/failures}). */
    enum Network {
        /** The service's host name did not resolve. */
        HOST_NOT_FOUND,
        /** Nothing accepted the connection (or no route led there). */
        CONNECTION_REFUSED,
        /** Connecting or reading took too long. */
        TIMED_OUT,
        /** Any other failure of the connection. */
        NETWORK_ERROR,
        /** An upload address the service gave is not a URL. */
        BAD_UPLOAD_ADDRESS,
        /** A result address the service gave is not a URL. */
        BAD_RESULT_ADDRESS
    }

    /** 401/403: the service refused the bot's API key. */
    record KeyRefused(String service, int status) implements ProviderFailure {
    }

    /** 400/422: the service refused the request, {@code said} why. */
    record RequestRefused(String service, String said) implements ProviderFailure {
        public RequestRefused {
            said = orNone(said);
        }
    }

    /** Any other HTTP status that ends the turn. */
    record HttpFailed(String service, int status, String said) implements ProviderFailure {
        public HttpFailed {
            said = orNone(said);
        }
    }

    /** The made image is larger than the {@code maxMb} MB the bot fetches. */
    record ResultTooLarge(String service, long maxMb) implements ProviderFailure {
    }

    /** The result's address no longer worked when fetched: it answered this HTTP {@code status} (403, 404, 410). */
    record ResultExpired(String service, int status) implements ProviderFailure {
    }

    /** The run failed, the service {@code said} why (fal, Replicate, ComfyUI's failing node). */
    record CouldNotRun(String service, String said) implements ProviderFailure {
        public CouldNotRun {
            said = orNone(said);
        }
    }

    /** The task failed, with the service's {@code said} as an aside (BFL's {@code details}). */
    record TaskFailed(String service, String said) implements ProviderFailure {
        public TaskFailed {
            said = orNone(said);
        }
    }

    /** The run failed with the service's failure {@code code} at {@code stage} (either may be ""), and what it {@code said}. */
    record RunFailed(String service, String code, String stage, String said) implements ProviderFailure {
        public RunFailed {
            code = orNone(code);
            stage = orNone(stage);
            said = orNone(said);
        }
    }

    /** The safety filter flagged the edit and {@code said} so (Runflow). */
    record FlaggedSaying(String service, String said) implements ProviderFailure {
        public FlaggedSaying {
            said = orNone(said);
        }
    }

    /** Nothing was accepted for now and the retries ran out; {@code answered}: why not, the last time. */
    record NotAccepted(String service, ProviderFailure answered) implements ProviderFailure {
        public NotAccepted {
            Objects.requireNonNull(answered, "answered");
        }
    }

    /*
     * Why not now (a RetryLater's reason): said inside another sentence, as the engine gives up or a variant goes
     * missing ("… (BFL answered HTTP 429)").
     */

    /** Not now: the network failed before {@code service} answered; {@code error}: how. */
    record Unreachable(String service, Network error) implements ProviderFailure {
    }

    /** Not now: {@code service} answered this status (429, 5xx), with its own {@code code} ("MODEL_UNAVAILABLE") or "". */
    record AnsweredNotNow(String service, int status, String code) implements ProviderFailure {
        public AnsweredNotNow {
            code = orNone(code);
        }
    }

    /**
     * Not now: the result could not be downloaded from {@code service} this time: it answered this HTTP {@code status}
     * (429, 5xx), or with status -1 the network failed ({@code error}: how; else null).
     */
    record DownloadNotNow(String service, int status, Network error) implements ProviderFailure {
    }

    /** Not now: {@code service}, run by the operator at {@code url}, did not answer; {@code error}: how. */
    record UnreachableAt(String service, String url, Network error) implements ProviderFailure {
    }

    /** ComfyUI refused the workflow graph; {@code said}: its node errors in one line. */
    record WorkflowRefused(String service, String said) implements ProviderFailure {
        public WorkflowRefused {
            said = orNone(said);
        }
    }

    /** The service took the upload of image {@code number} but did not name it. */
    record UploadNotNamed(String service, int number) implements ProviderFailure {
    }

    /** The service returned an image that cannot be decoded; {@code reason}: the decoder's words. */
    record UnreadableResult(String service, String reason) implements ProviderFailure {
    }

    /** The service refused {@code aspect_ratio} in both its documented forms ({@code first}, {@code second}); {@code said} why. */
    record AspectRatioRefused(String service, String first, String second, String said) implements ProviderFailure {
        public AspectRatioRefused {
            said = orNone(said);
        }
    }

    /**
     * 404 on the model's path: {@code path} is where the bot sent it. {@code undocumented}: Kontext [max], whose path
     * the service does not document; else {@code setting} names the configuration key to check.
     */
    record ModelNotFound(String service, ModelId model, String path, boolean undocumented, String setting) implements ProviderFailure {
    }

    /** The image is larger than the service's upload limit of {@code maxMib} MiB. */
    record UploadTooLarge(String service, int maxMib) implements ProviderFailure {
    }

    /**
     * The offline editor found nothing it can do in {@code instruction} (already shortened); {@code vocabulary} and
     * {@code example} are its own words, which people type as they are.
     */
    record NotUnderstood(String instruction, String vocabulary, String example) implements ProviderFailure {
    }

    /** The offline editor cannot decode {@code format} ("WebP"); {@code number}: which image of the turn. */
    record FormatUnreadable(String format, int number) implements ProviderFailure {
    }

    /** The offline editor could not decode image {@code number}: {@code why}, as the bot's decoder found it. */
    record ImageUnreadable(int number, Rejected why) implements ProviderFailure {
        public ImageUnreadable {
            Objects.requireNonNull(why, "why");
        }
    }

    /** The offline editor was asked about a job it never made (it makes none: it finishes at once). */
    record NoSuchJob(String job) implements ProviderFailure {
    }

    /**
     * Not a failure of the turn: it completes with the {@code arrived} of {@code asked} variants and says what became of
     * each one {@code missed} (one entry a variant; equal entries are counted together when said).
     */
    record FellShort(int arrived, int asked, List<Missed> missed) implements ProviderFailure {
        public FellShort {
            missed = List.copyOf(missed);
        }
    }

    /** What became of a variant that did not arrive. */
    enum Fate {
        /** Refused by {@code service}, at submit or for now until the retries ran out ({@code why}). */
        REFUSED,
        /** Started, then ended without an image ({@code why}). */
        LOST,
        /** Made and flagged by {@code service}'s safety filter. */
        FLAGGED,
        /** Cancelled at {@code service}. */
        CANCELLED,
        /** The run finished without it. */
        NOT_RETURNED,
        /** The run finished only in part (Runflow's {@code partial_succeeded}). */
        PARTLY_RUN
    }

    /** One variant that did not arrive: its {@code fate} at {@code service}; {@code why} for REFUSED and LOST, else null. */
    record Missed(Fate fate, String service, ProviderFailure why) {
        public Missed {
            Objects.requireNonNull(fate, "fate");
            if ((fate == Fate.REFUSED || fate == Fate.LOST) != (why != null)) {
                throw new IllegalArgumentException("a variant " + fate + " has a why exactly when it was refused or lost");
            }
        }
    }

    /**
     * The offline editor did the rest of the instruction but not these: {@code lacking}, parts that name images the turn
     * lacks (it has {@code images}); {@code unused}, the images (2..N) no part names; {@code ignored}, parts it did not
     * understand ({@code vocabulary}: what it knows). The parts are the person's own words (already shortened).
     */
    record PartlyDone(List<String> lacking, int images, List<Integer> unused, List<String> ignored, String vocabulary)
            implements ProviderFailure {
        public PartlyDone {
            lacking = List.copyOf(lacking);
            unused = List.copyOf(unused);
            ignored = List.copyOf(ignored);
        }
    }

    private static String orNone(String said) {
        return said == null || said.isBlank() ? "" : said;
    }
}
