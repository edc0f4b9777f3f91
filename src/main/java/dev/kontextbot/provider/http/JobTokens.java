package dev.kontextbot.provider.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A provider's job token: the small JSON record the engine stores, enough to poll again after a restart. */
public final class JobTokens<T> {
    private final ObjectMapper mapper;
    private final Class<T> type;

    public JobTokens(ObjectMapper mapper, Class<T> type) {
        this.mapper = mapper;
        this.type = type;
    }

    public String write(T job) {
        try {
            return mapper.writeValueAsString(job);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a job token", e);
        }
    }

    public T read(String token) {
        try {
            return mapper.readValue(token, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a " + type.getSimpleName() + " token: " + token, e);
        }
    }
}
