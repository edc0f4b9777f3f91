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
        String problem = problem(check, platform, variable, refusedHint, unexpectedHint);
        throw new StartupException(problem + (check instanceof LoginCheck.Unreachable ? "; start again when the network is back." : "."), null);
    }

    /** What is wrong with a login that was not accepted, in one sentence without its full stop. */
    static String problem(LoginCheck check, String platform, String variable, String refusedHint, String unexpectedHint) {
        if (check instanceof LoginCheck.Refused refused) {
            return platform + " refused " + variable + " (" + refused.reason() + "): " + refusedHint;
        }
        if (check instanceof LoginCheck.Unreachable unreachable) {
            return platform + " cannot be reached: " + unreachable.reason() + ". " + variable + " was not checked";
        }
        if (check instanceof LoginCheck.Unexpected unexpected) {
            return platform + " login failed (" + unexpected.reason() + "); " + unexpectedHint;
        }
        throw new IllegalStateException("no problem to explain in login outcome " + check);
    }
}
