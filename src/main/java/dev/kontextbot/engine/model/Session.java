package dev.kontextbot.engine.model;

import java.time.Instant;

/** One conversation thread's edit session. {@code head} is the image the next instruction applies to. */
public record Session(
        long id,
        Conversation conversation,
        String owner,
        ImageId source,
        ImageId head,
        ParamOverrides defaults,
        VariantRef branchedFrom,
        Instant createdAt) {
}
