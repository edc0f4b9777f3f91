package dev.kontextbot.provider.bfl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kontextbot.engine.model.AspectRatio;
import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.OutputFormat;
import dev.kontextbot.engine.model.TurnParams;
import dev.kontextbot.engine.port.FailureKind;
import dev.kontextbot.engine.port.JobProgress;
import dev.kontextbot.engine.port.PollOutcome;
import dev.kontextbot.engine.port.SubmitOutcome;
import dev.kontextbot.testing.ProviderFailuresSaid.Said;
import dev.kontextbot.testing.ProviderRefusalsSaid;
import dev.kontextbot.testing.TestCatalogue;
import dev.kontextbot.provider.http.FakeService;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Base64;

import static dev.kontextbot.testing.ProviderFailuresSaid.english;
import static dev.kontextbot.testing.ProviderFailuresSaid.said;
import static dev.kontextbot.testing.ProviderRefusalsSaid.english;
import static dev.kontextbot.provider.http.FakeService.API_KEY;
import static dev.kontextbot.testing.ProviderFailuresSaid.shortfall;
import static dev.kontextbot.testing.ProviderFailuresSaid.worded;
import static org.assertj.core.api.Assertions.assertThat;

class BflProviderTest {
    FakeService bfl;
    BflProvider provider;

    @BeforeEach
    void start() throws Exception {
        bfl = new FakeService();
        provider = newProvider();
    }

    private BflProvider newProvider() {
        return new BflProvider(new BflConfig(bfl.base(), API_KEY, TestCatalogue.routes("bfl"), 10_000_000), bfl.http());
    }

    @AfterEach
    void stop() {
        bfl.close();
    }

    private void accepted(String id) {
        bfl.json(200, "{\"id\":\"" + id + "\",\"polling_url\":\"" + bfl.url("/v1/get_result?id=" + id) + "\"}");
    }

    @Test
    void nVariantsAreNTasksWithConsecutiveSeedsOnTheTiersEndpoint() throws Exception {
        accepted("a");
        accepted("b");

        SubmitOutcome outcome = provider.submit(FakeService.edit(FakeService.params(ModelId.KONTEXT_MAX, 2, AspectRatio.LANDSCAPE_16_9, 10)));

        assertThat(outcome).isInstanceOf(SubmitOutcome.Submitted.class);
        RecordedRequest first = bfl.take();
        RecordedRequest second = bfl.take();
        assertThat(first.getTarget()).isEqualTo("/v1/flux-kontext-max");
        assertThat(first.getHeaders().get("x-key")).isEqualTo(API_KEY);
        JsonNode body = bfl.body(first);
        assertThat(body.get("prompt").asText()).isEqualTo("make the jacket red");
        assertThat(Base64.getDecoder().decode(body.get("input_image").asText())).isEqualTo(FakeService.png());
        assertThat(body.get("aspect_ratio").asText()).isEqualTo("16:9");
        assertThat(body.get("seed").asLong()).isEqualTo(10);
        assertThat(body.get("prompt_upsampling").asBoolean()).isTrue();
        assertThat(body.get("safety_tolerance").asInt()).isEqualTo(2);
        assertThat(body.get("output_format").asText()).isEqualTo("png");
        assertThat(body.has("guidance_scale")).isFalse();
        assertThat(bfl.body(second).get("seed").asLong()).isEqualTo(11);
    }

    @Test
    void pendingThenReadyDownloadsTheSampleAtOnceAndAFreshInstanceCanPollFromTheToken() throws Exception {
        accepted("t1");
        String job = ((SubmitOutcome.Submitted) provider.submit(FakeService.edit(FakeService.params(ModelId.KONTEXT_PRO, 1, null, 5)))).job();
        bfl.take();
        bfl.json(200, "{\"id\":\"t1\",\"status\":\"Pending\",\"progress\":0.4}");
        bfl.json(200, "{\"id\":\"t1\",\"status\":\"Ready\",\"result\":{\"sample\":\"" + bfl.url("/delivery/s.png") + "\",\"seed\":5}}");
        bfl.image(FakeService.png());

        assertThat(provider.poll(job)).isEqualTo(new PollOutcome.Pending(JobProgress.Generating.atFraction(0.4)));
        PollOutcome ready = newProvider().poll(job);

        assertThat(ready).isInstanceOfSatisfying(PollOutcome.Completed.class, c -> {
            assertThat(c.images()).hasSize(1);
            assertThat(c.images().get(0).bytes()).isEqualTo(FakeService.png());
            assertThat(c.images().get(0).seed()).isEqualTo(5);
        });
        RecordedRequest poll = bfl.take();
        assertThat(poll.getTarget()).isEqualTo("/v1/get_result?id=t1");
        assertThat(poll.getHeaders().get("x-key")).isEqualTo(API_KEY);
    }

