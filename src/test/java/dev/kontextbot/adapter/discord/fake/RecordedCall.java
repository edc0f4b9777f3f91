package dev.kontextbot.adapter.discord.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One REST request JDA made to the fake. {@code path} is relative to {@code /api/v10/} and has no query
 * ({@code channels/1/messages}); {@code json} is the JSON body or, for multipart requests, the {@code payload_json}
 * part; {@code files} are the other multipart parts. {@code seq} orders calls as they arrived; {@code status} is what
 * the fake answered, and {@code unknownRoute} says the fake had no route for it.
 */
public record RecordedCall(long seq, String method, String path, Map<String, String> query, String authorization,
                           boolean multipart, JsonNode json, List<FilePart> files, int status, boolean unknownRoute) {

    /** A multipart part that is not {@code payload_json}, usually {@code files[n]}. */
    public record FilePart(String name, String filename, String contentType, byte[] bytes) {
        public String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    RecordedCall withSeq(long number) {
        return new RecordedCall(number, method, path, query, authorization, multipart, json, files, status, unknownRoute);
    }

    public String queryParam(String name) {
        return query.get(name);
    }

    /** The value at a JSON pointer ({@code /data/content}) of the body, or a missing node. */
    public JsonNode at(String pointer) {
        return json == null ? MissingNode.getInstance() : json.at(pointer);
    }

    public FilePart file(int index) {
        return files.get(index);
    }

    @Override
    public String toString() {
        return "#" + seq + " " + method + " " + path + (query.isEmpty() ? "" : " " + query) + " -> " + status
                + (files.isEmpty() ? "" : " files=" + files.stream().map(FilePart::filename).toList())
                + (json == null || json.isMissingNode() ? "" : " " + abbreviate(json.toString()));
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
