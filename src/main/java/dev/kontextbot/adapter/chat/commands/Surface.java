package dev.kontextbot.adapter.chat.commands;

import dev.kontextbot.adapter.chat.UsageText;

import java.util.Locale;

/**
 * Where a command is offered. A new chat platform adds itself here, derives its commands from the catalogue and
 * bridges the neutral ones ({@link ChatCommand}).
 */
public enum Surface {
    /** Discord: a message is at most 2000 characters; "-# " starts a line of small print. */
    DISCORD("**", "-# ", 2000, true, UsageText.Tenant.SERVER),
    /** Slack: it cuts a message's text past 4000 characters; it has no small print; a slash command carries no thread. */
    SLACK("*", "", 4000, false, UsageText.Tenant.WORKSPACE);

    private final String boldMark;
    private final String finePrint;
    private final int maxText;
    private final boolean commandsInThreads;
    private final UsageText.Tenant tenant;

    Surface(String boldMark, String finePrint, int maxText, boolean commandsInThreads, UsageText.Tenant tenant) {
        this.boldMark = boldMark;
        this.finePrint = finePrint;
        this.maxText = maxText;
        this.commandsInThreads = commandsInThreads;
        this.tenant = tenant;
    }

    /**
     * Whether a command can be used in a session's thread. Where it cannot (Slack), a command about one session is
     * about the channel's newest.
     */
    public boolean commandsInThreads() {
        return commandsInThreads;
    }

    /** {@code text} in bold, as this surface's markup writes it. */
    public String bold(String text) {
        return boldMark + text + boldMark;
    }

    /** {@code line} as small print (a note under an answer), where this surface has it. */
    public String fine(String line) {
        return finePrint + line;
    }

    /** {@code text} cut to what one message of this surface holds. */
    public String fit(String text) {
        return fit(text, 0);
    }

    /** {@code text} cut to leave room for {@code reserved} characters more in one message of this surface. */
    public String fit(String text, int reserved) {
        int room = maxText - reserved;
        return text.length() > room ? text.substring(0, room - 1) + "…" : text;
    }

    /** What this surface calls a tenant, for the words that name it. */
    public UsageText.Tenant tenant() {
        return tenant;
    }

    /** The key of a sentence this surface words its own way: {@code base} and the surface's name ({@code history.none.slack}). */
    public String key(String base) {
        return base + "." + name().toLowerCase(Locale.ROOT);
    }
}
