package dev.ascent.autograd;

import dev.ascent.io.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Access to the golden data in {@code ../shared/reference} (beside the repository). Missing goldens are a
 * test failure, never a skip: a suite that silently stops comparing against PyTorch is worse than none.
 */
public final class Reference {
    private static Map<String, Object> autograd;

    private Reference() {}

    public static Path dir() {
        String prop = System.getProperty("ascent.reference.dir");
        if (prop != null && Files.isDirectory(Paths.get(prop))) return Paths.get(prop);
        Path p = Paths.get(System.getProperty("user.dir")).toAbsolutePath();
        for (; p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared").resolve("reference");
            if (Files.isDirectory(candidate)) return candidate;
            Path sibling = p.resolveSibling("shared").resolve("reference");
            if (Files.isDirectory(sibling)) return sibling;
        }
        throw new AssertionError("golden data not found: expected ../shared/reference beside the repository"
                + " (or -Dascent.reference.dir); ascent.reference.dir=" + prop);
    }

    public static synchronized Map<String, Object> autograd() {
        if (autograd == null) {
            Path f = dir().resolve("autograd.json");
            try {
                autograd = Json.parseObject(Files.readString(f));
            } catch (IOException e) {
                throw new AssertionError("cannot read " + f + ": " + e, e);
            }
        }
        return autograd;
    }

    @SuppressWarnings("unchecked")
    public static Object at(Map<String, Object> root, String... path) {
        Object cur = root;
        for (String key : path) {
            if (!(cur instanceof Map) || !((Map<String, Object>) cur).containsKey(key)) {
                throw new AssertionError("golden key missing: " + String.join(".", path) + " (at " + key + ")");
            }
            cur = ((Map<String, Object>) cur).get(key);
        }
        return cur;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    /** Flattens nested JSON lists of numbers, row-major, to float32. */
    public static float[] floats(Object nested) {
        List<Double> out = new ArrayList<>();
        flatten(nested, out);
        float[] f = new float[out.size()];
        for (int i = 0; i < f.length; i++) f[i] = out.get(i).floatValue();
        return f;
    }

    public static double[] doubles(Object nested) {
        List<Double> out = new ArrayList<>();
        flatten(nested, out);
        double[] d = new double[out.size()];
        for (int i = 0; i < d.length; i++) d[i] = out.get(i);
        return d;
    }

    public static double number(Object o) {
        return ((Number) o).doubleValue();
    }

    private static void flatten(Object o, List<Double> out) {
        if (o instanceof List) for (Object e : (List<?>) o) flatten(e, out);
        else if (o instanceof Number) out.add(((Number) o).doubleValue());
        else if (o instanceof String) out.add(Double.parseDouble(((String) o).replace("inf", "Infinity")));
        else throw new AssertionError("not a number: " + o);
    }
}
