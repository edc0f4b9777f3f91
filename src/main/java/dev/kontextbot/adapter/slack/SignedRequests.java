package dev.kontextbot.adapter.slack;

import com.slack.api.app_backend.SlackSignature;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;

/**
 * Whether an HTTP request comes from Slack: signed with the app's signing secret, and dated within five minutes of now
 * either way, as Slack's docs ask. Bolt's own check refuses only old timestamps, so a captured request dated ahead
 * could be replayed until its date came; and it compares signatures with {@code equals}, which leaks timing.
 */
final class SignedRequests {
    static final Duration MAX_SKEW = Duration.ofMinutes(5);

    private final SlackSignature.Generator signatures;
    private final Clock clock;

    SignedRequests(String signingSecret, Clock clock) {
        this.signatures = new SlackSignature.Generator(signingSecret);
        this.clock = clock;
    }

    boolean isValid(String timestamp, String body, String signature) {
        if (timestamp == null || signature == null) {
            return false;
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(clock.instant().getEpochSecond() - seconds) > MAX_SKEW.toSeconds()) {
            return false;
        }
        String expected = signatures.generate(timestamp, body);
        return expected != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), signature.getBytes(StandardCharsets.UTF_8));
    }
}
