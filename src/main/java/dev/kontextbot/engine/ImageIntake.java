package dev.kontextbot.engine;

import dev.kontextbot.engine.model.Rejected;

import dev.kontextbot.engine.model.EngineRejection;
import dev.kontextbot.engine.image.ExifOrientation;
import dev.kontextbot.engine.image.ImageDecoder;
import dev.kontextbot.engine.image.ImageFormat;
import dev.kontextbot.engine.image.ImageInspector;
import dev.kontextbot.engine.image.InspectedImage;
import dev.kontextbot.engine.image.UnusableImageException;
import dev.kontextbot.engine.model.StoredImage;
import dev.kontextbot.engine.port.ImageStore;

/** Checks an image a person sent and stores it; anything unusable becomes a rejection they can read. */
final class ImageIntake {
    private final ImageInspector inspector;
    private final ImageStore images;

    ImageIntake(ImageInspector inspector, ImageStore images) {
        this.inspector = inspector;
        this.images = images;
    }

    ImageDecoder decoder() {
        return inspector.decoder();
    }

    /** Refuses what {@link #accept} would refuse, storing nothing. */
    void check(byte[] bytes) {
        inspect(bytes);
    }

    /**
     * Refuses, storing nothing, any of a turn's references that {@link #accept} would refuse, naming it by its number in
     * the turn (the first is image 2), so the person knows which of their images to change.
     */
    void checkReferences(java.util.List<byte[]> references) {
        for (int i = 0; i < references.size(); i++) {
            try {
                inspector.inspect(references.get(i));
            } catch (UnusableImageException e) {
                throw new EngineRejection(EngineRejection.Reason.INVALID, "Image " + (i + 2) + ": " + e.getMessage(), new Rejected.NthImage(i + 2, e.rejected()));
            }
        }
    }

    StoredImage accept(byte[] bytes) {
        InspectedImage inspected = inspect(bytes);
        if (inspected.format() == ImageFormat.JPEG) {
            var upright = ExifOrientation.uprightPng(bytes, inspector.decoder());
            if (upright.isPresent()) {
                InspectedImage turned = inspector.inspect(upright.get());
                return images.put(upright.get(), turned.format().mime(), turned.width(), turned.height());
            }
        }
        return images.put(bytes, inspected.format().mime(), inspected.width(), inspected.height());
    }

    private InspectedImage inspect(byte[] bytes) {
        try {
            return inspector.inspect(bytes);
        } catch (UnusableImageException e) {
            throw new EngineRejection(EngineRejection.Reason.INVALID, e.getMessage(), e.rejected());
        }
    }
}
