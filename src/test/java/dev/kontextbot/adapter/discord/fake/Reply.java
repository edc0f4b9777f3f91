package dev.kontextbot.adapter.discord.fake;

import com.fasterxml.jackson.databind.JsonNode;

import static dev.kontextbot.adapter.discord.fake.DiscordPayloads.object;

/** A REST answer: status and JSON body (none for 204); errors in Discord's {@code {code, message}} shape. */
record Reply(int status, JsonNode body) {
    static Reply ok(JsonNode body) {
        return new Reply(200, body);
    }

    static Reply noContent() {
        return new Reply(204, null);
    }

    static Reply error(int status, int code, String message) {
        return new Reply(status, object().put("code", code).put("message", message));
    }

    static Reply unknownChannel() {
        return error(404, 10003, "Unknown Channel");
    }

    static Reply unknownMessage() {
        return error(404, 10008, "Unknown Message");
    }

    static Reply unknownWebhook() {
        return error(404, 10015, "Unknown Webhook");
    }

    static Reply emptyMessage() {
        return error(400, 50006, "Cannot send an empty message");
    }

    static boolean isEmptyMessage(JsonNode payload, int files) {
        return payload.path("content").asText("").isEmpty() && payload.path("embeds").isEmpty()
                && payload.path("components").isEmpty() && payload.path("sticker_ids").isEmpty()
                && !payload.has("poll") && files == 0;
    }
}
