package dev.kontextbot.adapter.slack;

/**
 * Text as Slack takes it: people's words escaped for mrkdwn, then cut to the room a Block Kit field has. Escaping
 * comes first because it lengthens the text (one {@code &} is five characters), and the limits count what is sent.
 */
final class SlackText {
    /** A section's text, and any other text object (context elements included). */
    static final int SECTION = 3000;
    /** A button's label. */
    static final int BUTTON = 75;
    /** The top-level text of a message: Slack truncates it past 40,000 and advises far less; this is what a fallback sends. */
    static final int MESSAGE = 4000;

    /** The longest entity {@link #escape} writes: {@code &amp;}. */
    private static final int ENTITY = 5;

    private SlackText() {
    }

    /** Slack's mrkdwn needs only these three escaped. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /**
     * What a person typed, from the text of a Slack event or command: Slack sends {@code & < >} as entities (its own
     * markup, mentions and links, keeps real brackets). Null stays null.
     */
    static String unescape(String text) {
        return text == null ? null : text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }

    /** {@code text} escaped and, when longer than {@code room}, shortened to it with an ellipsis. */
    static String escaped(String text, int room) {
        return fit(escape(text), room);
    }

    /**
     * Mrkdwn (already escaped) cut to at most {@code room} characters: never inside an entity such as {@code &amp;}
     * or between the two halves of a surrogate pair, and ending in "…" when anything was cut.
     */
    static String fit(String mrkdwn, int room) {
        if (mrkdwn.length() <= room) {
            return mrkdwn;
        }
        if (room < 1) {
            return "";
        }
        int cut = room - 1;
        int amp = mrkdwn.lastIndexOf('&', cut - 1);
        if (amp >= 0 && amp > cut - ENTITY && mrkdwn.indexOf(';', amp) >= cut) {
            cut = amp;
        }
        if (cut > 0 && Character.isHighSurrogate(mrkdwn.charAt(cut - 1))) {
            cut--;
        }
        return mrkdwn.substring(0, cut) + "…";
    }
}
