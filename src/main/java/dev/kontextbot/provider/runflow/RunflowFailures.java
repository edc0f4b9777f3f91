package dev.kontextbot.provider.runflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kontextbot.engine.port.FailureKind;
import dev.kontextbot.engine.port.PollOutcome;

import java.util.Locale;

/**
 * A run that failed after it was created: its {@code failure_code}, {@code failure_stage} (the API reference names it
 * {@code failure_stage_code}: both are read) and {@code failure_message}. The codes are those of the errors page;
 * moderation has no documented code, so it is recognised by words in the code only, never in the message.
 */
final class RunflowFailures {
    private RunflowFailures() {
    }

    static PollOutcome of(JsonNode run) {
        String message = text(run, "failure_message");
        String code = text(run, "failure_code");
        if (code.isBlank()) {
            code = run.path("error").path("code").asText("");
        }
        String stage = text(run, "failure_stage");
        if (stage.isBlank()) {
            stage = text(run, "failure_stage_code");
        }
        String lower = code.toLowerCase(Locale.ROOT);
        if (lower.contains("content_policy") || lower.contains("moderat") || lower.contains("nsfw") || lower.contains("safety")) {
            return new PollOutcome.Failed(FailureKind.MODERATED, "Runflow's safety filter flagged this edit" + (message.isBlank() ? "." : ": " + message));
        }
        if (lower.equals("insufficient_credit")) {
            return new PollOutcome.Failed(FailureKind.NO_CREDITS, "The Runflow account behind this bot ran out of credits during the run."
                    + " Ask the bot's admin to top it up.");
        }
        if (lower.equals("model_unavailable")) {
            return new PollOutcome.Failed(FailureKind.UNAVAILABLE, "Runflow's Kontext model is down at its provider right now; try again in a few minutes.");
        }
        String where = code.isBlank() && stage.isBlank() ? ""
                : " (" + (code.isBlank() ? "" : code) + (code.isBlank() || stage.isBlank() ? "" : ", ") + (stage.isBlank() ? "" : "at " + stage) + ")";
        return new PollOutcome.Failed(FailureKind.PROVIDER_ERROR, "Runflow could not run the edit" + where + (message.isBlank() ? "." : ": " + message));
    }

    private static String text(JsonNode run, String field) {
        JsonNode value = run.path(field);
        return value.isValueNode() && !value.isNull() ? value.asText().trim() : "";
    }
}
