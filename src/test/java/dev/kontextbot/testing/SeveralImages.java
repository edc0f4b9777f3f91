package dev.kontextbot.testing;

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
 * A provider that takes up to {@code max} images per turn and records every request, for whole-app tests of turns with
 * references. Until the configured provider takes references itself, it is handed image 1 alone with an instruction it
 * knows (its {@link KontextProvider#example()}: the offline editor does not know "put image 2 in the corner" yet), so the
 * turn still ends with a picture; once it takes references, it gets the request as it is.
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
    public Optional<String> refusal(TurnParams params, int inputImages) {
        if (inputImages > max) {
            return Optional.of("This provider takes at most " + max + " images per turn.");
        }
        return delegate.refusal(params, Math.min(inputImages, 1));
    }

    @Override
    public SubmitOutcome submit(EditRequest request) {
        requests.add(request);
        boolean takesAll = delegate.refusal(request.params(), request.images().size()).isEmpty();
        return delegate.submit(takesAll || request.references().isEmpty() ? request
                : new EditRequest(delegate.example(), request.params(), request.images().stream().limit(1).toList(), request.started()));
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
