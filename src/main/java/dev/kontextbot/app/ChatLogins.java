package dev.kontextbot.app;

import dev.kontextbot.adapter.chat.LoginCheck;

/**
 * Turns a chat platform's answer to its token into one line for the person starting the bot: a refused token names the
 * variable to fix; an unreachable platform says the network failed and that the token was not checked.
 */
final class ChatLogins {
    private ChatLogins() {
    }

    /** {@code unexpectedHint}: what to check when the platform answered something else. */
    static void require(LoginCheck check, String platform, String variable, String refusedHint, String unexpectedHint) {
        if (check instanceof LoginCheck.Accepted) {
            return;
        }
        if (check instanceof LoginCheck.Refused refused) {
            throw new StartupException(platform + " refused " + variable + " (" + refused.reason() + "): " + refusedHint + ".", null);
        }
        if (check instanceof LoginCheck.Unreachable unreachable) {
            throw new StartupException(platform + " cannot be reached: " + unreachable.reason() + ". " + variable
                    + " was not checked; start again when the network is back.", null);
        }
        if (check instanceof LoginCheck.Unexpected unexpected) {
            throw new StartupException(platform + " login failed (" + unexpected.reason() + "); " + unexpectedHint + ".", null);
        }
        throw new IllegalStateException("unknown login outcome " + check);
    }
}
