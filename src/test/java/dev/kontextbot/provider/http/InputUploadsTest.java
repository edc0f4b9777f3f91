package dev.kontextbot.provider.http;

import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.port.EditRequest;
import dev.kontextbot.engine.port.ImageUrl;
import dev.kontextbot.engine.port.SourceImage;
import dev.kontextbot.testing.TestImages;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The upload slot of {@link InputImages}: an image is uploaded once while its file lasts, and never when a URL is known. */
class InputUploadsTest {
    private static final Duration LIFETIME = Duration.ofHours(12);
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-02T05:00:00Z"));
    private final InputImages inputs = new InputImages("fal", Duration.ofHours(1), new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    });
    private final AtomicInteger uploads = new AtomicInteger();
    private final InputImages.Upload upload = image -> Optional.of(inputs.uploadedUrl("https://v3.fal.media/files/" + uploads.incrementAndGet()
            + ".png", LIFETIME));

    private static SourceImage image(int seed, ImageUrl... urls) {
        byte[] png = TestImages.encode(TestImages.drawn(8, 8, (x, y) -> seed * 7919 + x + y), "png");
        return new SourceImage(() -> png, "image/png", 8, 8, List.of(urls));
    }

    private static EditRequest request(SourceImage image) {
        return new EditRequest("make it red", FakeService.params(ModelId.KONTEXT_PRO, 1, null, 1), List.of(image));
    }

    @Test
    void theSameBytesAreUploadedOnceWhileTheFileLastsThenAgain() {
        SourceImage photo = image(1);
        EditRequest first = request(photo);
        EditRequest again = request(image(1));

        String sent = inputs.sending(first).urlUploadedOrDataUri(photo, upload);
        String resent = inputs.sending(again).urlUploadedOrDataUri(again.images().get(0), upload);
        now.set(now.get().plus(LIFETIME).minus(InputImages.MARGIN));
        String later = inputs.sending(request(photo)).urlUploadedOrDataUri(photo, upload);

        assertThat(sent).isEqualTo("https://v3.fal.media/files/1.png").isEqualTo(resent);
        assertThat(again.sent().total()).as("no bytes the second time, only the URL").isEqualTo(sent.length());
        assertThat(later).as("the file is too close to its end: uploaded again").isEqualTo("https://v3.fal.media/files/2.png");
        assertThat(uploads.get()).isEqualTo(2);
    }

    @Test
    void aKnownUrlComesFirstAndAFailedUploadSendsTheBytesAndIsNotRemembered() {
        SourceImage linked = image(2, ImageUrl.result(java.net.URI.create("https://cdn.example/a.png"), "fal", now.get(), Duration.ofHours(1)));
        SourceImage photo = image(3);

        String byLink = inputs.sending(request(linked)).urlUploadedOrDataUri(linked, upload);
        String inline = inputs.sending(request(photo)).urlUploadedOrDataUri(photo, image -> Optional.empty());
        String uploaded = inputs.sending(request(photo)).urlUploadedOrDataUri(photo, upload);

        assertThat(byLink).isEqualTo("https://cdn.example/a.png");
        assertThat(inline).isEqualTo(DataUri.of(photo));
        assertThat(uploaded).isEqualTo("https://v3.fal.media/files/1.png");
        assertThat(uploads.get()).isEqualTo(1);
    }
}
