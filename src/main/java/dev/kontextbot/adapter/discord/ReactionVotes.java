package dev.kontextbot.adapter.discord;

import dev.kontextbot.engine.ConversationEngine;
import dev.kontextbot.engine.VoteResult;
import dev.kontextbot.engine.model.Session;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.TurnStatus;
import dev.kontextbot.engine.model.VariantRef;
import dev.kontextbot.engine.port.AnnouncementRepository;

import java.util.Optional;

/**
 * Reactions on a finished turn's message are votes: 1️⃣…4️⃣ for that variant, 👍 when there is only one. One vote
 * per person per variant; the engine's rule decides when votes pick the head. Any other reaction is just a reaction.
 */
final class ReactionVotes {
    private final ConversationEngine engine;
    private final AnnouncementRepository announcements;
    private final DiscordTurnAnnouncer announcer;

    ReactionVotes(ConversationEngine engine, AnnouncementRepository announcements, DiscordTurnAnnouncer announcer) {
        this.engine = engine;
        this.announcements = announcements;
        this.announcer = announcer;
    }

    /** {@code guildId} null in DMs; {@code emoji}: the reaction's unicode (custom emoji never vote). */
    void react(String guildId, String channelId, String messageId, String emoji, String user, boolean added) {
        Optional<AnnouncementRepository.Announcement> announcement = announcements.byMessage(DiscordBot.PLATFORM, channelId, messageId);
        if (announcement.isEmpty()) {
            return;
        }
        Turn turn = engine.turn(announcement.get().turnId()).orElseThrow();
        Session session = engine.session(turn.sessionId());
        if (!session.conversation().tenant().equals(DiscordPlaces.tenantOf(guildId, user))) {
            return;
        }
        int index = TurnMessages.NUMBER_EMOJI.indexOf(emoji);
        if (index < 0 && emoji.startsWith(TurnMessages.THUMBS_UP) && turn.params().numImages() == 1) {
            index = 0;
        }
        if (index < 0 || index >= turn.params().numImages() || turn.status() != TurnStatus.DONE) {
            return;
        }
        VoteResult result = engine.vote(turn.sessionId(), new VariantRef(turn.id(), index), user, added);
        if (result.picked()) {
            announcer.redrawSession(turn.sessionId());
        } else {
            announcer.redrawLater(turn.id());
        }
    }
}