    @Test
    void moderationOfTheRequestAndOfTheResultAreDistinctOutcomes() {
        accepted("m1");
        String job = ((SubmitOutcome.Submitted) provider.submit(FakeService.edit(FakeService.params(ModelId.KONTEXT_PRO, 1, null, 5)))).job();
        bfl.json(200, "{\"id\":\"m1\",\"status\":\"Request Moderated\"}");
        bfl.json(200, "{\"id\":\"m1\",\"status\":\"Content Moderated\"}");

        PollOutcome request = provider.poll(job);
        PollOutcome content = provider.poll(job);

        assertThat(request).isInstanceOfSatisfying(PollOutcome.Failed.class, f -> {
            assertThat(f.kind()).isEqualTo(FailureKind.MODERATED);
            assertThat(english(f)).contains("flagged the request");
        });
        assertThat(content).isInstanceOfSatisfying(PollOutcome.Failed.class, f -> assertThat(english(f)).contains("flagged the generated image"));
    }

    @Test
    void anErrorStatusIsAFailureWithTheDetails() {
        accepted("e1");
        String job = ((SubmitOutcome.Submitted) provider.submit(FakeService.edit(FakeService.params(ModelId.KONTEXT_PRO, 1, null, 5)))).job();
        bfl.json(200, "{\"id\":\"e1\",\"status\":\"Error\",\"details\":\"GPU fell over\"}");

        assertThat(said(provider.poll(job))).isEqualTo(new Said(FailureKind.PROVIDER_ERROR, "BFL could not run the edit (GPU fell over)."));
    }

    @Test
    void noCreditsTooManyTasksAndServerErrorsAnswerDifferently() {
        bfl.json(402, "{\"detail\":\"Insufficient credits\"}");
        bfl.jsonWithHeader(429, "{\"detail\":\"too many active tasks\"}", "Retry-After", "3");
        bfl.json(502, "<html>bad gateway</html>");
        accepted("ok");
        var params = FakeService.params(ModelId.KONTEXT_PRO, 1, null, 5);

        assertThat(provider.submit(FakeService.edit(params))).isInstanceOfSatisfying(SubmitOutcome.Rejected.class,
                r -> assertThat(r.kind()).isEqualTo(FailureKind.NO_CREDITS));
        assertThat(worded(provider.submit(FakeService.edit(params)))).isEqualTo(new SubmitOutcome.RetryLater(Duration.ofSeconds(3), "BFL answered HTTP 429"));
        assertThat(provider.submit(FakeService.edit(params))).isInstanceOf(SubmitOutcome.RetryLater.class);
        assertThat(provider.submit(FakeService.edit(params))).isInstanceOf(SubmitOutcome.Submitted.class);
    }

    @Test
    void aPollThatHangsIsRetriedLaterAndAnExpiredSampleIsReportedAsExpired() {
        accepted("h1");
        String job = ((SubmitOutcome.Submitted) provider.submit(FakeService.edit(FakeService.params(ModelId.KONTEXT_PRO, 1, null, 5)))).job();
        bfl.hang();
        bfl.json(200, "{\"id\":\"h1\",\"status\":\"Ready\",\"result\":{\"sample\":\"" + bfl.url("/delivery/gone.png") + "\"}}");
        bfl.json(403, "<Error>Request has expired</Error>");

        assertThat(provider.poll(job)).isInstanceOf(PollOutcome.RetryLater.class);
        assertThat(provider.poll(job)).isInstanceOfSatisfying(PollOutcome.Failed.class, f -> {
            assertThat(f.kind()).isEqualTo(FailureKind.EXPIRED);
            assertThat(english(f)).contains("expired");
        });
    }

    @Test
    void whatBflCannotDoIsRefusedNotDropped() {
        TurnParams guided = new TurnParams(ModelId.KONTEXT_PRO, null, 1, 7.0, OutputFormat.PNG, 2, false, 1);
        TurnParams permissive = new TurnParams(ModelId.KONTEXT_PRO, null, 1, 3.5, OutputFormat.PNG, 5, false, 1);

        assertThat(english(provider.refusal(guided, 1))).get().asString().contains("no guidance_scale");
        assertThat(english(provider.refusal(permissive, 1))).get().asString().contains("up to 2");
        assertThat(english(provider.refusal(permissive, 0))).isEmpty();
    }

