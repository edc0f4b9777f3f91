package dev.kontextbot.adapter.chat;

import dev.kontextbot.adapter.words.Words;
import dev.kontextbot.engine.model.ProviderFailure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Puts why a provider ended a turn without images ({@link ProviderFailure}) in a person's words, from {@code
 * words/failures}. What the service said stays as it said it: a placeholder value, verbatim.
 */
public final class ProviderFailureWords {
    private static final int NAMED_PARTS = 3;
    private final RejectionWords rejections = new RejectionWords();

    /** The failure in these words; a kind with no words fails loudly (the German test names every kind). */
    public String say(ProviderFailure failure, Words words) {
        if (failure instanceof ProviderFailure.Worded f) {
            return f.text();
        }
        if (failure instanceof ProviderFailure.Plain f) {
            return words.say("failure.plain." + f.situation().name().toLowerCase(Locale.ROOT), "service", f.service());
        }
        if (failure instanceof ProviderFailure.Unconfirmed f) {
            return words.say("failure.unconfirmed", "service", f.service(), "error", network(f.error(), words));
        }
        if (failure instanceof ProviderFailure.KeyRefused f) {
            return words.say("failure.keyRefused", "service", f.service(), "status", status(f.status()));
        }
        if (failure instanceof ProviderFailure.RequestRefused f) {
            return saying(words, "failure.requestRefused", f.said(), "service", f.service());
        }
        if (failure instanceof ProviderFailure.HttpFailed f) {
            return saying(words, "failure.httpFailed", f.said(), "service", f.service(), "status", status(f.status()));
        }
        if (failure instanceof ProviderFailure.ResultTooLarge f) {
            return words.say("failure.resultTooLarge", "service", f.service(), "max", f.maxMb());
        }
        if (failure instanceof ProviderFailure.ResultExpired f) {
            return words.say("failure.resultExpired", "service", f.service(), "status", status(f.status()));
        }
        if (failure instanceof ProviderFailure.CouldNotRun f) {
            return saying(words, "failure.couldNotRun", f.said(), "service", f.service());
        }
        if (failure instanceof ProviderFailure.TaskFailed f) {
            return f.said().isEmpty() ? words.say("failure.couldNotRun", "service", f.service())
                    : words.say("failure.couldNotRunAside", "service", f.service(), "aside", f.said());
        }
        if (failure instanceof ProviderFailure.RunFailed f) {
            return runFailed(f, words);
        }
        if (failure instanceof ProviderFailure.FlaggedSaying f) {
            return saying(words, "failure.flagged", f.said(), "service", f.service());
        }
        if (failure instanceof ProviderFailure.NotAccepted f) {
            return words.say("failure.notAccepted", "service", f.service(), "note", clause(say(f.answered(), words)));
        }
        if (failure instanceof ProviderFailure.Unreachable f) {
            return words.say("failure.notNow.unreachable", "service", f.service(), "error", network(f.error(), words));
        }
        if (failure instanceof ProviderFailure.AnsweredNotNow f) {
            return f.code().isEmpty() ? words.say("failure.notNow.answered", "service", f.service(), "status", status(f.status()))
                    : words.say("failure.notNow.answeredCode", "service", f.service(), "status", status(f.status()), "code", f.code());
        }
        if (failure instanceof ProviderFailure.DownloadNotNow f) {
            return f.status() == -1 ? words.say("failure.notNow.downloadError", "service", f.service(), "error", network(f.error(), words))
                    : words.say("failure.notNow.download", "service", f.service(), "status", status(f.status()));
        }
        if (failure instanceof ProviderFailure.UnreachableAt f) {
            return words.say("failure.notNow.unreachableAt", "service", f.service(), "url", f.url(), "error", network(f.error(), words));
        }
        if (failure instanceof ProviderFailure.WorkflowRefused f) {
            return saying(words, "failure.workflowRefused", f.said(), "service", f.service());
        }
        if (failure instanceof ProviderFailure.UploadNotNamed f) {
            return words.say("failure.uploadNotNamed", "service", f.service(), "number", f.number());
        }
        if (failure instanceof ProviderFailure.UnreadableResult f) {
            return words.say("failure.unreadableResult", "service", f.service(), "reason", f.reason());
        }
        if (failure instanceof ProviderFailure.AspectRatioRefused f) {
            return words.say("failure.aspectRatioRefused", "service", f.service(), "first", f.first(), "second", f.second(), "said", f.said());
        }
        if (failure instanceof ProviderFailure.ModelNotFound f) {
            return f.undocumented() ? words.say("failure.maxNotDocumented", "service", f.service(), "path", f.path())
                    : words.say("failure.modelNotFound", "service", f.service(), "path", f.path(), "setting", f.setting());
        }
        if (failure instanceof ProviderFailure.UploadTooLarge f) {
            return words.say("failure.uploadTooLarge", "service", f.service(), "max", f.maxMib());
        }
        if (failure instanceof ProviderFailure.NotUnderstood f) {
            return words.say("failure.offline.notUnderstood", "instruction", f.instruction(), "vocabulary", f.vocabulary(), "example", f.example());
        }
        if (failure instanceof ProviderFailure.FormatUnreadable f) {
            return f.number() == 1 ? words.say("failure.offline.format", "format", f.format())
                    : words.say("failure.offline.formatOfImage", "format", f.format(), "number", f.number());
        }
        if (failure instanceof ProviderFailure.ImageUnreadable f) {
            String reason = rejections.say(f.why(), words);
            return f.number() == 1 ? words.say("failure.offline.unreadable", "reason", reason)
                    : words.say("failure.offline.unreadableImage", "number", f.number(), "reason", reason);
        }
        if (failure instanceof ProviderFailure.NoSuchJob f) {
            return words.say("failure.offline.noSuchJob", "job", f.job());
        }
        if (failure instanceof ProviderFailure.FellShort f) {
            return fellShort(f, words);
        }
        if (failure instanceof ProviderFailure.PartlyDone f) {
            return partlyDone(f, words);
        }
        throw new IllegalStateException("no words for the provider failure " + failure);
    }

