package dev.kontextbot.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.IOException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The baseline: the same fal.ai call made directly with OkHttp, as a program without the bot would make it. It
 * posts the JPEG as a data URI with the same parameters, looks at status_url every {@link #LOOK_EVERY} (a fixed
 * interval a latency-minded caller would pick: 40 looks for a 2 s job), then reads response_url and downloads the
 * image. Nothing is stored.
 */
final class DirectFalCall {
    static final Duration LOOK_EVERY = Duration.ofMillis(50);
    private static final MediaType JSON = MediaType.get("application/json");

    private final OkHttpClient http;
    private final ObjectMapper mapper = new ObjectMapper();
    private final String base;

    DirectFalCall(OkHttpClient http, String base) {
        this.http = http;
        this.base = base;
    }

    /** Runs one edit to the end; returns the result's size in bytes. */
    int run(byte[] jpeg, long seed) throws IOException, InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("prompt", "make it a watercolor");
        body.put("image_url", "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(jpeg));
        body.put("guidance_scale", 3.5);
        body.put("num_images", 1);
        body.put("output_format", "jpeg");
        body.put("safety_tolerance", "2");
        body.put("enhance_prompt", false);
        body.put("seed", seed);
        JsonNode submitted = call(new Request.Builder().url(base + "/fal-ai/flux-pro/kontext")
                .post(RequestBody.create(mapper.writeValueAsBytes(body), JSON)));
        String statusUrl = submitted.get("status_url").asText();
        while (!call(new Request.Builder().url(statusUrl).get()).path("status").asText().equals("COMPLETED")) {
            Thread.sleep(LOOK_EVERY.toMillis());
        }
        JsonNode output = call(new Request.Builder().url(submitted.get("response_url").asText()).get());
        try (Response image = http.newCall(new Request.Builder().url(output.get("images").get(0).get("url").asText()).build()).execute()) {
            return image.body().bytes().length;
        }
    }

    private JsonNode call(Request.Builder request) throws IOException {
        try (Response response = http.newCall(request.header("Authorization", "Key bench").build()).execute()) {
            if (!response.isSuccessful()) {
                throw new IOException("HTTP " + response.code());
            }
            return mapper.readTree(response.body().bytes());
        }
    }
}
