package dev.kontextbot.provider.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kontextbot.engine.model.ProviderFailure;
import dev.kontextbot.engine.port.FailureKind;
import dev.kontextbot.engine.port.PollOutcome;
import dev.kontextbot.engine.port.SubmitOutcome;


/**
 * What an unsuccessful answer means, the same way for every provider: 429 and 5xx are "not now", 402 is
 * credits, 401/403 the key, 400/422 the request. Failures are typed and name the service; the adapters word them.
 */
public final class AnswerReading {
    private final String service;
    private final String secret;

    /** {@code secret}: the API key, cut out of anything the service echoes back before it reaches a message. */
    public AnswerReading(String service, String secret) {
        this.service = service;
        this.secret = secret;
    }

    public SubmitOutcome submitFailure(HttpAnswer answer, String detail) {
        if (answer.networkFailed()) {
            if (answer.sent()) {
                return new SubmitOutcome.Rejected(FailureKind.INTERRUPTED, new ProviderFailure.Unconfirmed(service, answer.networkError()));
            }
            return new SubmitOutcome.RetryLater(null, new ProviderFailure.Unreachable(service, answer.networkError()));
        }
        if (retryable(answer.status())) {
            return new SubmitOutcome.RetryLater(answer.retryAfter(), notNow(answer));
        }
        return new SubmitOutcome.Rejected(kind(answer.status()), message(answer.status(), detail));
    }

    public PollOutcome pollFailure(HttpAnswer answer, String detail) {
        if (answer.networkFailed()) {
            return new PollOutcome.RetryLater(null, new ProviderFailure.Unreachable(service, answer.networkError()));
        }
        if (retryable(answer.status())) {
            return new PollOutcome.RetryLater(answer.retryAfter(), notNow(answer));
        }
        return new PollOutcome.Failed(kind(answer.status()), message(answer.status(), detail));
    }

    public PollOutcome downloadFailure(ProviderHttp.Download.Failed failed) {
        if (failed.status() == -1 || failed.status() >= 500 || failed.status() == 429) {
            return new PollOutcome.RetryLater(null, new ProviderFailure.DownloadNotNow(service, failed.status(), failed.networkError()));
        }
        if (failed.status() == 0) {
            return new PollOutcome.Failed(FailureKind.PROVIDER_ERROR, new ProviderFailure.ResultTooLarge(service, failed.maxBytes() / (1024 * 1024)));
        }
        return new PollOutcome.Failed(FailureKind.EXPIRED, new ProviderFailure.ResultExpired(service, failed.status()));
    }

    /** "Runflow answered HTTP 503 MODEL_UNAVAILABLE": the service's own code, when it sends one, says why. */
    private ProviderFailure notNow(HttpAnswer answer) {
        String code = answer.body().path("code").isTextual() ? answer.body().path("code").asText() : "";
        return new ProviderFailure.AnsweredNotNow(service, answer.status(), code.isBlank() || code.length() > 60 ? "" : scrub(code));
    }

    private static boolean retryable(int status) {
        return status == 429 || status == 408 || status >= 500;
    }

    private static FailureKind kind(int status) {
        return switch (status) {
            case 402 -> FailureKind.NO_CREDITS;
            case 400, 422 -> FailureKind.BAD_REQUEST;
            default -> FailureKind.PROVIDER_ERROR;
        };
    }

    private String scrub(String text) {
        return text == null || secret == null || secret.isEmpty() ? text : text.replace(secret, "***");
    }

    private ProviderFailure message(int status, String rawDetail) {
        String detail = scrub(rawDetail);
        return switch (status) {
            case 402 -> new ProviderFailure.Plain(service, ProviderFailure.Situation.OUT_OF_CREDITS);
            case 401, 403 -> new ProviderFailure.KeyRefused(service, status);
            case 400, 422 -> new ProviderFailure.RequestRefused(service, detail);
            case 404 -> new ProviderFailure.Plain(service, ProviderFailure.Situation.JOB_FORGOTTEN);
            default -> new ProviderFailure.HttpFailed(service, status, detail);
        };
    }

    /**
     * The human part of an error body: FastAPI's {@code detail[].msg}; Runflow's {@code message} with its per-field
     * {@code errors[]} (whose entries' shape its docs do not show: a string, or an object naming the field as
     * {@code field}, {@code loc}, {@code path} or {@code param} and the problem as {@code message} or {@code msg});
     * or a {@code message}/{@code detail} string.
     */
    public static String detail(JsonNode body) {
        JsonNode errors = body.path("errors");
        if (errors.isArray() && !errors.isEmpty()) {
            String message = body.path("message").isTextual() ? body.path("message").asText() : "";
            return truncate((message.isBlank() ? "" : message + " ") + fieldErrors(errors));
        }
        JsonNode detail = body.path("detail");
        if (detail.isArray() && !detail.isEmpty()) {
            StringBuilder text = new StringBuilder();
            for (JsonNode item : detail) {
                if (!text.isEmpty()) {
                    text.append("; ");
                }
                JsonNode loc = item.path("loc");
                String field = loc.isArray() && !loc.isEmpty() ? loc.get(loc.size() - 1).asText() : "";
                text.append(field.isEmpty() || field.equals("body") ? "" : field + ": ").append(item.path("msg").asText());
            }
            return truncate(text.toString());
        }
        if (detail.isTextual()) {
            return truncate(detail.asText());
        }
        return body.path("message").isTextual() ? truncate(body.path("message").asText()) : null;
    }

    private static String fieldErrors(JsonNode errors) {
        StringBuilder text = new StringBuilder();
        for (JsonNode item : errors) {
            String field = item.isTextual() ? "" : fieldName(item);
            String problem = item.isTextual() ? item.asText() : firstText(item, "message", "msg", "detail", "error");
            if (problem.isBlank() && field.isBlank()) {
                continue;
            }
            text.append(text.isEmpty() ? "(" : "; ").append(field.isBlank() ? "" : field + ": ").append(problem.isBlank() ? "invalid" : problem);
        }
        return text.isEmpty() ? "" : text.append(")").toString();
    }

    private static String fieldName(JsonNode item) {
        for (String key : new String[]{"field", "loc", "path", "param", "name"}) {
            JsonNode value = item.path(key);
            if (value.isTextual() && !value.asText().isBlank()) {
                return value.asText();
            }
            if (value.isArray()) {
                // ["body", "input", "safety_tolerance"]: the field is the last step.
                for (int i = value.size() - 1; i >= 0; i--) {
                    String step = value.get(i).asText();
                    if (!step.isBlank() && !step.equals("body")) {
                        return step;
                    }
                }
            }
        }
        return "";
    }

    private static String firstText(JsonNode item, String... keys) {
        for (String key : keys) {
            if (item.path(key).isTextual() && !item.path(key).asText().isBlank()) {
                return item.path(key).asText();
            }
        }
        return "";
    }

    /** fal marks content-filter refusals with this type; branch on it, never on the message. */
    public static boolean isContentPolicy(JsonNode body) {
        for (JsonNode item : body.path("detail")) {
            if ("content_policy_violation".equals(item.path("type").asText())) {
                return true;
            }
        }
        return false;
    }

    private static String truncate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 299) + "…";
    }

}
