package dev.ascent.backend.openblas;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Backend selection in a fresh JVM, where {@code Backends} makes its one-time choice: OpenBLAS by default,
 * the thread property honoured, and a clean fallback to Java, with exactly one warning, when the natives cannot
 * load, either because they are for another platform or because JavaCPP is not on the class path at all.
 */
class FallbackTest {

    /** Runs {@link BackendProbe} in a child JVM; returns stdout and stderr together. */
    private static String probe(String classPath, String... jvmArgs) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.addAll(Arrays.asList(jvmArgs));
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(BackendProbe.class.getName());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "probe JVM hung");
        assertEquals(0, p.exitValue(), "probe JVM failed:\n" + out);
        return out;
    }

    /** Warning lines, not counting the CUDA provider declining on a GPU-less machine (present in -Pcuda builds). */
    private static long warnings(String out) {
        return out.lines().filter(l -> l.contains("WARNING") && !l.contains("backend cuda could not be loaded")).count();
    }

    @Test
    void openBlasIsChosenByDefaultAndHonoursTheThreadProperty() throws Exception {
        String out = probe(System.getProperty("java.class.path"), "-Dascent.blas.threads=2");
        assertTrue(out.contains("active=openblas"), out);
        assertTrue(out.contains("2 threads"), out);
        assertTrue(out.contains("c=[7.0, 10.0, 15.0, 22.0]"), out);
        assertEquals(0, warnings(out), out);
    }

    @Test
    void nativesForAnotherPlatformFallBackToJavaWithOneWarning() throws Exception {
        // JavaCPP looks for windows-x86_64 natives, which are not on the class path: a real load failure.
        String out = probe(System.getProperty("java.class.path"), "-Dorg.bytedeco.javacpp.platform=windows-x86_64");
        assertTrue(out.contains("active=java"), out);
        assertTrue(out.contains("c=[7.0, 10.0, 15.0, 22.0]"), out);
        assertEquals(1, warnings(out), out);
        assertTrue(out.contains("openblas"), out);
    }

    @Test
    void missingJavaCppFallsBackToJavaWithOneWarning() throws Exception {
        String withoutJavaCpp = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.contains("bytedeco"))
                .collect(Collectors.joining(File.pathSeparator));
        String out = probe(withoutJavaCpp);
        assertTrue(out.contains("active=java"), out);
        assertEquals(1, warnings(out), out);
        assertTrue(out.contains("openblas"), out);
    }
}
