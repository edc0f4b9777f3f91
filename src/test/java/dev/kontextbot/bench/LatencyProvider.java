package dev.kontextbot.bench;

import dev.kontextbot.engine.model.ProviderRefusal;
import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.TurnParams;
import dev.kontextbot.engine.port.EditRequest;
import dev.kontextbot.engine.port.GeneratedImage;
import dev.kontextbot.engine.port.KontextProvider;
import dev.kontextbot.engine.port.PollOutcome;
import dev.kontextbot.engine.port.SubmitOutcome;
import dev.kontextbot.testing.TestImages;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** A provider whose jobs are ready a fixed time after submission; the job token is the due time. */
final class LatencyProvider implements KontextProvider {
    private final Duration latency;

    LatencyProvider(Duration latency) {
        this.latency = latency;
    }

    @Override
    public String name() {
        return "latency";
    }

    @Override
    public Optional<ProviderRefusal> refusal(TurnParams params, int inputImages) {
        return Optional.empty();
    }

    @Override
    public SubmitOutcome submit(EditRequest request) {
        if (latency.isZero()) {
            return new SubmitOutcome.Finished(List.of(GeneratedImage.of(png(request.params().seed()), "image/png", request.params().seed())));
        }
        return new SubmitOutcome.Submitted(Long.toString(System.nanoTime() + latency.toNanos()) + ":" + request.params().seed());
    }

    @Override
    public PollOutcome poll(String job) {
        String[] parts = job.split(":");
        if (System.nanoTime() < Long.parseLong(parts[0])) {
            return PollOutcome.Pending.running();
        }
        long seed = Long.parseLong(parts[1]);
        return new PollOutcome.Completed(List.of(GeneratedImage.of(png(seed), "image/png", seed)));
    }

    @Override
    public void cancel(String job) {
    }

    @Override
    public long pricePerImageMicros(ModelId tier) {
        return 0;
    }

    static byte[] png(long seed) {
        return TestImages.encode(TestImages.drawn(64, 64, (x, y) -> x == 0 && y == 0 ? (int) seed : 0), "png");
    }
}
