package dev.kontextbot.adapter.discord.fake;

/**
 * An interaction the fake dispatched. Its REST routes: {@link #callbackPath()} for the initial response and
 * {@link #webhookPath()} (+ {@code /messages/@original} or {@code /messages/{id}}) for everything after.
 * {@code messageId} is the message a component or modal sits on, or the target of a message command.
 */
public record SentInteraction(String id, String token, String applicationId, int type, String channelId,
                              String guildId, String userId, String messageId) {
    public static final int COMMAND = 2;
    public static final int COMPONENT = 3;
    public static final int AUTOCOMPLETE = 4;
    public static final int MODAL_SUBMIT = 5;

    public String callbackPath() {
        return "interactions/" + id + "/" + token + "/callback";
    }

    public String webhookPath() {
        return "webhooks/" + applicationId + "/" + token;
    }

    public String originalPath() {
        return webhookPath() + "/messages/@original";
    }
}
