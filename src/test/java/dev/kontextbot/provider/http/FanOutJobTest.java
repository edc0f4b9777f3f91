package dev.kontextbot.provider.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.ProviderFailure;
import dev.kontextbot.engine.port.FailureKind;
import dev.kontextbot.engine.port.PollOutcome;
import dev.kontextbot.engine.port.SubmitOutcome;
import dev.kontextbot.testing.ProviderRefusalsSaid;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalLong;

import static dev.kontextbot.testing.ProviderFailuresSaid.english;
import static dev.kontextbot.testing.ProviderFailuresSaid.shortfall;
import static org.assertj.core.api.Assertions.assertThat;

/** The job token BFL and Replicate share: tokens stored before it was shared still parse, and what it decides. */
class FanOutJobTest {
    private final JobTokens<FanOutJob> tokens = FanOutJob.tokens(new ObjectMapper());

    @Test
    void aBflTokenFromBeforeTasksHadAStateReadsItsStartedTasksAsRunning() {
        FanOutJob job = tokens.read("{\"tasks\":[{\"id\":\"o1\",\"pollingUrl\":\"https://api.eu.bfl.ai/v1/get_result?id=o1\",\"seed\":3},"
                + "{\"id\":null,\"pollingUrl\":null,\"seed\":4}]}");

        assertThat(job.parts()).extracting(FanOutJob.Part::state).containsExactly(FanOutJob.State.RUNNING, FanOutJob.State.UNSENT);
        assertThat(job.parts().get(0).url()).isEqualTo("https://api.eu.bfl.ai/v1/get_result?id=o1");
        assertThat(job.parts().get(0).seed()).isEqualTo(3);
    }

    @Test
    void aBflTokenWithStatesAndCreditsAndAReplicateTokenWithOutputsStillParse() {
        FanOutJob bfl = tokens.read("{\"tasks\":[{\"id\":\"t1\",\"pollingUrl\":\"https://api.bfl.ai/p\",\"seed\":1,\"state\":\"DELIVERED\","
                + "\"kind\":null,\"note\":null,\"credits\":4.0},{\"id\":null,\"pollingUrl\":null,\"seed\":2,\"state\":\"REFUSED\","
                + "\"kind\":\"BAD_REQUEST\",\"note\":\"too big\",\"credits\":null}]}");
        FanOutJob replicate = tokens.read("{\"predictions\":[{\"id\":\"p0\",\"getUrl\":\"https://api.replicate.com/v1/predictions/p0\","
                + "\"cancelUrl\":\"https://api.replicate.com/v1/predictions/p0/cancel\",\"seed\":7,\"state\":\"RUNNING\",\"kind\":null,"
                + "\"note\":null,\"outputs\":[\"https://replicate.delivery/out.png\"]}]}");

        assertThat(bfl.parts().get(0).credits()).isEqualTo(4.0);
        assertThat(bfl.parts().get(1).kind()).isEqualTo(FailureKind.BAD_REQUEST);
        assertThat(replicate.parts().get(0).url()).isEqualTo("https://api.replicate.com/v1/predictions/p0");
        assertThat(replicate.parts().get(0).cancelUrl()).endsWith("/cancel");
        assertThat(replicate.parts().get(0).outputs()).containsExactly("https://replicate.delivery/out.png");
        assertThat(replicate.parts().get(0).byUrl()).isFalse();
    }

    @Test
    void aTokenWrittenNowReadsBackTheSame() {
        FanOutJob job = FanOutJob.of(FakeService.params(ModelId.KONTEXT_PRO, 2, null, 10))
                .with(0, part -> part.running("p0", "https://x/p0", "https://x/p0/cancel", 1.5, List.of("https://x/out"), true))
                .with(1, part -> part.unsent(new ProviderFailure.AnsweredNotNow("BFL", 429, "")));

        assertThat(tokens.read(tokens.write(job))).isEqualTo(job);
    }

    @Test
    void aPartResentInlineIsUnsentAgainOnceAndNamedIfNothingArrives() {
        FanOutJob job = FanOutJob.of(FakeService.params(ModelId.KONTEXT_PRO, 1, null, 10))
                .with(0, part -> part.running("p0", "https://x/p0", null, null, null, true))
                .with(0, part -> part.resentInline(new ProviderFailure.CouldNotRun("Replicate", "Failed to download input image")));

        assertThat(job.resendsInline()).isTrue();
        assertThat(job.lastUnsent()).isZero();
        assertThat(job.parts().get(0).seed()).as("the same variant again").isEqualTo(10);
        assertThat(job.ended(List.of(), "Replicate")).isInstanceOfSatisfying(PollOutcome.Failed.class,
                failed -> assertThat(english(failed)).contains("Failed to download input image"));
    }

