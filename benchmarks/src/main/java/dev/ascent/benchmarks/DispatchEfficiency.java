package dev.ascent.benchmarks;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.time.ZonedDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The gemm goal "dispatcher ≥ 90% of raw {@code cblas_sgemm} on native memory, copies included", measured so that a
 * drifting host cannot decide it: {@link NativeGemmBench}'s {@code raw-native} and {@code dispatch} run in
 * <em>alternating</em> JMH forks (raw, dispatch, raw, dispatch, ...), and each pair gives one ratio.
 *
 * <p>Why not one JMH run with both kernels: JMH runs all forks of one parameter set before the next, so the two
 * sides of the ratio are measured minutes apart. On a shared 2-core VM the host's speed drifts by up to 25% within
 * an hour, which is larger than the copies being measured (3 × 16 MiB at 2048³, about 7% of the product). Measured
 * that way, 2048³ read 88% in one session; in alternating forks the same code read 92–96%.
 *
 * <pre>
 *   java -cp benchmarks/target/benchmarks.jar dev.ascent.benchmarks.DispatchEfficiency [PAIRS] [SHAPE...]
 *   benchmarks/run --efficiency [PAIRS] [SHAPE...]
 * </pre>
 * Defaults: 3 pairs of the square shapes from 256³ up. Prints a Markdown table: per shape, every pair's ratio, the
 * median ratio, and the median times (each fork's time is the median of its iterations). Each fork warms up 3 × 1 s and measures 5 × 1 s, as the suite does.
 */
public final class DispatchEfficiency {
    private static final String[] DEFAULT_SHAPES = {"256x256x256_NN", "512x512x512_NN", "1024x1024x1024_NN", "2048x2048x2048_NN"};

    private DispatchEfficiency() {}

    public static void main(String[] args) throws RunnerException {
        int pairs = 3;
        List<String> shapes = new ArrayList<>();
        for (String arg : args) {
            if (arg.matches("\\d+")) pairs = Integer.parseInt(arg);
            else if (arg.matches("\\d+x\\d+x\\d+_[NT][NT]")) shapes.add(arg);
            else throw new IllegalArgumentException("expected a pair count or a shape like 2048x2048x2048_NN, got '" + arg + "'");
        }
        if (pairs < 1) throw new IllegalArgumentException("pair count must be at least 1, got " + pairs);
        if (shapes.isEmpty()) shapes.addAll(Arrays.asList(DEFAULT_SHAPES));

        StringBuilder table = new StringBuilder();
        table.append("Dispatcher over raw `cblas_sgemm` on native memory, alternating forks (")
                .append(ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")))
                .append("; ").append(MachineInfo.describe()).append(")\n\n")
                .append("| shape | raw-native µs (median) | dispatch µs (median) | raw / dispatch per pair | median |\n")
                .append("| --- | ---: | ---: | --- | ---: |\n");
        for (String shape : shapes) {
            double[] raw = new double[pairs], dispatch = new double[pairs], ratio = new double[pairs];
            for (int i = 0; i < pairs; i++) {
                raw[i] = score(shape, "raw-native");
                dispatch[i] = score(shape, "dispatch");
                ratio[i] = raw[i] / dispatch[i];
                System.err.printf("%s pair %d: raw %.1f µs, dispatch %.1f µs, %.1f%%%n", shape, i + 1, raw[i], dispatch[i], 100 * ratio[i]);
            }
            StringBuilder each = new StringBuilder();
            for (double r : ratio) each.append(each.length() == 0 ? "" : ", ").append(String.format("%.1f%%", 100 * r));
            table.append(String.format("| %s | %,.0f | %,.0f | %s | %.1f%% |%n", shape, median(raw), median(dispatch), each, 100 * median(ratio)));
        }
        System.out.println(table);
    }

    /**
     * One fork of {@code NativeGemmBench} for one shape and kernel: the median of its measured iterations, in µs per
     * call. The median, not JMH's mean, because a single iteration hit by another tenant's burst moves a 5-iteration
     * mean by several percent.
     */
    private static double score(String shape, String via) throws RunnerException {
        Options options = new OptionsBuilder()
                .include(NativeGemmBench.class.getName() + ".sgemm")
                .param("shape", shape)
                .param("via", via)
                .forks(1)
                .warmupIterations(3)
                .measurementIterations(5)
                .verbosity(VerboseMode.SILENT)
                .build();
        RunResult result = new Runner(options).runSingle();
        return result.getPrimaryResult().getStatistics().getPercentile(50);
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
