package dev.kontextbot.adapter.slack;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A link in a message's text as Slack writes it, {@code <https://…>} or {@code <https://…|label>} (its mrkdwn, already
 * unescaped by {@link SlackText#unescape}): the image a person pasted instead of sharing a file.
 */
final class SlackLinks {
    private static final Pattern LINK = Pattern.compile("<(https?://[^|>\\s]+)(\\|[^>]*)?>", Pattern.CASE_INSENSITIVE);

    private SlackLinks() {
    }

    /** {@code url}: the address; {@code markup}: how it stands in the text, to take it out of the instruction. */
    record Link(String url, String markup) {
        String without(String text) {
            return text.replace(markup, " ").strip();
        }
    }

    /** The first link in {@code text}, if any. */
    static Optional<Link> first(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher link = LINK.matcher(text);
        return link.find() ? Optional.of(new Link(link.group(1), link.group())) : Optional.empty();
    }
}
