package dev.kontextbot.adapter.chat;

import dev.kontextbot.engine.model.Platform;

/** Hears about every call a chat adapter makes to its platform's API, for metrics; returns at once. */
@FunctionalInterface
public interface ChatApiCalls {
    ChatApiCalls NONE = (platform, outcome) -> { };

    void record(Platform platform, Outcome outcome);

    /** How a call ended: the platform's answer class, or no answer at all. */
    enum Outcome {
        OK, RATE_LIMITED, CLIENT_ERROR, SERVER_ERROR, NETWORK_ERROR;

        public static Outcome of(int status) {
            if (status == 429) {
                return RATE_LIMITED;
            }
            if (status >= 500) {
                return SERVER_ERROR;
            }
            return status >= 400 ? CLIENT_ERROR : OK;
        }
    }
}
