package dev.ascent.algorithms;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds an algorithm's settings record from {@code snake_case} keys (presets, {@code --set key=value},
 * {@code config.json}) and turns it back into such a map.
 *
 * <p>Why reflection: every algorithm documents its settings once, as the components of a record (CleanRL's
 * {@code Args} dataclass), and the command line, the presets and the run directory all follow from it. A
 * record component {@code clipVloss} is the key {@code clip_vloss}. Supported component types: {@code int},
 * {@code long}, {@code double}, {@code float}, {@code boolean}, {@code String}, enums (by name, case-insensitive)
 * and {@code int[]} (written {@code 64,64} or as a JSON list). A {@code Double} component may be {@code null}
 * (written {@code none} or {@code null}), e.g. PPO's {@code target_kl}.
 */
public final class SettingsBinder {
    private SettingsBinder() {}

    /** {@code clipVloss} → {@code clip_vloss}. */
    public static String snakeCase(String camel) {
        StringBuilder sb = new StringBuilder();
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) sb.append('_').append(Character.toLowerCase(c));
            else sb.append(c);
        }
        return sb.toString();
    }

    /** The keys of a settings type, in declaration order. */
    public static List<String> keys(Class<? extends Record> type) {
        List<String> keys = new ArrayList<>();
        for (RecordComponent c : type.getRecordComponents()) keys.add(snakeCase(c.getName()));
        return keys;
    }

    /** The settings as an ordered {@code snake_case → value} map (values are JSON-writable). */
    public static Map<String, Object> toMap(Record settings) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (RecordComponent c : settings.getClass().getRecordComponents()) {
            try {
                Object v = c.getAccessor().invoke(settings);
                if (v instanceof Enum<?> e) v = e.name().toLowerCase(Locale.ROOT);
                out.put(snakeCase(c.getName()), v);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    /**
     * {@code base} with the entries of {@code values} applied.
     *
     * @throws IllegalArgumentException naming the key for an unknown key (with the known ones) or a value
     *                                  that does not parse, or when the record's constructor rejects the result
     */
    @SuppressWarnings("unchecked")
    public static <R extends Record> R apply(R base, Map<String, ?> values) {
        Class<R> type = (Class<R>) base.getClass();
        RecordComponent[] comps = type.getRecordComponents();
        Map<String, Object> current = toMapRaw(base);
        for (Map.Entry<String, ?> e : values.entrySet()) {
            String key = e.getKey();
            RecordComponent comp = null;
            for (RecordComponent c : comps) if (snakeCase(c.getName()).equals(key)) comp = c;
            if (comp == null) {
                throw new IllegalArgumentException("unknown setting '" + key + "'; known settings: " + String.join(", ", keys(type)));
            }
            current.put(key, convert(key, comp.getType(), e.getValue()));
        }
        Object[] args = new Object[comps.length];
        Class<?>[] types = new Class<?>[comps.length];
        for (int i = 0; i < comps.length; i++) {
            args[i] = current.get(snakeCase(comps[i].getName()));
            types[i] = comps[i].getType();
        }
        try {
            Constructor<R> ctor = type.getDeclaredConstructor(types);
            ctor.setAccessible(true);
            return ctor.newInstance(args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IllegalArgumentException iae) throw iae;
            throw new IllegalArgumentException(String.valueOf(cause), cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> toMapRaw(Record r) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            try {
                out.put(snakeCase(c.getName()), c.getAccessor().invoke(r));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object convert(String key, Class<?> type, Object raw) {
        String text = raw instanceof String s ? s.trim() : null;
        try {
            if (type == int.class || type == Integer.class) return raw instanceof Number n ? exactInt(n) : Integer.parseInt(text);
            if (type == long.class || type == Long.class) return raw instanceof Number n ? exactLong(n) : parseLong(text);
            if (type == double.class) return raw instanceof Number n ? n.doubleValue() : Double.parseDouble(text);
            if (type == Double.class) {
                if (raw == null || "none".equalsIgnoreCase(text) || "null".equalsIgnoreCase(text)) return null;
                return raw instanceof Number n ? n.doubleValue() : Double.parseDouble(text);
            }
            if (type == float.class) return raw instanceof Number n ? n.floatValue() : Float.parseFloat(text);
            if (type == boolean.class) {
                if (raw instanceof Boolean b) return b;
                if ("true".equalsIgnoreCase(text)) return true;
                if ("false".equalsIgnoreCase(text)) return false;
                throw new IllegalArgumentException();
            }
            if (type == String.class) return raw instanceof String ? raw : String.valueOf(raw);
            if (type.isEnum()) {
                for (Object c : type.getEnumConstants()) if (((Enum) c).name().equalsIgnoreCase(text)) return c;
                List<String> names = new ArrayList<>();
                for (Object c : type.getEnumConstants()) names.add(((Enum) c).name().toLowerCase(Locale.ROOT));
                throw new IllegalArgumentException("setting '" + key + "': '" + raw + "' is not one of " + names);
            }
            if (type == int[].class) {
                if (raw instanceof int[] arr) return arr.clone();
                if (raw instanceof List<?> list) {
                    int[] out = new int[list.size()];
                    for (int i = 0; i < out.length; i++) out[i] = exactInt((Number) list.get(i));
                    return out;
                }
                String t = text.replace("[", "").replace("]", "").trim();
                if (t.isEmpty()) return new int[0];
                String[] parts = t.split(",");
                int[] out = new int[parts.length];
                for (int i = 0; i < parts.length; i++) out[i] = Integer.parseInt(parts[i].trim());
                return out;
            }
        } catch (IllegalArgumentException | ClassCastException | NullPointerException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("setting '")) throw e;
            throw new IllegalArgumentException("setting '" + key + "': '" + raw + "' is not a valid " + describe(type));
        }
        throw new IllegalStateException("setting '" + key + "' has an unsupported type " + type);
    }

    private static long parseLong(String text) {
        // 1e6 and 500_000 are common in presets and on command lines.
        String t = text.replace("_", "");
        if (t.contains("e") || t.contains("E")) {
            double d = Double.parseDouble(t);
            if (d != Math.rint(d) || Math.abs(d) > 9e15) throw new NumberFormatException(text);
            return (long) d;
        }
        return Long.parseLong(t);
    }

    private static int exactInt(Number n) {
        double d = n.doubleValue();
        if (d != Math.rint(d) || d > Integer.MAX_VALUE || d < Integer.MIN_VALUE) throw new IllegalArgumentException();
        return (int) d;
    }

    private static long exactLong(Number n) {
        if (n instanceof Long l) return l;
        double d = n.doubleValue();
        if (d != Math.rint(d)) throw new IllegalArgumentException();
        return (long) d;
    }

    private static String describe(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) return "whole number";
        if (type == double.class || type == Double.class || type == float.class) return "number";
        if (type == boolean.class) return "boolean (true or false)";
        if (type == int[].class) return "list of whole numbers (e.g. 64,64)";
        return type.getSimpleName();
    }
}
