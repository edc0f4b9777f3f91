package dev.kontextbot.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kontextbot.engine.ConversationEngine.StartCommand;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.testing.TestCatalogue;
import dev.kontextbot.provider.fal.FalConfig;
import dev.kontextbot.provider.fal.FalProvider;
import dev.kontextbot.provider.http.FakeService;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine and the fal client against a misbehaving fal.ai: 20 % 5xx and 10 % 429 (Retry-After 1 s) on submit,
 * 5 % status polls that hang, 5 % moderated results, 5 % result URLs that have expired. Seeded, so repeatable.
 */
class ProviderChaosTest {
    static final int TURNS = 40;

    @TempDir
    Path dir;

    static final class ChaoticFal extends Dispatcher {
        final Random random = new Random(42);
        final Map<String, Integer> accepted = new ConcurrentHashMap<>();
        final Map<String, Long> throttledAt = new ConcurrentHashMap<>();
        final List<String> retryAfterViolations = new java.util.concurrent.CopyOnWriteArrayList<>();
        final Map<String, Integer> polls = new ConcurrentHashMap<>();
        final ObjectMapper mapper = new ObjectMapper();
        final byte[] png = FakeService.png();
        volatile String base;

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            String path = request.getUrl().encodedPath();
            double roll;
            synchronized (random) {
                roll = random.nextDouble();
            }
            if (path.equals("/fal-ai/flux-pro/kontext")) {
                String prompt = prompt(request);
                Long throttled = throttledAt.remove(prompt);
                if (throttled != null && System.nanoTime() - throttled < TimeUnit.MILLISECONDS.toNanos(950)) {
                    retryAfterViolations.add(prompt);
                }
                if (roll < 0.20) {
                    return json(503, "{\"detail\":\"overloaded\"}");
                }
                if (roll < 0.30) {
                    throttledAt.put(prompt, System.nanoTime());
                    return new MockResponse.Builder().code(429).addHeader("Retry-After", "1").body("{}").build();
                }
                accepted.merge(prompt, 1, Integer::sum);
                String id = prompt.replace(' ', '-');
                return json(200, "{\"request_id\":\"" + id + "\",\"status_url\":\"" + base + "/q/" + id + "/status\",\"response_url\":\""
                        + base + "/q/" + id + "\",\"cancel_url\":\"" + base + "/q/" + id + "/cancel\"}");
            }
            String id = path.split("/").length > 2 ? path.split("/")[2] : "";
            if (path.endsWith("/status")) {
                if (roll < 0.05) {
                    return new MockResponse.Builder().code(200).headersDelay(2, TimeUnit.SECONDS).body("{\"status\":\"COMPLETED\"}").build();
                }
                return json(200, polls.merge(id, 1, Integer::sum) < 3 ? "{\"status\":\"IN_PROGRESS\"}" : "{\"status\":\"COMPLETED\"}");
            }
            Random fate = new Random(id.hashCode());
            if (path.startsWith("/q/")) {
                return fate.nextDouble() < 0.05
                        ? json(422, "{\"detail\":[{\"loc\":[\"body\"],\"msg\":\"flagged\",\"type\":\"content_policy_violation\"}]}")
                        : json(200, "{\"images\":[{\"url\":\"" + base + "/files/" + id + ".png\"}],\"seed\":7}");
            }
            if (path.startsWith("/files/")) {
                String file = path.substring("/files/".length()).replace(".png", "");
                Random expiry = new Random(file.hashCode() * 31L);
                return expiry.nextDouble() < 0.05 ? new MockResponse.Builder().code(404).build()
                        : new MockResponse.Builder().code(200).addHeader("Content-Type", "image/png").body(new Buffer().write(png)).build();
            }
            return json(200, "{}");
        }

        private String prompt(RecordedRequest request) {
            try {
                JsonNode body = mapper.readTree(request.getBody().utf8());
                return body.path("prompt").asText();
            } catch (IOException e) {
                return "?";
            }
        }

        private static MockResponse json(int code, String body) {
            return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
        }
    }

    @Test
    void everyTurnEndsInAResultOrASpecificErrorAndNothingIsSubmittedTwice() throws Exception {
        try (FakeService fal = new FakeService()) {
            ChaoticFal chaos = new ChaoticFal();
            chaos.base = fal.base();
            fal.server.setDispatcher(chaos);
            FalProvider provider = new FalProvider(new FalConfig(fal.base(), FakeService.API_KEY, TestCatalogue.routes("fal"), 1_000_000), fal.http());
            EngineSettings settings = new EngineSettings(8, Duration.ofMillis(20), Duration.ofSeconds(15), 500,
                    new RetryPolicy(8, Duration.ofMillis(20), Duration.ofMillis(400), 2), ParamOverrides.NONE, 0, 0, Duration.ZERO, Quotas.NONE);
            try (EngineHarness harness = new EngineHarness(dir, provider, settings)) {
                List<Long> ids = new ArrayList<>();
                long start = System.nanoTime();
                for (int i = 0; i < TURNS; i++) {
                    ids.add(harness.engine.start(new StartCommand(EngineHarness.thread("chaos-" + i), "ana", FakeService.png(),
                            "turn " + i, ParamOverrides.NONE, null)).turn().id());
                }
                List<Turn> ended = new ArrayList<>();
                List<Long> millis = new ArrayList<>();
                for (long id : ids) {
                    Turn turn = harness.awaitEnd(id);
                    ended.add(turn);
                    millis.add(Duration.between(turn.createdAt(), turn.finishedAt()).toMillis());
                }
                Map<String, Integer> outcomes = new TreeMap<>();
                ended.forEach(t -> outcomes.merge(t.status().wireName() + (t.errorCode() == null ? "" : ":" + t.errorCode()), 1, Integer::sum));
                millis.sort(Long::compare);
                System.out.printf("chaos: %d turns in %d ms, outcomes %s, accepted submits %d, median %d ms, worst %d ms%n", TURNS,
                        (System.nanoTime() - start) / 1_000_000, outcomes, chaos.accepted.values().stream().mapToInt(Integer::intValue).sum(),
                        millis.get(millis.size() / 2), millis.get(millis.size() - 1));

                assertThat(outcomes.keySet()).allMatch(k -> k.matches("done|moderated:moderated|failed:(expired|unavailable|timeout)"));
                assertThat(chaos.accepted.values()).as("no turn was accepted twice").allMatch(n -> n == 1);
                assertThat(chaos.retryAfterViolations).as("Retry-After honoured").isEmpty();
                assertThat(outcomes.getOrDefault("done", 0)).isGreaterThanOrEqualTo(TURNS * 3 / 4);
                assertThat(ended).filteredOn(t -> !t.status().wireName().equals("done")).allSatisfy(t -> assertThat(t.errorMessage()).isNotBlank());
                assertThat(ended).filteredOn(t -> t.status().wireName().equals("done")).allSatisfy(t -> assertThat(t.costMicros()).isEqualTo(40_000));
            }
        }
    }
}
