package dev.kontextbot.engine.port;

import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.Platform;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a tenant's turns cost, by when they were asked for (created). Recorded cost is what finished turns were
 * charged; turns still queued or running have none yet and are counted by the images they asked for.
 */
public interface UsageRepository {

    /** {@code key}: a person's or channel's id; {@code turns}: how many turns were asked for. */
    record Spend(String key, long micros, int turns) {
    }

    /** Recorded cost of the tenant's turns created since {@code since}; of one person's when {@code requester} is not null. */
    long spent(Platform platform, String tenant, String requester, Instant since);

    /** The people who spent most since {@code since}, most first. */
    List<Spend> topRequesters(Platform platform, String tenant, Instant since, int limit);

    /** The channels that spent most since {@code since}, most first. */
    List<Spend> topChannels(Platform platform, String tenant, Instant since, int limit);

    /** Images asked for by turns created since {@code since} and still queued or running, per model (of one person's when not null). */
    Map<ModelId, Long> pendingImages(Platform platform, String tenant, String requester, Instant since);
}
