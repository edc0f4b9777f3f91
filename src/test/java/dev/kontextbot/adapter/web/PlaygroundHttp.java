package dev.kontextbot.adapter.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

import java.io.IOException;
import java.time.Duration;

/** One call to the running playground, read whole: its status, JSON (when it is JSON), bytes and content type. */
final class PlaygroundHttp {
    private final OkHttpClient client;
    private final ObjectMapper mapper = new ObjectMapper();

    record Answer(int status, JsonNode json, byte[] bytes, String contentType, Response response) {
    }

    PlaygroundHttp(Duration readTimeout) {
        this.client = new OkHttpClient.Builder().readTimeout(readTimeout).build();
    }

    Answer call(Request.Builder request) throws IOException {
        try (Response response = client.newCall(request.build()).execute()) {
            byte[] bytes = response.body().bytes();
            String type = response.header("Content-Type", "");
            return new Answer(response.code(), type.startsWith("application/json") ? mapper.readTree(bytes) : null, bytes, type, response);
        }
    }
}
