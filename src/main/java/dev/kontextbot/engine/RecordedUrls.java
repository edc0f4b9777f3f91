package dev.kontextbot.engine;

import dev.kontextbot.engine.model.ImageId;
import dev.kontextbot.engine.port.ImageUrl;
import dev.kontextbot.engine.port.ImageUrlRepository;
import dev.kontextbot.engine.port.SourceImage;
import dev.kontextbot.engine.port.StoreFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/**
 * The image URL table as one stored input's memory: a URL a provider got for it (its upload API's file URL) is kept for
 * the next turns, and one the service said it could not fetch is dropped. Either write failing costs a later turn an
 * upload or a resend, not this turn: its job may be running and must still be followed, so the failure is logged only.
 */
final class RecordedUrls implements SourceImage.UrlMemory {
    private static final Logger log = LoggerFactory.getLogger(RecordedUrls.class);

    private final ImageUrlRepository imageUrls;
    private final ImageId image;
    private final Clock clock;

    RecordedUrls(ImageUrlRepository imageUrls, ImageId image, Clock clock) {
        this.imageUrls = imageUrls;
        this.image = image;
        this.clock = clock;
    }

    @Override
    public void remember(ImageUrl url) {
        try {
            imageUrls.record(image, url, clock.instant());
        } catch (RuntimeException e) {
            log.warn("image {}: the URL a provider gave it could not be recorded ({})", image, StoreFailures.summary(e));
        }
    }

    @Override
    public void forget(ImageUrl url) {
        try {
            imageUrls.forget(image, url);
        } catch (RuntimeException e) {
            log.warn("image {}: a URL its provider could not fetch could not be forgotten ({}); the next turn may try it again",
                    image, StoreFailures.summary(e));
        }
    }
}
