package dev.kontextbot.store;

import dev.kontextbot.engine.model.Platform;
import dev.kontextbot.engine.port.AnnouncementRepository;
import dev.kontextbot.store.generated.tables.records.AnnouncementRecord;
import org.jooq.DSLContext;

import java.util.List;
import java.util.Optional;

import static dev.kontextbot.store.generated.Tables.ANNOUNCEMENT;

public final class JooqAnnouncementRepository implements AnnouncementRepository {
    private final DSLContext dsl;

    public JooqAnnouncementRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public Announcement save(Announcement a) {
        dsl.insertInto(ANNOUNCEMENT)
                .set(ANNOUNCEMENT.TURN_ID, a.turnId())
                .set(ANNOUNCEMENT.PLATFORM, a.platform().wireName())
                .set(ANNOUNCEMENT.CHANNEL_ID, a.channel())
                .set(ANNOUNCEMENT.MESSAGE_ID, a.messageId())
                .set(ANNOUNCEMENT.MEDIA, String.join(",", a.media()))
                .onConflictDoNothing()
                .execute();
        return ofTurn(a.turnId()).orElseThrow();
    }

    @Override
    public void saveMedia(long turnId, List<String> media) {
        dsl.update(ANNOUNCEMENT).set(ANNOUNCEMENT.MEDIA, String.join(",", media)).where(ANNOUNCEMENT.TURN_ID.eq(turnId)).execute();
    }

    @Override
    public Optional<Announcement> ofTurn(long turnId) {
        return dsl.selectFrom(ANNOUNCEMENT).where(ANNOUNCEMENT.TURN_ID.eq(turnId)).fetchOptional(JooqAnnouncementRepository::toAnnouncement);
    }

    @Override
    public Optional<Announcement> byMessage(Platform platform, String channel, String messageId) {
        return dsl.selectFrom(ANNOUNCEMENT)
                .where(ANNOUNCEMENT.PLATFORM.eq(platform.wireName()), ANNOUNCEMENT.CHANNEL_ID.eq(channel), ANNOUNCEMENT.MESSAGE_ID.eq(messageId))
                .fetchOptional(JooqAnnouncementRepository::toAnnouncement);
    }

    private static Announcement toAnnouncement(AnnouncementRecord row) {
        List<String> media = row.getMedia() == null || row.getMedia().isEmpty() ? List.of() : List.of(row.getMedia().split(","));
        return new Announcement(row.getTurnId(), Platform.parse(row.getPlatform()), row.getChannelId(), row.getMessageId(), media);
    }
}
