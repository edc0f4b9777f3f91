package dev.kontextbot.engine.model;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A turn's typed reason ({@link TurnFailure}) as the JSON of its {@code error_detail} column: each record as its
 * fields, with {@code "kind"}: its simple name. The kinds are found by walking the sealed hierarchies from {@link
 * TurnFailure} (its records' fields, lists and optionals included), so a record added to any of them ({@code
 * ProviderFailure}, {@code ProviderRefusal}, …) is stored without a change here. A detail that cannot be read (a kind
 * this build does not know, a row edited by hand) reads as the row's English: a reader always has words to show. The
 * store keeps it in a turn's row, a session archive next to the turn's English ({@code error.detail}).
 */
public final class TurnFailureJson {
    private static final Logger log = LoggerFactory.getLogger(TurnFailureJson.class);
    /** V24's error_detail. */
    public static final int MAX_LENGTH = 4000;

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
    private interface Kinded {
    }

    private final ObjectMapper mapper;

    public TurnFailureJson() {
        JsonMapper.Builder builder = JsonMapper.builder()
                .addModule(new Jdk8Module())
                // Records without fields (NoImage) are kinds too.
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                // A field a later build dropped must not cost an older row its words.
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        Set<Class<?>> hierarchies = new LinkedHashSet<>();
        Set<Class<?>> kinds = new LinkedHashSet<>();
        walk(TurnFailure.class, hierarchies, kinds);
        hierarchies.forEach(sealed -> builder.addMixIn(sealed, Kinded.class));
        this.mapper = builder.build();
        // Registered per name; Jackson resolves a name among the subtypes of the declared type only, so two kinds of
        // one simple name in different hierarchies (ProviderRefusal.OutOfRange, Rejected.OutOfRange) do not clash.
        kinds.forEach(kind -> mapper.registerSubtypes(new NamedType(kind, kind.getSimpleName())));
    }

    /** The record kinds stored, by hierarchy: for the tests that round-trip every one. */
    public static Set<Class<?>> kinds() {
        Set<Class<?>> kinds = new LinkedHashSet<>();
        walk(TurnFailure.class, new LinkedHashSet<>(), kinds);
        return kinds;
    }

    /** Null when the reason cannot be kept in the column (too long): the row keeps its English only. */
    public String write(TurnFailure failure) {
        if (failure == null) {
            return null;
        }
        try {
            String json = mapper.writerFor(TurnFailure.class).writeValueAsString(failure);
            if (json.length() > MAX_LENGTH) {
                log.warn("a turn's typed reason ({} characters) is longer than its column; only its English is kept", json.length());
                return null;
            }
            return json;
        } catch (JacksonException e) {
            log.warn("a turn's typed reason could not be written ({}); only its English is kept", e.getOriginalMessage());
            return null;
        }
    }

    /** The stored reason; {@code english} as it is when there is none or it cannot be read; null when neither is stored. */
    public TurnFailure read(String json, String english) {
        if (json != null) {
            try {
                return mapper.readValue(json, TurnFailure.class);
            } catch (JacksonException e) {
                log.warn("a turn's typed reason could not be read ({}); it is shown as its English", e.getOriginalMessage());
            }
        }
        return english == null ? null : new TurnFailure.Legacy(english);
    }

    /** As a JSON tree, to sit inside another document (an archive's manifest); null as {@link #write} gives null. */
    public JsonNode tree(TurnFailure failure) {
        String json = write(failure);
        try {
            return json == null ? null : mapper.readTree(json);
        } catch (JacksonException e) {
            throw new IllegalStateException("reading back the JSON just written cannot fail", e);
        }
    }

    /** {@link #read(String, String)} of a tree from another document; {@code english} when it is absent or cannot be read. */
    public TurnFailure readTree(JsonNode tree, String english) {
        return read(tree == null || tree.isNull() || tree.isMissingNode() ? null : tree.toString(), english);
    }

    private static void walk(Class<?> root, Set<Class<?>> hierarchies, Set<Class<?>> kinds) {
        Deque<Class<?>> pending = new ArrayDeque<>();
        pending.add(root);
        Set<Class<?>> seen = new LinkedHashSet<>();
        while (!pending.isEmpty()) {
            Class<?> type = pending.poll();
            if (!seen.add(type)) {
                continue;
            }
            if (type.isSealed()) {
                hierarchies.add(type);
                for (Class<?> permitted : type.getPermittedSubclasses()) {
                    pending.add(permitted);
                }
            }
            if (type.isRecord()) {
                if (hierarchies.stream().anyMatch(sealed -> sealed.isAssignableFrom(type))) {
                    kinds.add(type);
                }
                for (RecordComponent component : type.getRecordComponents()) {
                    fieldTypes(component.getGenericType(), pending);
                }
            }
        }
    }

    /** The classes a field holds: itself, or what a List or Optional of it holds. */
    private static void fieldTypes(Type type, Deque<Class<?>> pending) {
        if (type instanceof Class<?> c) {
            if (c.isRecord() || c.isSealed()) {
                pending.add(c);
            }
        } else if (type instanceof ParameterizedType p) {
            for (Type argument : p.getActualTypeArguments()) {
                fieldTypes(argument, pending);
            }
        }
    }}
