package dev.kontextbot.store;

import dev.kontextbot.engine.model.ImageId;
import dev.kontextbot.engine.port.ImageUrl;
import dev.kontextbot.engine.port.ImageUrlRepository;
import org.jooq.DSLContext;

import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static dev.kontextbot.store.generated.Tables.IMAGE_URL;

public final class JooqImageUrlRepository implements ImageUrlRepository {
    private final DSLContext dsl;

    public JooqImageUrlRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public void record(ImageId image, ImageUrl url, Instant now) {
        dsl.insertInto(IMAGE_URL)
                .set(IMAGE_URL.IMAGE, image.sha256())
                .set(IMAGE_URL.URL, url.uri().toString())
                .set(IMAGE_URL.PROVIDER, url.onlyFor().orElse(null))
                .set(IMAGE_URL.EXPIRES_AT, url.validUntil().map(JooqImageUrlRepository::at).orElse(null))
                .set(IMAGE_URL.CREATED_AT, at(now))
                .execute();
    }

    @Override
    public List<ImageUrl> of(ImageId image, Instant now) {
        return dsl.selectFrom(IMAGE_URL)
                .where(IMAGE_URL.IMAGE.eq(image.sha256()))
                .and(IMAGE_URL.EXPIRES_AT.isNull().or(IMAGE_URL.EXPIRES_AT.gt(at(now))))
                .orderBy(IMAGE_URL.PROVIDER.isNull().asc(), IMAGE_URL.ID.desc())
                .fetch(row -> new ImageUrl(URI.create(row.getUrl()), Optional.ofNullable(row.getProvider()),
                        Optional.ofNullable(row.getExpiresAt()).map(OffsetDateTime::toInstant)));
    }

    @Override
    public void forget(ImageId image, ImageUrl url) {
        dsl.deleteFrom(IMAGE_URL)
                .where(IMAGE_URL.IMAGE.eq(image.sha256()))
                .and(IMAGE_URL.URL.eq(url.uri().toString()))
                .and(url.onlyFor().map(IMAGE_URL.PROVIDER::eq).orElse(IMAGE_URL.PROVIDER.isNull()))
                .execute();
    }

    @Override
    public int forgetExpired(Instant before) {
        return dsl.deleteFrom(IMAGE_URL).where(IMAGE_URL.EXPIRES_AT.lt(at(before))).execute();
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
