package dev.ascent.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One line describing the machine a measurement was taken on: CPU model, cores, JVM. */
final class MachineInfo {
    private MachineInfo() {}

    static String describe() {
        String cpu = System.getProperty("os.arch");
        try {
            String simd = "";
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) cpu = line.substring(line.indexOf(':') + 1).strip();
                if (line.startsWith("flags")) {
                    simd = line.contains(" avx512f") ? " (AVX-512)" : line.contains(" avx2") ? " (AVX2)" : "";
                    break;
                }
            }
            cpu += simd;
        } catch (IOException ignored) {
            // not Linux: the architecture will do
        }
        return cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name")
                + ", Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")";
    }
}
