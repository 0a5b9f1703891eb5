package dev.ascent.envs.testutil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Locates and loads the golden data ({@code shared/reference}). The directory comes from the system property
 * {@code ascent.reference.dir} (set by surefire); otherwise the directories above {@code user.dir} are searched
 * for {@code shared/reference}. Missing data is a test failure (an {@link AssertionError}), never a skip.
 */
public final class References {

    private static final Map<String, Map<String, Object>> CACHE = new ConcurrentHashMap<>();

    private References() {
    }

    /** The reference directory. */
    public static Path dir() {
        String property = System.getProperty("ascent.reference.dir");
        if (property != null && !property.isBlank()) {
            Path p = Paths.get(property).toAbsolutePath().normalize();
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        for (Path d = Paths.get(System.getProperty("user.dir")).toAbsolutePath(); d != null; d = d.getParent()) {
            Path candidate = d.resolve("shared").resolve("reference");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("golden data not found: system property ascent.reference.dir=" + property
                + " is not a directory and no shared/reference exists above " + System.getProperty("user.dir"));
    }

    /** A golden environment file, e.g. {@code envs/CartPole-v1.json}, parsed once per JVM. */
    public static Map<String, Object> envFile(String envId) {
        return CACHE.computeIfAbsent(envId, id -> {
            Path file = dir().resolve("envs").resolve(id + ".json");
            if (!Files.isRegularFile(file)) {
                throw new AssertionError("golden file missing: " + file);
            }
            try {
                return Json.obj(Json.parse(Files.readString(file, StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
