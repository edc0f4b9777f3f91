package dev.kontextbot.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.policy.PolicyEdit;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * An audited policy change as a small JSON document: {@code {"setting":"channels","before":["c1"],"after":[]}}, with
 * {@code scope} for defaults. Setting names are the document's own and stay stable; lists are sorted.
 */
final class PolicyEditJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ObjectMapper mapper = new ObjectMapper();
    private final ParamOverridesJson defaults = new ParamOverridesJson();

    /** One audit row's data: the document, and the setting and values plainly for the table's older columns. */
    record Row(String json, String setting, String before, String after) {
    }

    Row write(PolicyEdit edit) {
        ObjectNode document = document(edit);
        return new Row(document.toString(), document.get("setting").asText(), plain(document.get("before")), plain(document.get("after")));
    }

    private ObjectNode document(PolicyEdit edit) {
        if (edit instanceof PolicyEdit.Channels c) {
            return values("channels", ids(c.before()), ids(c.after()));
        } else if (edit instanceof PolicyEdit.Roles r) {
            return values("roles", ids(r.before()), ids(r.after()));
        } else if (edit instanceof PolicyEdit.Models m) {
            return values("models", ids(m.before().stream().map(ModelId::id).toList()), ids(m.after().stream().map(ModelId::id).toList()));
        } else if (edit instanceof PolicyEdit.MaxSafety s) {
            return values("safety", NODES.numberNode(s.before()), NODES.numberNode(s.after()));
        } else if (edit instanceof PolicyEdit.VotesToPick v) {
            return values("votes", NODES.numberNode(v.before()), NODES.numberNode(v.after()));
        } else if (edit instanceof PolicyEdit.UserDayBudget b) {
            return values("budget_user_day", NODES.numberNode(b.before()), NODES.numberNode(b.after()));
        } else if (edit instanceof PolicyEdit.TenantMonthBudget b) {
            return values("budget_tenant_month", NODES.numberNode(b.before()), NODES.numberNode(b.after()));
        } else if (edit instanceof PolicyEdit.Defaults d) {
            return values("defaults", tree(defaults.write(d.before())), tree(defaults.write(d.after()))).put("scope", d.scope());
        }
        throw new IllegalArgumentException("not a change to store as data (one read from an old row is never written again): " + edit);
    }

    /** The change a document holds; empty for a setting this version does not know (a newer instance wrote it). */
    Optional<PolicyEdit> read(String json) {
        JsonNode d = tree(json);
        JsonNode before = d.path("before");
        JsonNode after = d.path("after");
        return Optional.ofNullable(switch (d.path("setting").asText()) {
            case "channels" -> new PolicyEdit.Channels(strings(before, Function.identity()), strings(after, Function.identity()));
            case "roles" -> new PolicyEdit.Roles(strings(before, Function.identity()), strings(after, Function.identity()));
            case "models" -> new PolicyEdit.Models(strings(before, ModelId::parse), strings(after, ModelId::parse));
            case "safety" -> new PolicyEdit.MaxSafety(integer(before), integer(after));
            case "votes" -> new PolicyEdit.VotesToPick(integer(before), integer(after));
            case "budget_user_day" -> new PolicyEdit.UserDayBudget(number(before), number(after));
            case "budget_tenant_month" -> new PolicyEdit.TenantMonthBudget(number(before), number(after));
            case "defaults" -> new PolicyEdit.Defaults(d.path("scope").asText(), defaults.read(before.toString()), defaults.read(after.toString()));
            default -> null;
        });
    }

    private static ObjectNode values(String setting, JsonNode before, JsonNode after) {
        ObjectNode document = NODES.objectNode().put("setting", setting);
        document.set("before", before);
        document.set("after", after);
        return document;
    }

    private static ArrayNode ids(Collection<String> ids) {
        ArrayNode array = NODES.arrayNode();
        new TreeSet<>(ids).forEach(array::add);
        return array;
    }

    private static <T> Set<T> strings(JsonNode array, Function<String, T> parse) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).map(parse).collect(Collectors.toSet());
    }

    private static Integer integer(JsonNode node) {
        return node.isNumber() ? node.intValue() : null;
    }

    private static Long number(JsonNode node) {
        return node.isNumber() ? node.longValue() : null;
    }

    /** A value as the plain columns show it: a list comma-separated, nothing as an empty text. */
    private static String plain(JsonNode value) {
        if (value.isArray()) {
            return StreamSupport.stream(value.spliterator(), false).map(JsonNode::asText).collect(Collectors.joining(", "));
        }
        return value.isNull() ? "" : value.isObject() ? value.toString() : value.asText();
    }

    private JsonNode tree(String json) {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored policy change is not readable: " + json, e);
        }
    }
}
