package dev.kontextbot.app;

import dev.kontextbot.adapter.chat.LoginCheck;

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
        if (check instanceof LoginCheck.Refused refused) {
            return Optional.of(new PlatformConnector.Failure(platform + " refused " + variable + " (" + refused.reason() + "): "
                    + refusedHint + ".", true));
        }
        if (check instanceof LoginCheck.Unreachable unreachable) {
            return Optional.of(new PlatformConnector.Failure(platform + " cannot be reached: " + unreachable.reason() + ". " + variable
                    + " was not checked.", false));
        }
        if (check instanceof LoginCheck.Unexpected unexpected) {
            return Optional.of(new PlatformConnector.Failure(platform + " login failed (" + unexpected.reason() + "); " + unexpectedHint + ".",
                    false));
        }
        throw new IllegalStateException("unknown login outcome " + check);
    }

    /** For a platform whose start-up still stops the bot when it cannot connect. */
    static void require(LoginCheck check, String platform, String variable, String refusedHint, String unexpectedHint) {
        failure(check, platform, variable, refusedHint, unexpectedHint).ifPresent(f -> {
            throw new StartupException(f.refused() || !(check instanceof LoginCheck.Unreachable) ? f.message()
                    : f.message() + " Start again when the network is back.", null);
        });
    }
}