    /** Runflow's "(code, at stage)" aside, then what it said. */
    private static String runFailed(ProviderFailure.RunFailed f, Words words) {
        String aside = Stream.of(f.code(), f.stage().isEmpty() ? "" : words.say("failure.runStage", "stage", f.stage()))
                .filter(part -> !part.isEmpty()).collect(Collectors.joining(", "));
        if (aside.isEmpty()) {
            return saying(words, "failure.couldNotRun", f.said(), "service", f.service());
        }
        return f.said().isEmpty() ? words.say("failure.couldNotRunAside", "service", f.service(), "aside", aside)
                : words.say("failure.couldNotRunAsideSaying", "service", f.service(), "aside", aside, "said", f.said());
    }

    /** "3 of 4 variants; 1 was refused by the provider: …": each fate once, with how many variants it befell. */
    private String fellShort(ProviderFailure.FellShort f, Words words) {
        Map<ProviderFailure.Missed, Integer> counts = new LinkedHashMap<>();
        f.missed().forEach(missed -> counts.merge(missed, 1, Integer::sum));
        StringBuilder text = new StringBuilder(words.say("failure.fellShort", "arrived", f.arrived(), "asked", f.asked()));
        counts.forEach((missed, count) -> text.append("; ").append(words.say("failure.missed." + missed.fate().name().toLowerCase(Locale.ROOT),
                "count", count, "service", String.valueOf(missed.service()), "why", missed.why() == null ? "" : clause(say(missed.why(), words)))));
        return text.append('.').toString();
    }

    /** A sentence said inside another: its closing full stop goes, the other's ends it. */
    static String clause(String sentence) {
        return sentence.strip().replaceAll("[.\\s]+$", "");
    }

    /** The offline editor's notes, the specific ones first: the one with the whole vocabulary is long, and a stored note is cut. */
    private static String partlyDone(ProviderFailure.PartlyDone f, Words words) {
        List<String> notes = new ArrayList<>();
        if (!f.lacking().isEmpty()) {
            notes.add(words.say("failure.offline.lacking", "parts", quoted(f.lacking(), words), "images", f.images()));
        }
        if (!f.unused().isEmpty()) {
            List<Integer> unused = f.unused();
            String which = unused.size() == 1 ? String.valueOf(unused.get(0))
                    : words.say("failure.offline.and", "list", unused.subList(0, unused.size() - 1).stream().map(String::valueOf)
                    .collect(Collectors.joining(", ")), "last", String.valueOf(unused.get(unused.size() - 1)));
            notes.add(words.say("failure.offline.unused", "count", unused.size(), "which", which, "first", String.valueOf(unused.get(0))));
        }
        if (!f.ignored().isEmpty()) {
            notes.add(words.say("failure.offline.ignored", "parts", quoted(f.ignored(), words), "vocabulary", f.vocabulary()));
        }
        return String.join(" ", notes);
    }

    /** The person's own words, quoted, the first few of them. */
    private static String quoted(List<String> parts, Words words) {
        String named = parts.stream().limit(NAMED_PARTS).map(part -> words.say("failure.offline.part", "part", part))
                .collect(Collectors.joining(", "));
        return parts.size() > NAMED_PARTS ? words.say("failure.offline.more", "parts", named, "more", parts.size() - NAMED_PARTS) : named;
    }

    /** {@code key} when the service said nothing, {@code key}Saying with its words when it did. */
    private static String saying(Words words, String key, String said, Object... values) {
        if (said.isEmpty()) {
            return words.say(key, values);
        }
        Object[] withSaid = java.util.Arrays.copyOf(values, values.length + 2);
        withSaid[values.length] = "said";
        withSaid[values.length + 1] = said;
        return words.say(key + "Saying", withSaid);
    }

    /** What the network did, in a few words said inside a sentence ("timed out"). */
    private static String network(ProviderFailure.Network error, Words words) {
        return words.say("failure.network." + java.util.Objects.requireNonNull(error, "error").name().toLowerCase(Locale.ROOT));
    }

    /** An HTTP status as it is written, never with a thousands separator. */
    private static String status(int status) {
        return Integer.toString(status);
    }
}
