package dev.kontextbot.adapter.discord;

import dev.kontextbot.adapter.words.Languages;
import dev.kontextbot.adapter.fetch.AddressPolicy;
import dev.kontextbot.adapter.fetch.GuardedGet;
import dev.kontextbot.adapter.fetch.SafeImageFetcher;
import dev.kontextbot.provider.http.FakeService;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import net.dv8tion.jda.api.entities.Message;
import okhttp3.Dns;
import okhttp3.OkHttpClient;
import okio.Buffer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** A downloaded attachment's signed CDN URL is handed on with its expiry, for providers to fetch it themselves. */
class ImageSourcesUrlsTest {
    record Known(byte[] bytes, URI url, Optional<Instant> validUntil) {
    }

    @Test
    void aSignedAttachmentIsRememberedAtItsUrlUntilItsExpiryAndAnUnsignedOneIsNot() throws Exception {
        try (MockWebServer cdn = new MockWebServer()) {
            cdn.start();
            byte[] png = FakeService.png();
            for (int i = 0; i < 2; i++) {
                cdn.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "image/png").body(new Buffer().write(png)).build());
            }
            OkHttpClient http = new OkHttpClient();
            List<Known> known = new ArrayList<>();
            ImageSources sources = new ImageSources(new AttachmentDownloads(new GuardedGet(http, Dns.SYSTEM, new AddressPolicy(),
                    GuardedGet.Reach.platform(Set.of("127.0.0.1"), "http://127.0.0.1/")), 10_000_000),
                    new SafeImageFetcher(http, Dns.SYSTEM, new AddressPolicy(), false, 10_000_000, Duration.ofSeconds(2)),
                    (bytes, url, until) -> known.add(new Known(bytes, url, until)), Clock.systemUTC());
            String base = "http://127.0.0.1:" + cdn.getPort();
            String signed = base + "/attachments/1/2/photo.png?ex=6a2b3c4d&is=6a29eacd&hm=0123";

            ImageSources.Image image = sources.attachment(Languages.load().in(Languages.FALLBACK), attachment(signed, png.length));
            ImageSources.Image unsigned = sources.attachment(Languages.load().in(Languages.FALLBACK), attachment(base + "/attachments/1/3/old.png", png.length));

            assertThat(image.ok()).isTrue();
            assertThat(unsigned.ok()).isTrue();
            assertThat(known).hasSize(1);
            assertThat(known.get(0).bytes()).isEqualTo(png);
            assertThat(known.get(0).url()).isEqualTo(URI.create(signed));
            assertThat(known.get(0).validUntil()).contains(Instant.ofEpochSecond(0x6a2b3c4dL));
        }
    }

    private static Message.Attachment attachment(String url, int size) {
        Message.Attachment attachment = mock(Message.Attachment.class);
        when(attachment.isImage()).thenReturn(true);
        when(attachment.getUrl()).thenReturn(url);
        when(attachment.getSize()).thenReturn(size);
        when(attachment.getFileName()).thenReturn("photo.png");
        return attachment;
    }
}
