package dev.kontextbot.provider.runflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kontextbot.engine.model.ProviderFailure;
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
            return new PollOutcome.Failed(FailureKind.MODERATED, new ProviderFailure.FlaggedSaying(RunflowProvider.SERVICE, message));
        }
        if (lower.equals("insufficient_credit")) {
            return new PollOutcome.Failed(FailureKind.NO_CREDITS, new ProviderFailure.Plain(RunflowProvider.SERVICE, ProviderFailure.Situation.RAN_OUT_OF_CREDITS));
        }
        if (lower.equals("model_unavailable")) {
            return new PollOutcome.Failed(FailureKind.UNAVAILABLE, new ProviderFailure.Plain(RunflowProvider.SERVICE, ProviderFailure.Situation.MODEL_DOWN));
        }
        return new PollOutcome.Failed(FailureKind.PROVIDER_ERROR, new ProviderFailure.RunFailed(RunflowProvider.SERVICE, code, stage, message));
    }

    private static String text(JsonNode run, String field) {
        JsonNode value = run.path(field);
        return value.isValueNode() && !value.isNull() ? value.asText().trim() : "";
    }
}