    @Test
    void safetyToleranceZeroIsBflsStrictestAndIsSentWhileWebpIsRefused() throws Exception {
        TurnParams strictest = new TurnParams(ModelId.KONTEXT_PRO, null, 1, 3.5, OutputFormat.JPEG, 0, false, 1);
        TurnParams webp = new TurnParams(ModelId.KONTEXT_PRO, null, 1, 3.5, OutputFormat.WEBP, 2, false, 1);
        accepted("z");

        assertThat(english(provider.refusal(strictest, 1))).isEmpty();
        assertThat(english(provider.refusal(webp, 1))).contains("BFL cannot make webp images; use output_format jpeg or png.");
        provider.submit(FakeService.edit(strictest));
        assertThat(bfl.body(bfl.take()).get("safety_tolerance").asInt()).isZero();
    }

    @Test
    void everyRunningTaskIsLookedAtEachPollAndAReadyOneIsHandedOverAtOnce() throws Exception {
        accepted("a");
        accepted("b");
        String job = ((SubmitOutcome.Submitted) provider.submit(FakeService.edit(FakeService.params(ModelId.KONTEXT_PRO, 2, null, 5)))).job();
        bfl.take();
        bfl.take();
        bfl.json(200, "{\"id\":\"a\",\"status\":\"Pending\"}");
        bfl.json(200, "{\"id\":\"b\",\"status\":\"Ready\",\"result\":{\"sample\":\"" + bfl.url("/delivery/b.png") + "\",\"seed\":6}}");
        bfl.image(FakeService.png());

        PollOutcome first = provider.poll(job);

        assertThat(bfl.take().getTarget()).isEqualTo("/v1/get_result?id=a");
        assertThat(bfl.take().getTarget()).isEqualTo("/v1/get_result?id=b");
        assertThat(bfl.take().getTarget()).isEqualTo("/delivery/b.png");
        assertThat(first).isInstanceOfSatisfying(PollOutcome.Progress.class, progress -> {
            assertThat(progress.images()).extracting(image -> image.seed()).containsExactly(6L);
            bfl.json(200, "{\"id\":\"a\",\"status\":\"Content Moderated\"}");
            assertThat(provider.poll(progress.job())).isInstanceOfSatisfying(PollOutcome.Completed.class, completed -> {
                assertThat(completed.images()).isEmpty();
                assertThat(shortfall(completed)).contains("1 of 2 variants; 1 was flagged by BFL's safety filter.");
            });
        });
        assertThat(bfl.take().getTarget()).isEqualTo("/v1/get_result?id=a");
        // b was delivered: the second look asks only for a.
        assertThat(bfl.server.getRequestCount()).isEqualTo(6);
    }

    @Test
    void aTokenWrittenBeforeTasksHadStatesIsStillPolled() {
        String old = "{\"tasks\":[{\"id\":\"o1\",\"pollingUrl\":\"" + bfl.url("/v1/get_result?id=o1") + "\",\"seed\":3}]}";
        bfl.json(200, "{\"id\":\"o1\",\"status\":\"Ready\",\"result\":{\"sample\":\"" + bfl.url("/delivery/o1.png") + "\"}}");
        bfl.image(FakeService.png());

        assertThat(provider.poll(old)).isInstanceOfSatisfying(PollOutcome.Completed.class, completed -> {
            assertThat(completed.images()).hasSize(1);
            assertThat(completed.images().get(0).seed()).isEqualTo(3);
            assertThat(completed.shortfall()).isEmpty();
        });
    }

    @Test
    void theApiKeyNeverAppearsInAnOutcome() {
        bfl.json(401, "{\"detail\":\"bad key\"}");
        bfl.json(422, "{\"detail\":[{\"loc\":[\"body\",\"prompt\"],\"msg\":\"too long\",\"type\":\"value_error\"}]}");
        var params = FakeService.params(ModelId.KONTEXT_PRO, 1, null, 5);

        SubmitOutcome key = provider.submit(FakeService.edit(params));
        SubmitOutcome invalid = provider.submit(FakeService.edit(params));
        assertThat(key.toString()).doesNotContain(API_KEY);
        assertThat(said(key).text()).doesNotContain(API_KEY).contains("refused the bot's API key");
        assertThat(invalid.toString()).doesNotContain(API_KEY);
        assertThat(said(invalid).text()).doesNotContain(API_KEY).contains("prompt: too long");
    }
}
