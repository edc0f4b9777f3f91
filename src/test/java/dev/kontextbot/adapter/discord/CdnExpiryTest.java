package dev.kontextbot.adapter.discord;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class CdnExpiryTest {
    @Test
    void aSignedAttachmentUrlExpiresAtItsHexExParameter() {
        String url = "https://cdn.discordapp.com/attachments/1/2/photo.png?ex=6a2b3c4d&is=6a29eacd&hm=0123abcd";

        assertThat(CdnExpiry.of(url)).contains(Instant.ofEpochSecond(0x6a2b3c4dL));
    }

    @Test
    void anUnsignedOrGarbledUrlHasNoKnownExpiry() {
        assertThat(CdnExpiry.of("https://cdn.discordapp.com/attachments/1/2/photo.png")).isEmpty();
        assertThat(CdnExpiry.of("https://cdn.discordapp.com/attachments/1/2/photo.png?ex=tomorrow")).isEmpty();
        assertThat(CdnExpiry.of("not a url")).isEmpty();
    }
}
