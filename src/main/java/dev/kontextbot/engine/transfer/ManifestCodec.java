package dev.kontextbot.engine.transfer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The manifest as JSON: snake_case names, ISO-8601 times, indented so a person can read it. */
final class ManifestCodec {
    private final ObjectMapper mapper = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            // A later version may add fields; what this one needs is checked, not what it does not know.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    byte[] write(ArchiveManifest manifest) {
        try {
            return mapper.writeValueAsBytes(manifest);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the manifest", e);
        }
    }

    /** The JSON document, to look at its format and version before reading the rest by them. */
    JsonNode tree(byte[] json) throws JsonProcessingException {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw e;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("reading bytes in memory cannot fail", e);
        }
    }

    /** The manifest of a document of this format version; the exception's message says what does not fit. */
    ArchiveManifest manifest(JsonNode tree) throws JsonProcessingException {
        return mapper.treeToValue(tree, ArchiveManifest.class);
    }
}
