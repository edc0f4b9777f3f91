package dev.kontextbot.app;

import dev.kontextbot.adapter.chat.LoginCheck;
import dev.kontextbot.adapter.chat.PlatformConnector;

import java.util.Optional;

/**
 * Turns a chat platform's answer to its token into one line for the person running the bot: a refused token names the
 * variable to fix; an unreachable platform says the network failed and that the token was not checked.
 */
final class ChatLogins {
    private ChatLogins() {
    }

    /** Empty when the token was accepted. {@code unexpectedHint}: what to check when the platform answered something else. */
    static Optional<PlatformConnector.Failure> failure(LoginCheck check, String platform, String variable, String refusedHint,
                                                       String unexpectedHint) {
        if (check instanceof LoginCheck.Accepted) {
            return Optional.empty();
        }
        return Optional.of(new PlatformConnector.Failure(problem(check, platform, variable, refusedHint, unexpectedHint),
                check instanceof LoginCheck.Refused));
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
