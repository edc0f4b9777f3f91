package dev.kontextbot.adapter.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fields of one API request, a JSON object or a form, checked before anything reads them: a field the endpoint
 * does not know (a misspelling would otherwise be ignored without a word), one given twice, or a list or object
 * where one value belongs is refused by name.
 */
final class RequestFields {
    /** Jackson's words for a field given twice; only the name is taken from them. */
    private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '(.*)'.*", Pattern.DOTALL);
    private final Function<String, String> text;
    private final Map<String, JsonNode> json;

    private RequestFields(Function<String, String> text, Map<String, JsonNode> json) {
        this.text = text;
        this.json = json;
    }

    /** A JSON object body (an empty body counts as {}), with only {@code known} fields. */
    static RequestFields json(Context ctx, ObjectMapper mapper, Set<String> known) {
        String body = ctx.body();
        JsonNode node;
        try {
            node = body.isBlank() ? mapper.createObjectNode() : mapper.reader().with(StreamReadFeature.STRICT_DUPLICATE_DETECTION).readTree(body);
        } catch (JsonProcessingException e) {
            Matcher duplicate = DUPLICATE.matcher(e.getOriginalMessage());
            throw duplicate.matches() ? new ApiInputException("playground.input.duplicateField", "name", duplicate.group(1))
                    : new ApiInputException("playground.input.notJson");
        }
        if (node == null || !node.isObject()) {
            throw new ApiInputException("playground.input.notObject");
        }
        Map<String, JsonNode> fields = new java.util.LinkedHashMap<>();
        node.fields().forEachRemaining(field -> fields.put(field.getKey(), field.getValue()));
        refuseUnknown(fields.keySet(), known);
        fields.forEach((name, value) -> {
            if (value.isContainerNode()) {
                throw new ApiInputException("playground.input.notSingle", "name", name, "given", value.isArray() ? "list" : "object");
            }
        });
        return new RequestFields(name -> {
            JsonNode value = fields.get(name);
            return value == null || value.isNull() ? null : value.asText();
        }, fields);
    }

    /** A form (multipart or url-encoded), its files included, with only {@code known} fields, each at most once. */
    static RequestFields form(Context ctx, Set<String> known) {
        return form(ctx, known, Set.of());
    }

    /** As {@link #form(Context, Set)}, but the files named in {@code repeatable} may come several times (several images). */
    static RequestFields form(Context ctx, Set<String> known, Set<String> repeatable) {
        Map<String, List<String>> values = ctx.formParamMap();
        List<String> names = new ArrayList<>(values.keySet());
        Map<String, ? extends Collection<?>> files = ctx.isMultipartFormData() ? ctx.uploadedFileMap() : Map.of();
        names.addAll(files.keySet());
        refuseUnknown(names, known);
        for (String name : names) {
            if (!repeatable.contains(name) && values.getOrDefault(name, List.of()).size() + (files.containsKey(name) ? files.get(name).size() : 0) > 1) {
                throw new ApiInputException("playground.input.givenTwice", "name", name);
            }
        }
        return new RequestFields(name -> values.containsKey(name) ? values.get(name).get(0) : null, Map.of());
    }

    /** The field as text (numbers and booleans as written), or null when absent or null. */
    String text(String name) {
        return text.apply(name);
    }

    /** A whole JSON number from {@code min} to {@code max}; required. */
    long wholeNumber(String name, long min, long max) {
        JsonNode value = json.get(name);
        if (value == null || !value.isIntegralNumber()) {
            throw new ApiInputException("playground.input.wholeNumberRequired", "name", name);
        }
        if (!value.canConvertToLong() || value.asLong() < min || value.asLong() > max) {
            throw new ApiInputException("playground.input.outOfRange", "name", name, "min", Long.toString(min), "max", Long.toString(max),
                    "value", value.asText());
        }
        return value.asLong();
    }

    private static void refuseUnknown(Collection<String> given, Set<String> known) {
        for (String name : given) {
            if (!known.contains(name)) {
                throw new ApiInputException("playground.input.unknownField", "name", name, "count", known.size(),
                        "known", String.join(", ", new TreeSet<>(known)));
            }
        }
    }
}