    @Test
    void aRefusalBeforeAnythingStartedIsTheAnswerAfterwardsTheRestWaitsOrIsRefusedAlikeAndNamed() {
        FanOutJob fresh = FanOutJob.of(FakeService.params(ModelId.KONTEXT_PRO, 3, null, 10));
        SubmitOutcome busy = new SubmitOutcome.RetryLater(null, "HTTP 429");
        assertThat(fresh.refused(busy, tokens)).isEqualTo(busy);

        FanOutJob started = fresh.with(0, part -> part.running("t0", "https://x/t0", null, 4.0, null, false));
        assertThat(started.refused(busy, tokens)).isInstanceOfSatisfying(SubmitOutcome.Submitted.class,
                s -> assertThat(s.unsent()).contains((SubmitOutcome.RetryLater) busy));
        SubmitOutcome refused = started.refused(new SubmitOutcome.Rejected(FailureKind.BAD_REQUEST, new ProviderFailure.Worded("no")), tokens);
        assertThat(refused).isInstanceOfSatisfying(SubmitOutcome.Submitted.class, s -> assertThat(s.unsent()).as("nothing to send again").isEmpty());
        FanOutJob job = tokens.read(((SubmitOutcome.Submitted) refused).job());
        assertThat(job.lastUnsent()).as("the third part is refused with the second, not sent").isEqualTo(-1);

        PollOutcome done = job.with(0, FanOutJob.Part::delivered).ended(List.of(), "BFL");
        assertThat(done).isInstanceOfSatisfying(PollOutcome.Completed.class, c -> {
            assertThat(shortfall(c)).contains("1 of 3 variants; 2 were refused by the provider: no.");
            assertThat(c.reportedCostMicros()).isEqualTo(OptionalLong.of(40_000));
        });
    }

    @Test
    void aPartLostWithATypedFailureKeepsItThroughTheStoredToken() {
        FanOutJob job = FanOutJob.of(FakeService.params(ModelId.KONTEXT_PRO, 1, null, 10))
                .with(0, part -> part.running("t0", "https://x/t0", null, null, null, false))
                .with(0, part -> part.lost(FailureKind.PROVIDER_ERROR, new ProviderFailure.TaskFailed("BFL", "GPU fell over")));

        FanOutJob stored = tokens.read(tokens.write(job));

        assertThat(stored.parts().get(0).why()).isEqualTo(new ProviderFailure.TaskFailed("BFL", "GPU fell over"));
        assertThat(stored.ended(List.of(), "BFL"))
                .isEqualTo(new PollOutcome.Failed(FailureKind.PROVIDER_ERROR, new ProviderFailure.TaskFailed("BFL", "GPU fell over")));
    }

    @Test
    void aPartRefusedByOlderCodeIsNamedInTheWordsItWasStoredWith() {
        // Written before failures were typed: the refusal's English sentence is the part's note.
        FanOutJob old = tokens.read("{\"parts\":[{\"id\":\"t0\",\"url\":\"https://x/t0\",\"seed\":1,\"state\":\"DELIVERED\"},"
                + "{\"seed\":2,\"state\":\"REFUSED\",\"kind\":\"BAD_REQUEST\",\"note\":\"BFL refused the request: seed: must be positive\"}]}");
        FanOutJob alone = tokens.read("{\"parts\":[{\"seed\":2,\"state\":\"LOST\",\"kind\":\"MODERATED\",\"note\":\"BFL's safety filter flagged it.\"}]}");

        assertThat(old.ended(List.of(), "BFL")).isInstanceOfSatisfying(PollOutcome.Completed.class,
                c -> assertThat(shortfall(c)).hasValueSatisfying(words -> assertThat(words)
                        .contains("refused by the provider: BFL refused the request: seed: must be positive")));
        assertThat(alone.ended(List.of(), "BFL"))
                .isEqualTo(new PollOutcome.Failed(FailureKind.MODERATED, new ProviderFailure.Worded("BFL's safety filter flagged it.")));
    }

    @Test
    void eachShapeOfFailureSurvivesTheToken() {
        List<ProviderFailure> failures = List.of(new ProviderFailure.Plain("BFL", ProviderFailure.Situation.REQUEST_FLAGGED),
                new ProviderFailure.RequestRefused("Replicate", "aspect_ratio must be one of the following"),
                new ProviderFailure.KeyRefused("BFL", 403), new ProviderFailure.Worded("an older sentence"),
                new ProviderFailure.ModelNotFound("Runflow", ModelId.KONTEXT_MAX, "bfl/kontext-max", true, "models.kontext-max.serve.runflow.path"),
                new ProviderFailure.UploadTooLarge("Runflow", 50));
        for (ProviderFailure failure : failures) {
            FanOutJob job = FanOutJob.of(FakeService.params(ModelId.KONTEXT_PRO, 1, null, 10))
                    .with(0, part -> part.refused(FailureKind.BAD_REQUEST, failure));
            assertThat(tokens.read(tokens.write(job)).parts().get(0).why()).isEqualTo(failure);
        }
    }
}
