package dev.kontextbot.provider.http;

import dev.kontextbot.engine.port.FailureKind;
import dev.kontextbot.engine.port.PollOutcome;
import dev.kontextbot.engine.port.SubmitOutcome;
import dev.kontextbot.testing.ProviderFailuresSaid.Said;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;

import static dev.kontextbot.testing.ProviderFailuresSaid.said;
import static dev.kontextbot.testing.ProviderFailuresSaid.worded;
import static org.assertj.core.api.Assertions.assertThat;

class ProviderHttpTest {
    private final AnswerReading reading = new AnswerReading("Acme", "acme-key-0123456789");

    @Test
    void retryAfterIsReadAsSecondsOrAsADate() {
        assertThat(ProviderHttp.retryAfter("7")).isEqualTo(Duration.ofSeconds(7));
        Duration fromDate = ProviderHttp.retryAfter(DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now().plusSeconds(30)));
        assertThat(fromDate).isBetween(Duration.ofSeconds(25), Duration.ofSeconds(31));
        assertThat(ProviderHttp.retryAfter("soon")).isNull();
        assertThat(ProviderHttp.retryAfter(null)).isNull();
    }

    @Test
    void aConnectionThatNeverOpenedIsRetriedButOneThatMayHaveArrivedIsNot() throws Exception {
        ProviderHttp http;
        String url;
        try (FakeService closed = new FakeService()) {
            http = closed.http();
            url = closed.url("/v1/x");
        }
        HttpAnswer refused = http.post(url, Map.of(), Map.of("a", 1));
        assertThat(reading.submitFailure(refused, null)).isInstanceOf(SubmitOutcome.RetryLater.class);

        try (FakeService slow = new FakeService()) {
            slow.hang();
            HttpAnswer timedOut = slow.http().post(slow.url("/v1/x"), Map.of(), Map.of("a", 1));
            assertThat(timedOut.sent()).isTrue();
            assertThat(reading.submitFailure(timedOut, null)).isInstanceOfSatisfying(SubmitOutcome.Rejected.class,
                    r -> assertThat(r.kind()).isEqualTo(FailureKind.INTERRUPTED));
            assertThat(reading.pollFailure(timedOut, null)).isInstanceOf(PollOutcome.RetryLater.class);
        }
    }

    @Test
    void statusCodesMapToDistinctOutcomes() throws Exception {
        try (FakeService service = new FakeService()) {
            service.json(402, "{}");
            service.json(403, "{}");
            service.json(422, "{\"detail\":[{\"loc\":[\"body\",\"seed\"],\"msg\":\"must be positive\",\"type\":\"value_error\"}]}");
            service.jsonWithHeader(503, "{}", "Retry-After", "12");
            ProviderHttp http = service.http();

            assertThat(said(reading.submitFailure(http.get(service.url("/a"), Map.of()), null)))
                    .isEqualTo(new Said(FailureKind.NO_CREDITS, "The Acme account behind this bot is out of credits. Ask the bot's admin to top it up."));
            assertThat(said(reading.submitFailure(http.get(service.url("/a"), Map.of()), null)).text()).contains("refused the bot's API key");
            HttpAnswer invalid = http.get(service.url("/a"), Map.of());
            assertThat(said(reading.submitFailure(invalid, AnswerReading.detail(invalid.body()))))
                    .isEqualTo(new Said(FailureKind.BAD_REQUEST, "Acme refused the request: seed: must be positive"));
            assertThat(worded(reading.submitFailure(http.get(service.url("/a"), Map.of()), null)))
                    .isEqualTo(new SubmitOutcome.RetryLater(Duration.ofSeconds(12), "Acme answered HTTP 503"));
        }
    }

    @Test
    void aKeyEchoedBackByTheServiceIsCutOutOfTheMessage() throws Exception {
        try (FakeService service = new FakeService()) {
            service.json(422, "{\"detail\":[{\"loc\":[\"header\"],\"msg\":\"bad key acme-key-0123456789\",\"type\":\"x\"}]}");
            HttpAnswer answer = service.http().get(service.url("/a"), Map.of());
            assertThat(reading.submitFailure(answer, AnswerReading.detail(answer.body())).toString())
                    .doesNotContain("acme-key-0123456789").contains("bad key ***");
        }
    }

    @Test
    void downloadsStopAtTheSizeLimit() throws Exception {
        try (FakeService service = new FakeService()) {
            service.image(new byte[5000]);
            assertThat(service.http().download(service.url("/big.png"), 1000)).isInstanceOfSatisfying(ProviderHttp.Download.Failed.class,
                    f -> assertThat(f.status()).isZero());
        }
    }
}
