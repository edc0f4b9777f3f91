package dev.kontextbot.provider.replicate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kontextbot.engine.model.ProviderFailure;
import dev.kontextbot.engine.port.FailureKind;
import dev.kontextbot.engine.port.PollOutcome;
import dev.kontextbot.provider.http.InputImages;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What a prediction object says when it ends: its output URLs, or why it failed, in words for the person. */
final class PredictionAnswers {
    private final String apiToken;

    PredictionAnswers(String apiToken) {
        this.apiToken = apiToken;
    }

    /**
     * Replicate's {@code error} is free text; a safety refusal reads "flagged as sensitive (E005)" or names NSFW content,
     * and nothing else marks it, so those words are the only sign.
     */
    PollOutcome.Failed failed(JsonNode error) {
        String text = errorText(error);
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.contains("sensitive") || lower.contains("nsfw") || lower.contains("e005") || lower.contains("moderat")) {
            return new PollOutcome.Failed(FailureKind.MODERATED, new ProviderFailure.Plain(ReplicateProvider.SERVICE, ProviderFailure.Situation.EDIT_FLAGGED));
        }
        String detail = text.length() > 300 ? text.substring(0, 299) + "…" : text;
        return new PollOutcome.Failed(FailureKind.PROVIDER_ERROR, new ProviderFailure.CouldNotRun(ReplicateProvider.SERVICE, scrub(detail)));
    }

    /** A prediction that failed for an input URL Replicate could not fetch (its words read tolerantly; not a safety refusal). */
    boolean couldNotFetch(JsonNode prediction) {
        JsonNode error = prediction.path("error");
        return "failed".equals(prediction.path("status").asText()) && failed(error).kind() != FailureKind.MODERATED
                && InputImages.failedForAnInput(errorText(error));
    }

    static String errorText(JsonNode error) {
        return error.isTextual() ? error.asText().trim() : error.isMissingNode() || error.isNull() ? "" : error.toString();
    }

    private String scrub(String text) {
        return apiToken == null || apiToken.isEmpty() ? text : text.replace(apiToken, "***");
    }

    /** Output is one URI (Kontext) or a list of them (FLUX.2, tolerantly); anything else holds none. */
    static List<String> outputs(JsonNode output) {
        List<String> urls = new ArrayList<>();
        if (output.isTextual() && !output.asText().isBlank()) {
            urls.add(output.asText());
        } else if (output.isArray()) {
            output.forEach(item -> {
                if (item.isTextual() && !item.asText().isBlank()) {
                    urls.add(item.asText());
                }
            });
        }
        return urls;
    }
}
