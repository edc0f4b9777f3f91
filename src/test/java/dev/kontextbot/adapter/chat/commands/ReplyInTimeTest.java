package dev.kontextbot.adapter.chat.commands;

import dev.kontextbot.adapter.chat.RefusalWords;
import dev.kontextbot.adapter.words.TestWords;
import dev.kontextbot.engine.model.EngineRejection;
import dev.kontextbot.engine.model.Platform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A neutral command's reply goes with the acknowledgement when it is ready in time, comes later otherwise, and a failure is a reply too. */
class ReplyInTimeTest {
    private final ExecutorService pool = Executors.newSingleThreadExecutor();
    private final ReplyInTime inTime = new ReplyInTime(pool, Duration.ofSeconds(5), new RefusalWords(TestWords.LANGUAGES, "discord"));
    private final ChatRequest request = new ChatRequest(Surface.SLACK, TestWords.ENGLISH, new Platform("slack"), "T1", "C1", "U1",
            () -> false, Map.of(), new ChannelPlace());

    @AfterEach
    void stop() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void aQuickReplyIsReady() {
        assertThat(inTime.answer(r -> new ChatReply("pong"), request)).isEqualTo(new ReplyInTime.Ready(new ChatReply("pong")));
    }

    @Test
    void aSlowReplyIsPendingAndComesWhenItIsDone() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ReplyInTime quick = new ReplyInTime(pool, Duration.ofMillis(50), new RefusalWords(TestWords.LANGUAGES, "discord"));

        ReplyInTime.Answer answer = quick.answer(r -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new ChatReply("late");
        }, request);
        release.countDown();

        assertThat(answer).isInstanceOf(ReplyInTime.Pending.class);
        assertThat(((ReplyInTime.Pending) answer).reply().get(5, TimeUnit.SECONDS)).isEqualTo(new ChatReply("late"));
    }

    @Test
    void aRejectionIsAnsweredWithItsMessageAndAFailureWithAnApology() {
        assertThat(inTime.answer(r -> {
            throw new EngineRejection(EngineRejection.Reason.QUOTA, "Budget spent for today.");
        }, request)).isEqualTo(new ReplyInTime.Ready(new ChatReply("Budget spent for today.")));
        assertThat(inTime.answer(r -> {
            throw new IllegalStateException("a bug");
        }, request)).isEqualTo(new ReplyInTime.Ready(new ChatReply(TestWords.ENGLISH.say("apology.sorry"))));
    }

    @Test
    void anAdapterThatIsStoppingStillAnswers() {
        pool.shutdown();

        assertThat(inTime.answer(r -> new ChatReply("pong"), request)).isEqualTo(new ReplyInTime.Ready(new ChatReply(TestWords.ENGLISH.say("apology.sorry"))));
    }
}
