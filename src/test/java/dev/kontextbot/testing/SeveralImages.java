package dev.kontextbot.testing;

import dev.kontextbot.engine.model.ProviderRefusal;
import dev.kontextbot.engine.model.TurnParams;
import dev.kontextbot.engine.port.EditRequest;
import dev.kontextbot.engine.port.ForwardingProvider;
import dev.kontextbot.engine.port.KontextProvider;
import dev.kontextbot.engine.port.SourceImage;
import dev.kontextbot.engine.port.SubmitOutcome;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The configured provider (the offline editor in whole-app tests), taking at most {@code max} images per turn and
 * recording every request, for tests of turns with references: what was sent, in which order.
 */
public final class SeveralImages extends ForwardingProvider {
    private final KontextProvider delegate;
    private final int max;
    private final List<EditRequest> requests = new CopyOnWriteArrayList<>();

    public SeveralImages(KontextProvider delegate, int max) {
        super(delegate);
        this.delegate = delegate;
        this.max = max;
    }

    @Override
    public Optional<ProviderRefusal> refusal(TurnParams params, int inputImages) {
        if (inputImages > max) {
            return Optional.of(new ProviderRefusal.ServiceTakesFewerImages("This provider", max, inputImages));
        }
        return delegate.refusal(params, inputImages);
    }

    @Override
    public SubmitOutcome submit(EditRequest request) {
        requests.add(request);
        return delegate.submit(request);
    }

    /** Every request sent so far, in order. */
    public List<EditRequest> requests() {
        return List.copyOf(requests);
    }

    /** The bytes of each image of request {@code index}, image 1 first. */
    public List<byte[]> imagesOf(int index) {
        return requests.get(index).images().stream().map(SourceImage::bytes).toList();
    }
}
