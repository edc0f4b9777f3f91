package dev.kontextbot.engine.port;

import dev.kontextbot.engine.model.ImageId;

import java.time.Instant;
import java.util.List;

/** The URLs an image is known under (provider results, a person's attachment or link), kept across restarts. */
public interface ImageUrlRepository {

    /** Remembers {@code url} for the image with these bytes' id; the image row need not exist yet (intake comes later). */
    void record(ImageId image, ImageUrl url, Instant now);

    /** The image's URLs still valid at {@code now}, provider results first, newest first within each. */
    List<ImageUrl> of(ImageId image, Instant now);

    /**
     * Forgets one recorded URL of the image: its service said it could not fetch it, so offering it again would cost the
     * next turn a refusal and a resend instead of an upload.
     */
    void forget(ImageId image, ImageUrl url);

    /** Forgets URLs that expired before {@code before}; returns how many. */
    int forgetExpired(Instant before);
}
