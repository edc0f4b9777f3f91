package dev.kontextbot.adapter.chat.commands;

import dev.kontextbot.adapter.chat.UsageText;

/**
 * Where a command is offered. A new chat platform adds itself here, derives its commands from the catalogue and
 * bridges the neutral ones ({@link ChatCommand}).
 */
public enum Surface {
    DISCORD("**", UsageText.Tenant.SERVER),
    SLACK("*", UsageText.Tenant.WORKSPACE);

    private final String boldMark;
    private final UsageText.Tenant tenant;

    Surface(String boldMark, UsageText.Tenant tenant) {
        this.boldMark = boldMark;
        this.tenant = tenant;
    }

    /** {@code text} in bold, as this surface's markup writes it. */
    public String bold(String text) {
        return boldMark + text + boldMark;
    }

    /** What this surface calls a tenant, for the words that name it. */
    public UsageText.Tenant tenant() {
        return tenant;
    }
}
