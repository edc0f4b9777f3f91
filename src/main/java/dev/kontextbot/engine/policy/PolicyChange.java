package dev.kontextbot.engine.policy;

import java.time.Instant;

/** One audited change of a tenant's policy: who changed which setting when, from what to what (in words). */
public record PolicyChange(Instant at, String actor, String setting, String before, String after) {
}
