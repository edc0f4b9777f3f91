package dev.kontextbot.engine.policy;

import java.time.Instant;
import java.util.Objects;

/** One audited change of a tenant's policy: who changed which setting when, from what to what. */
public record PolicyChange(Instant at, String actor, PolicyEdit edit) {
    public PolicyChange {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(edit, "edit");
    }
}
