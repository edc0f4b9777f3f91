package dev.kontextbot.provider.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.port.EditRequest;
import dev.kontextbot.engine.port.ImageUrl;
import dev.kontextbot.engine.port.SourceImage;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class InputImagesTest {
    private static final Instant NOW = Instant.parse("2026-12-02T05:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static InputImages at(Instant now) {
        return new InputImages("bfl", Duration.ofMinutes(8), Clock.fixed(now, ZoneOffset.UTC));
    }

    private static SourceImage known(ImageUrl... urls) {
        byte[] png = FakeService.png();
        return new SourceImage(() -> png, "image/png", 2, 2, List.of(urls));
    }

    private static EditRequest request(SourceImage image) {
        return new EditRequest("make it red", FakeService.params(ModelId.KONTEXT_PRO, 1, null, 1), List.of(image));
    }

    private static HttpAnswer answer(int status, String body) throws Exception {
        return new HttpAnswer(status, JSON.readTree(body), null, null, true);
    }

    @Test
    void anOwnResultUrlIsSentWhileValidAndCountedByItsLength() {
        String url = "https://delivery.bfl.ai/results/sample.png?sig=abc";
        SourceImage image = known(at(NOW).resultUrl(url));
        EditRequest request = request(image);

        assertThat(at(NOW.plus(Duration.ofMinutes(5))).sending(request).urlOrBase64(image)).isEqualTo(url);
        assertThat(request.sent().total()).isEqualTo(url.length());
    }

    @Test
    void bytesGoInlineWhenTheUrlIsAboutToExpireOrIsAnotherProvidersResult() {
        SourceImage image = known(at(NOW).resultUrl("https://delivery.bfl.ai/a.png"));
        SourceImage fals = known(ImageUrl.result(URI.create("https://v3.fal.media/a.png"), "fal", NOW, Duration.ofHours(1)));
        String inline = DataUri.of(image);

        // 8 minutes of life, less the 2-minute margin: from minute 6 on it is too close to its end.
        assertThat(urlOrInline(at(NOW.plus(Duration.ofMinutes(6).plusSeconds(1))).sending(request(image)), image)).isEqualTo(inline);
        EditRequest other = request(fals);
        assertThat(urlOrInline(at(NOW).sending(other), fals)).isEqualTo(inline);
        assertThat(other.sent().total()).isEqualTo(inline.length());
    }

    @Test
    void anOpenUrlIsSentToAnyProviderUntilItsExpiry() {
        ImageUrl attachment = new ImageUrl(URI.create("https://cdn.discordapp.com/attachments/1/2/a.png?ex=6a000000"), Optional.empty(),
                Optional.of(NOW.plus(Duration.ofHours(1))));
        SourceImage image = known(attachment);

        assertThat(at(NOW).sending(request(image)).url(image)).contains(attachment.uri().toString());
        assertThat(at(NOW.plus(Duration.ofMinutes(59))).sending(request(image)).url(image)).isEmpty();
    }

    @Test
    void aRefusalToFetchAUrlIsResentOnceWithBytes() throws Exception {
        SourceImage image = known(at(NOW).resultUrl("https://delivery.bfl.ai/a.png"));
        InputImages.Sending sending = at(NOW).sending(request(image));
        sending.urlOrBase64(image);
        HttpAnswer refused = answer(422, "{\"detail\":[{\"loc\":[\"body\",\"input_image\"],\"msg\":\"Could not download image from URL\"}]}");

        assertThat(sending.resendWithBytes(refused)).isTrue();
        assertThat(sending.urlOrBase64(image)).isEqualTo(DataUri.base64(image));
        assertThat(sending.resendWithBytes(refused)).as("once only").isFalse();
    }

    @Test
    void onlyARefusalAboutAnInputMeansTheUrl() throws Exception {
        assertThat(InputImages.refusesAnInput(answer(422, "{\"detail\":[{\"msg\":\"Failed to download the file\",\"type\":\"file_download_error\"}]}"))).isTrue();
        assertThat(InputImages.refusesAnInput(answer(400, "{\"code\":\"INVALID_INPUT\",\"message\":\"image_url could not be fetched\"}"))).isTrue();
        assertThat(InputImages.refusesAnInput(answer(422, "{\"detail\":[{\"loc\":[\"body\",\"image_url\"],\"type\":\"content_policy_violation\"}]}"))).isFalse();
        assertThat(InputImages.refusesAnInput(answer(422, "{\"detail\":[{\"loc\":[\"body\",\"seed\"],\"msg\":\"value is not an integer\"}]}"))).isFalse();
        assertThat(InputImages.refusesAnInput(answer(429, "{\"detail\":\"too many tasks for this image\"}"))).isFalse();
        assertThat(InputImages.refusesAnInput(answer(402, "{\"detail\":\"no credits to fetch\"}"))).isFalse();
        assertThat(InputImages.refusesAnInput(answer(503, "{\"detail\":\"image service down\"}"))).isFalse();
    }

    @Test
    void aUrlThatWasNotSentIsNotResent() throws Exception {
        byte[] png = FakeService.png();
        SourceImage image = new SourceImage(png, "image/png", 2, 2);
        InputImages.Sending sending = at(NOW).sending(request(image));
        sending.urlOrBase64(image);

        assertThat(sending.resendWithBytes(answer(422, "{\"detail\":\"invalid image\"}"))).isFalse();
    }

    @Test
    void anUploadIsCountedByTheImagesSizeAndItsUrlIsRememberedWithTheImage() {
        dev.kontextbot.testing.KeptUrls kept = new dev.kontextbot.testing.KeptUrls();
        List<ImageUrl> remembered = kept.remembered;
        byte[] png = FakeService.png();
        SourceImage image = new SourceImage(() -> png, "image/png", 2, 2, List.of(), kept);
        EditRequest request = request(image);
        ImageUrl file = new ImageUrl(URI.create("https://api.replicate.com/v1/files/f1"), Optional.of("bfl"), Optional.of(NOW.plus(Duration.ofHours(1))));

        Optional<String> sent = at(NOW).sending(request).upload(image, uploaded -> InputImages.Uploaded.at(file, png.length));

        assertThat(sent).contains(file.uri().toString());
        assertThat(remembered).containsExactly(file);
        assertThat(request.sent().total()).isEqualTo(png.length);
    }

    @Test
    void aFailedUploadRemembersNothingAndAfterARefusedUrlNothingGoesUp() throws Exception {
        dev.kontextbot.testing.KeptUrls kept = new dev.kontextbot.testing.KeptUrls();
        List<ImageUrl> remembered = kept.remembered;
        byte[] png = FakeService.png();
        SourceImage image = new SourceImage(() -> png, "image/png", 2, 2, List.of(at(NOW).resultUrl("https://delivery.bfl.ai/a.png")), kept);
        InputImages.Sending sending = at(NOW).sending(request(image));

        assertThat(sending.upload(image, uploaded -> InputImages.Uploaded.failed(0))).isEmpty();
        assertThat(sending.url(image)).isPresent();
        assertThat(sending.resendWithBytes(answer(422, "{\"detail\":\"could not download the image\"}"))).isTrue();
        assertThat(sending.upload(image, uploaded -> {
            throw new AssertionError("uploaded after a refused URL");
        })).isEmpty();
        assertThat(remembered).isEmpty();
    }

    @Test
    void aJobThatFailedFetchingAUrlInputIsResentOnceWithBytesAndOnlyThen() {
        SourceImage image = known(at(NOW).resultUrl("https://delivery.bfl.ai/a.png"));
        InputImages.Sending byBytes = at(NOW).sending(request(image));
        byBytes.dataUri(image);
        assertThat(byBytes.resendWithBytes("Failed to download input image from URL")).as("no URL was sent").isFalse();

        InputImages.Sending byUrl = at(NOW).sending(request(image));
        byUrl.url(image);
        assertThat(byUrl.resendWithBytes("CUDA out of memory")).isFalse();
        assertThat(byUrl.resendWithBytes("Failed to download input image from URL: https://delivery.bfl.ai/a.png")).isTrue();
        assertThat(byUrl.url(image)).isEmpty();
        assertThat(byUrl.resendWithBytes("HTTPError: could not fetch")).as("once only").isFalse();
    }

    @Test
    void anOwnUrlTheServiceCouldNotFetchIsForgottenWithItsImageAndAPublicOneIsKept() throws Exception {
        dev.kontextbot.testing.KeptUrls kept = new dev.kontextbot.testing.KeptUrls();
        dev.kontextbot.testing.KeptUrls keptPublic = new dev.kontextbot.testing.KeptUrls();
        byte[] png = FakeService.png();
        ImageUrl own = at(NOW).resultUrl("https://delivery.bfl.ai/a.png");
        ImageUrl attachment = new ImageUrl(URI.create("https://cdn.discordapp.com/a.png"), Optional.empty(), Optional.empty());
        SourceImage result = new SourceImage(() -> png, "image/png", 2, 2, List.of(own), kept);
        SourceImage linked = new SourceImage(() -> png, "image/png", 2, 2, List.of(attachment), keptPublic);
        InputImages.Sending sending = at(NOW).sending(new EditRequest("make it red", FakeService.params(ModelId.KONTEXT_PRO, 1, null, 1),
                List.of(result, linked)));
        sending.url(result);
        sending.url(linked);

        assertThat(kept.forgotten).as("nothing forgotten before a refusal").isEmpty();
        assertThat(sending.resendWithBytes(answer(422, "{\"detail\":\"could not download the image\"}"))).isTrue();
        assertThat(kept.forgotten).containsExactly(own);
        assertThat(keptPublic.forgotten).as("another service may fetch a public URL").isEmpty();
    }

    @Test
    void anUploadsFileUrlTheServiceCouldNotFetchIsForgottenToo() {
        dev.kontextbot.testing.KeptUrls kept = new dev.kontextbot.testing.KeptUrls();
        byte[] png = FakeService.png();
        SourceImage image = new SourceImage(() -> png, "image/png", 2, 2, List.of(), kept);
        ImageUrl file = at(NOW).uploadedUrl("https://api.replicate.com/v1/files/f1", Duration.ofHours(1));
        InputImages.Sending sending = at(NOW).sending(request(image));
        sending.upload(image, uploaded -> InputImages.Uploaded.at(file, png.length));

        assertThat(sending.resendWithBytes("could not fetch the input image")).isTrue();
        assertThat(kept.remembered).containsExactly(file);
        assertThat(kept.forgotten).containsExactly(file);
    }

    @Test
    void aSubmissionOfBytesOnlyAfterAFailedFetchForgetsTheOwnUrlTheJobWasSentWith() {
        dev.kontextbot.testing.KeptUrls kept = new dev.kontextbot.testing.KeptUrls();
        byte[] png = FakeService.png();
        ImageUrl own = at(NOW).resultUrl("https://delivery.bfl.ai/a.png");
        SourceImage image = new SourceImage(() -> png, "image/png", 2, 2, List.of(own), kept);

        InputImages.Sending sending = at(NOW).sendingBytes(request(image));

        assertThat(sending.url(image)).isEmpty();
        assertThat(kept.forgotten).containsExactly(own);
    }

    @Test
    void aFailedUploadCountsOnlyTheBytesThatReachedTheService() {
        byte[] png = FakeService.png();
        SourceImage image = new SourceImage(png, "image/png", 2, 2);
        EditRequest stopped = request(image);
        EditRequest refused = request(image);

        at(NOW).sending(stopped).upload(image, uploaded -> InputImages.Uploaded.failed(0));
        at(NOW).sending(refused).upload(image, uploaded -> InputImages.Uploaded.failed(png.length));

        assertThat(stopped.sent().total()).isZero();
        assertThat(refused.sent().total()).isEqualTo(png.length);
        assertThat(InputImages.Uploaded.reached(new HttpAnswer(500, JSON.createObjectNode(), null, null, false), png)).isEqualTo(png.length);
        assertThat(InputImages.Uploaded.reached(new HttpAnswer(-1, JSON.createObjectNode(), null, dev.kontextbot.engine.model.ProviderFailure.Network.NETWORK_ERROR, false), png)).isZero();
    }

    /** What a provider without an upload API sends: the URL while it may, else the bytes. */
    private static String urlOrInline(InputImages.Sending sending, SourceImage image) {
        return sending.url(image).orElseGet(() -> sending.dataUri(image));
    }
}
