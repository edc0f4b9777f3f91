package dev.kontextbot.engine.port;

import dev.kontextbot.engine.model.Conversation;
import dev.kontextbot.engine.model.ImageId;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Session;
import dev.kontextbot.engine.model.VariantRef;

import java.util.List;
import java.util.Optional;

public interface SessionRepository {

    Session create(Conversation conversation, String owner, ImageId source, ParamOverrides defaults, VariantRef branchedFrom);

    Optional<Session> find(long id);

    Optional<Session> findByConversation(Conversation conversation);

    /** Appends a head change and makes its image the session's head. */
    void changeHead(long sessionId, HeadChange change);

    /**
     * Marks the newest live head change undone and moves the head back to the one before it.
     * Empty when there is nothing to undo (only the session's first head is live).
     */
    Optional<ImageId> undoHead(long sessionId);

    /**
     * Makes the change undone last live again and its image the head. Empty when there is nothing to redo: nothing
     * was undone, or the head changed in another way since (which forgets what was undone).
     */
    Optional<ImageId> redoHead(long sessionId);

    /** Whether {@link #redoHead} would move the head. */
    boolean canRedo(long sessionId);

    /** The live (not undone) head changes, oldest first. */
    List<HeadChange> liveHeads(long sessionId);

    void updateDefaults(long sessionId, ParamOverrides defaults);

    long count();

    /** Whether any session of this tenant shows or edits the image (so a tenant never reads another's images). */
    boolean imageBelongsTo(dev.kontextbot.engine.model.Platform platform, String tenant, ImageId image);

    /** Sessions started from a variant of one of this session's turns, oldest first. */
    List<Session> branchesOf(long sessionId);

    /** The newest sessions in a channel (any thread), newest first. */
    List<Session> recentIn(dev.kontextbot.engine.model.Platform platform, String tenant, String channel, int limit);
}
