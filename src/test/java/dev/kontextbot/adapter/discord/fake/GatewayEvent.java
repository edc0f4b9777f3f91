package dev.kontextbot.adapter.discord.fake;

import com.fasterxml.jackson.databind.JsonNode;

/** A dispatch the fake gateway sent to JDA: its sequence number, type ({@code MESSAGE_CREATE}, …) and payload. */
public record GatewayEvent(long sequence, String type, JsonNode payload) {
}
