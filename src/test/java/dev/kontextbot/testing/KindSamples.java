package dev.kontextbot.testing;

import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A value of any kind of the engine's sealed, record-made reasons, built from its record components: tests that must
 * cover every kind (a codec, the words of each language) iterate the permitted subclasses instead of listing them, so a
 * kind added later is covered without a test change.
 */
public final class KindSamples {
    private KindSamples() {
    }

    /** The record kinds of a sealed hierarchy, nested hierarchies included. */
    public static List<Class<?>> kindsOf(Class<?> sealed) {
        return Arrays.stream(sealed.getPermittedSubclasses())
                .flatMap(c -> c.isSealed() ? kindsOf(c).stream() : java.util.stream.Stream.of(c)).toList();
    }

    /** A value of {@code type} that holds a {@code target} somewhere in it (itself, a field, a field's field …). */
    public static Object sample(Type type, Class<?> target) {
        return sample(type, target, 0);
    }

    private static Object sample(Type type, Class<?> target, int depth) {
        if (depth > 12) {
            throw new IllegalStateException("no finite sample of " + type);
        }
        if (type instanceof ParameterizedType p) {
            Object element = sample(p.getActualTypeArguments()[0], target, depth + 1);
            if (p.getRawType() == List.class) {
                return List.of(element);
            }
            if (p.getRawType() == Optional.class) {
                return Optional.of(element);
            }
            throw new IllegalArgumentException("no sample of " + type);
        }
        Class<?> c = (Class<?>) type;
        if (c == String.class) {
            return "said";
        }
        if (c == int.class || c == Integer.class) {
            return 2;
        }
        if (c == long.class || c == Long.class) {
            return 3L;
        }
        if (c == double.class || c == Double.class) {
            return 1.5;
        }
        if (c == boolean.class || c == Boolean.class) {
            return true;
        }
        if (c.isEnum()) {
            return c.getEnumConstants()[0];
        }
        if (c.isSealed()) {
            // The kind nearest the target: a kind that reaches it only through its own hierarchy again would not end.
            Class<?> chosen = Arrays.stream(c.getPermittedSubclasses()).filter(p -> distance(p, target, 0) < UNREACHED)
                    .min(Comparator.comparingInt(p -> distance(p, target, 0)))
                    .orElseGet(() -> Arrays.stream(c.getPermittedSubclasses()).filter(Class::isRecord)
                            .min(Comparator.comparingInt(p -> p.getRecordComponents().length)).orElseThrow());
            return sample(chosen, target, depth + 1);
        }
        if (c.isRecord()) {
            // Inside the target its fields need not hold another one: a kind that nests its own hierarchy (a shortfall's
            // missed variant says why, which may be a shortfall) would otherwise never end.
            Class<?> within = c == target ? null : target;
            RecordComponent[] components = c.getRecordComponents();
            Object[] values = new Object[components.length];
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                values[i] = sample(components[i].getGenericType(), within, depth + 1);
                types[i] = components[i].getType();
            }
            try {
                Constructor<?> canonical = c.getDeclaredConstructor(types);
                canonical.setAccessible(true);
                return canonical.newInstance(values);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot build a " + c.getName(), e);
            }
        }
        throw new IllegalArgumentException("no sample of " + c);
    }

    private static final int UNREACHED = Integer.MAX_VALUE / 2;

    /** How many fields and kinds deep {@code target} is inside {@code type}; UNREACHED when not within a few. */
    private static int distance(Type type, Class<?> target, int depth) {
        if (target == null || depth > 8) {
            return UNREACHED;
        }
        if (type instanceof ParameterizedType p) {
            return Arrays.stream(p.getActualTypeArguments()).mapToInt(t -> distance(t, target, depth + 1)).min().orElse(UNREACHED);
        }
        Class<?> c = (Class<?>) type;
        if (c == target) {
            return 0;
        }
        if (c.isSealed()) {
            return 1 + Arrays.stream(c.getPermittedSubclasses()).mapToInt(p -> distance(p, target, depth + 1)).min().orElse(UNREACHED);
        }
        if (c.isRecord()) {
            return 1 + Arrays.stream(c.getRecordComponents()).mapToInt(rc -> distance(rc.getGenericType(), target, depth + 1)).min().orElse(UNREACHED);
        }
        return UNREACHED;
    }
}
