package dev.kontextbot.engine.port;

import dev.kontextbot.engine.model.ImageId;
import dev.kontextbot.engine.model.VariantRef;

/** The session's head became {@code image}: a variant (of a finished turn, or picked), or an uploaded image. */
public record HeadChange(ImageId image, VariantRef variant, Reason reason) {
    public enum Reason { SOURCE, TURN, PICK, UPLOAD, BRANCH }
}
