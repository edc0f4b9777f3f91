package dev.kontextbot.provider.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kontextbot.engine.model.AspectRatio;
import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.OutputFormat;
import dev.kontextbot.engine.model.TurnParams;
import dev.kontextbot.engine.port.EditRequest;
import dev.kontextbot.engine.port.SourceImage;
import dev.kontextbot.testing.TestImages;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import okio.Buffer;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** A provider's HTTP service on loopback (MockWebServer), with helpers to answer in its documented JSON. */
public final class FakeService implements AutoCloseable {
    public static final String API_KEY = "test-key-0123456789-secret";
    public final MockWebServer server = new MockWebServer();
    public final ObjectMapper mapper = new ObjectMapper();

    public FakeService() throws IOException {
        server.start();
    }

    public String base() {
        return server.url("/").toString().replaceAll("/$", "");
    }

    public String url(String path) {
        return server.url(path).toString();
    }

    /** Short timeouts, so a hanging fake shows as a timeout within the test. */
    public ProviderHttp http() {
        OkHttpClient client = new OkHttpClient.Builder()
                .connectTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofMillis(600)).build();
        return new ProviderHttp(client, mapper);
    }

    public void json(int code, String body) {
        server.enqueue(new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build());
    }

    public void jsonWithHeader(int code, String body, String header, String value) {
        server.enqueue(new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").addHeader(header, value).body(body).build());
    }

    public void image(byte[] bytes) {
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "image/png").body(new Buffer().write(bytes)).build());
    }

    public void hang() {
        server.enqueue(new MockResponse.Builder().code(200).headersDelay(3, TimeUnit.SECONDS).body("{}").build());
    }

    public RecordedRequest take() throws InterruptedException {
        RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
        if (request == null) {
            throw new AssertionError("the provider sent no request");
        }
        return request;
    }

    public JsonNode body(RecordedRequest request) throws IOException {
        return mapper.readTree(request.getBody().utf8());
    }

    public static TurnParams params(ModelId model, int n, AspectRatio ratio, long seed) {
        return new TurnParams(model, ratio, n, 3.5, OutputFormat.PNG, 2, true, seed);
    }

    public static EditRequest edit(TurnParams params) {
        return new EditRequest("make the jacket red", params, java.util.List.of(new SourceImage(png(), "image/png", 2, 2)));
    }

    public static byte[] png() {
        return TestImages.encode(new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB), "png");
    }

    @Override
    public void close() {
        server.close();
    }
}
