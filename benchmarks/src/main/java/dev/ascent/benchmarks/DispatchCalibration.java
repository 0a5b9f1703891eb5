package dev.ascent.benchmarks;

import dev.ascent.backend.openblas.GemmDispatchTable;
import dev.ascent.backend.openblas.OpenBlasBackend;
import dev.ascent.backend.openblas.OpenBlasLibrary;
import dev.ascent.engine.Rng;
import dev.ascent.engine.backend.Backend;
import dev.ascent.engine.backend.JavaBackend;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Calibrates the OpenBLAS backend's gemm dispatcher: measures where OpenBLAS (copies included) and the pure-Java
 * kernel each win, writes the decision table the backend ships ({@code native/src/main/resources/dev/ascent/
 * backend/openblas/gemm-dispatch.txt}), and checks a table against measurements.
 *
 * <pre>
 *   measure OUT.csv [N,K grid] [M grid]   time both kernels over the grid, all four transpose pairs
 *   table   OUT.txt IN.csv...             decision table from one or more measurement passes
 *   check   IN.csv...                     how the shipped dispatcher does against measurements
 *   verify  [MxNxK_AB,...]                Java, OpenBLAS and the dispatcher timed side by side (default: the
 *                                         NativeGemmBench shapes); prints the dispatcher's time over the best
 * </pre>
 *
 * <p>Not JMH: a grid of 4000 shapes would take days under JMH's forks. Each point is the median of 7 rounds in
 * which the two kernels alternate (batches of about 1.5 ms each, after a 5 s warm-up covering every kernel path),
 * so load from other processes on a shared machine hits both sides alike and the ratio stays meaningful. Passes
 * are combined by the geometric mean of their times. The JMH suite then checks the decisions at the benchmarked
 * shapes, with error bars.
 *
 * <p>Run with the JVM flags of production ({@code benchmarks/run --calibrate} does):
 * {@code java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar dev.ascent.benchmarks.DispatchCalibration ...}
 */
public final class DispatchCalibration {
    private static final String DEFAULT_NK = "1,2,4,8,16,32,64,128,256,512";
    private static final String DEFAULT_M = "1,2,4,8,16,32,64,128,256,2048";
    private static final long BATCH_NANOS = 1_500_000;
    private static final int ROUNDS = 7;
    private static final String[] TRANSPOSES = {"NN", "TN", "NT", "TT"};

    private DispatchCalibration() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || (args.length < 2 && !args[0].equals("verify"))) {
            System.err.println("usage: DispatchCalibration measure OUT.csv [N,K grid] [M grid] | table OUT.txt IN.csv... | check IN.csv... | verify [MxNxK_AB,...]");
            System.exit(2);
        }
        switch (args[0]) {
            case "measure" -> measure(Path.of(args[1]), parse(args.length > 2 ? args[2] : DEFAULT_NK), parse(args.length > 3 ? args[3] : DEFAULT_M));
            case "table" -> table(Path.of(args[1]), Arrays.copyOfRange(args, 2, args.length));
            case "check" -> check(Arrays.copyOfRange(args, 1, args.length));
            case "verify" -> verify(args.length > 1 ? args[1].split(",") : VERIFY_SHAPES);
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }

    // ---------------------------------------------------------------- measure

    private static void measure(Path out, int[] nk, int[] ms) throws Exception {
        JavaBackend java = new JavaBackend();
        if (!java.usesVectorApi()) System.err.println("warning: the Vector API is off; the table is meant for the vector kernel");
        try (OpenBlasBackend blas = OpenBlasBackend.create(OpenBlasBackend.Mode.NATIVE_ONLY);
             PrintWriter csv = new PrintWriter(Files.newBufferedWriter(out))) {
            System.out.println("java: " + java.description() + "; native: " + blas.description());
            warmUp(java, blas);
            csv.println("m,n,k,transA,transB,java_ns,openblas_ns");
            for (int t = 0; t < 4; t++) {
                boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
                for (int m : ms) for (int n : nk) for (int k : nk) {
                    double[] ns = timeBoth(java, blas, ta, tb, m, n, k);
                    csv.printf("%d,%d,%d,%s,%s,%.0f,%.0f%n", m, n, k, ta ? "T" : "N", tb ? "T" : "N", ns[0], ns[1]);
                }
                csv.flush();
                System.out.println(TRANSPOSES[t] + " done");
            }
        }
    }

    private static int[] parse(String list) {
        return Arrays.stream(list.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    /** About 5 s over every kernel path of every backend given, so the JIT has compiled them all before timing. */
    private static void warmUp(Backend... backends) {
        int[] dims = {1, 7, 64, 200};
        long until = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < until) {
            for (int t = 0; t < 4; t++) for (int m : dims) for (int n : dims) for (int k : dims) {
                Operands o = new Operands((t & 1) != 0, (t & 2) != 0, m, n, k);
                for (Backend be : backends) o.run(be);
            }
        }
    }

    static double[] timeBoth(Backend first, Backend second, boolean ta, boolean tb, int m, int n, int k) {
        return time(new Operands(ta, tb, m, n, k), first, second);
    }

    /**
     * Nanoseconds per call of each backend: the fastest of {@value #ROUNDS} rounds in which the backends take turns
     * (a batch of about 1.5 ms each). Interference from other processes only ever adds time, so the minimum is the
     * steadiest estimate of each kernel's own cost, and alternating keeps a burst of load from favouring one side.
     */
    static double[] time(Operands o, Backend... backends) {
        int[] calls = new int[backends.length];
        for (int b = 0; b < backends.length; b++) calls[b] = callsPerBatch(backends[b], o);
        double[] best = new double[backends.length];
        Arrays.fill(best, Double.MAX_VALUE);
        for (int r = 0; r < ROUNDS; r++) {
            for (int b = 0; b < backends.length; b++) best[b] = Math.min(best[b], batch(backends[b], o, calls[b]));
        }
        return best;
    }

    private static int callsPerBatch(Backend be, Operands o) {
        long t0 = System.nanoTime();
        int calls = 0;
        while (System.nanoTime() - t0 < BATCH_NANOS / 4) {
            o.run(be);
            calls++;
        }
        return Math.max(1, calls * 4);
    }

    private static double batch(Backend be, Operands o, int calls) {
        long s = System.nanoTime();
        for (int i = 0; i < calls; i++) o.run(be);
        return (System.nanoTime() - s) / (double) calls;
    }

    /** Random operands for one shape, C overwritten (beta = 0) as the engine's ops do. */
    static final class Operands {
        final boolean ta, tb;
        final int m, n, k;
        final float[] a, b, c;

        Operands(boolean ta, boolean tb, int m, int n, int k) {
            this.ta = ta;
            this.tb = tb;
            this.m = m;
            this.n = n;
            this.k = k;
            Rng rng = new Rng(m * 31L + n * 7L + k);
            a = new float[m * k];
            b = new float[k * n];
            c = new float[m * n];
            for (int i = 0; i < a.length; i++) a[i] = rng.uniform(-1f, 1f);
            for (int i = 0; i < b.length; i++) b[i] = rng.uniform(-1f, 1f);
        }

        void run(Backend be) {
            be.sgemm(ta, tb, m, n, k, 1f, a, 0, ta ? m : k, b, 0, tb ? k : n, 0f, c, 0, n);
        }
    }

    // ---------------------------------------------------------------- combine passes

    /**
     * Per shape "m,n,k,TT": the median over passes of the Java and of the native time (with two passes, their
     * geometric mean). The median keeps one pass disturbed by a burst of load from deciding a cell.
     */
    private static Map<String, double[]> load(String... files) throws IOException {
        Map<String, List<double[]>> passes = new LinkedHashMap<>();
        for (String f : files) {
            List<String> lines = Files.readAllLines(Path.of(f));
            for (String line : lines.subList(1, lines.size())) {
                String[] c = line.split(",");
                String key = c[0] + "," + c[1] + "," + c[2] + "," + c[3] + c[4];
                passes.computeIfAbsent(key, x -> new ArrayList<>()).add(new double[] {Double.parseDouble(c[5]), Double.parseDouble(c[6])});
            }
        }
        Map<String, double[]> out = new LinkedHashMap<>();
        passes.forEach((k, v) -> out.put(k, new double[] {median(v, 0), median(v, 1)}));
        return out;
    }

    private static double median(List<double[]> v, int column) {
        double[] x = v.stream().mapToDouble(p -> p[column]).sorted().toArray();
        int h = x.length / 2;
        return x.length % 2 == 1 ? x[h] : Math.sqrt(x[h - 1] * x[h]);
    }

    private static void table(Path out, String... csvs) throws Exception {
        Map<String, double[]> data = load(csvs);
        TreeSet<Integer> mSet = new TreeSet<>(), nSet = new TreeSet<>(), kSet = new TreeSet<>();
        for (String key : data.keySet()) {
            String[] c = key.split(",");
            mSet.add(Integer.parseInt(c[0]));
            nSet.add(Integer.parseInt(c[1]));
            kSet.add(Integer.parseInt(c[2]));
        }
        int[] ms = mSet.stream().mapToInt(Integer::intValue).toArray();
        int[] ns = nSet.stream().mapToInt(Integer::intValue).toArray();
        int[] ks = kSet.stream().mapToInt(Integer::intValue).toArray();
        boolean[][][] decisions = new boolean[4][ms.length][ns.length * ks.length];
        double[][][] margin = new double[4][ms.length][ns.length * ks.length]; // |log(java / native)|
        for (int t = 0; t < 4; t++)
            for (int mi = 0; mi < ms.length; mi++)
                for (int ni = 0; ni < ns.length; ni++)
                    for (int ki = 0; ki < ks.length; ki++) {
                        double[] v = data.get(ms[mi] + "," + ns[ni] + "," + ks[ki] + "," + TRANSPOSES[t]);
                        if (v == null) throw new IllegalArgumentException("no measurement for m=" + ms[mi] + " n=" + ns[ni] + " k=" + ks[ki] + " " + TRANSPOSES[t]);
                        decisions[t][mi][ni * ks.length + ki] = v[1] <= v[0]; // native when not slower
                        margin[t][mi][ni * ks.length + ki] = Math.abs(Math.log(v[0] / v[1]));
                    }
        int smoothed = despeckle(decisions, margin, ns.length, ks.length);
        OpenBlasLibrary.ensureLoaded();
        List<String> header = new ArrayList<>(List.of(
                "Ascent gemm dispatch: 'n' = OpenBLAS (heap operands staged through native scratch), 'J' = pure-Java kernel.",
                "Generated by dev.ascent.benchmarks.DispatchCalibration from " + csvs.length + " measurement pass(es), " + LocalDate.now() + ".",
                "Machine: " + MachineInfo.describe() + ".",
                "Kernels: " + new JavaBackend().description() + " vs " + OpenBlasLibrary.version() + ", " + OpenBlasLibrary.threads() + " BLAS thread(s).",
                "Rows: transposes (NN, TN, NT, TT) and m; columns: n-major, k-minor over the n and k grids.",
                smoothed + " isolated cells decided by less than " + Math.round(100 * (SPECKLE_MARGIN - 1)) + "% took their neighbours' decision (measurement noise)."));
        Files.writeString(out, GemmDispatchTable.format(header, ms, ns, ks, decisions));
        System.out.println("wrote " + out);
    }

    /** Below this ratio between the two kernels, a lone cell that disagrees with all its neighbours is taken as noise. */
    private static final double SPECKLE_MARGIN = 1.3;

    /**
     * Passes on a shared machine disagree on some cells by more than the ratio between the kernels. A cell whose
     * decision differs from all of its (n, k) neighbours while its own margin is small is far more likely noise than
     * a real island, so it takes the neighbours' decision. Returns how many cells changed.
     */
    private static int despeckle(boolean[][][] decisions, double[][][] margin, int nCount, int kCount) {
        int changed = 0;
        for (int t = 0; t < decisions.length; t++) {
            for (int mi = 0; mi < decisions[t].length; mi++) {
                boolean[] d = decisions[t][mi], copy = d.clone();
                for (int ni = 0; ni < nCount; ni++) {
                    for (int ki = 0; ki < kCount; ki++) {
                        int at = ni * kCount + ki;
                        if (margin[t][mi][at] >= Math.log(SPECKLE_MARGIN)) continue;
                        int agree = 0, neighbours = 0;
                        int[][] steps = {{-1, 0}, {1, 0}, {0, -1}, {0, 1}};
                        for (int[] st : steps) {
                            int nn = ni + st[0], kk = ki + st[1];
                            if (nn < 0 || nn >= nCount || kk < 0 || kk >= kCount) continue;
                            neighbours++;
                            if (copy[nn * kCount + kk] == copy[at]) agree++;
                        }
                        if (neighbours >= 2 && agree == 0) {
                            d[at] = !copy[at];
                            changed++;
                        }
                    }
                }
            }
        }
        return changed;
    }

    // ---------------------------------------------------------------- verify

    /** The shapes of {@code NativeGemmBench}. */
    private static final String[] VERIFY_SHAPES = {
            "8x8x8_NN", "16x16x16_NN", "32x32x32_NN", "64x64x64_NN", "128x128x128_NN", "256x256x256_NN", "512x512x512_NN",
            "1024x1024x1024_NN", "2048x2048x2048_NN", "2048x64x4_NN", "2048x64x4_NT", "2048x64x64_NN", "2048x64x64_NT",
            "64x64x2048_TN", "64x4x2048_TN", "64x64x64_NT", "1x64x64_NT", "1x64x4_NT", "1x2x64_NT", "2048x2x64_NT",
            "1x512x3136_NT", "32x512x3136_NT"};

    private static void verify(String... shapes) throws Exception {
        JavaBackend java = new JavaBackend();
        try (OpenBlasBackend blas = OpenBlasBackend.create(OpenBlasBackend.Mode.NATIVE_ONLY);
             OpenBlasBackend dispatch = OpenBlasBackend.create(OpenBlasBackend.Mode.DISPATCH)) {
            System.out.println("java: " + java.description() + "; native: " + blas.description() + "; " + MachineInfo.describe());
            warmUp(java, blas, dispatch);
            System.out.println("| shape | Java µs | OpenBLAS µs | dispatch µs | dispatch picks | dispatch / best |");
            System.out.println("| --- | ---: | ---: | ---: | --- | ---: |");
            int outside = 0;
            for (String shape : shapes) {
                String[] f = shape.split("[x_]");
                boolean ta = f[3].charAt(0) == 'T', tb = f[3].charAt(1) == 'T';
                Operands o = new Operands(ta, tb, Integer.parseInt(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2]));
                double[] t = time(o, java, blas, dispatch);
                double ratio = t[2] / Math.min(t[0], t[1]);
                if (ratio > 1.10) outside++;
                boolean onNative = dispatch.policy().gemmOnNative(ta, tb, o.m, o.n, o.k);
                System.out.printf("| %s | %.3f | %.3f | %.3f | %s | %.2f |%n", shape, t[0] / 1e3, t[1] / 1e3, t[2] / 1e3,
                        onNative ? "OpenBLAS" : "Java", ratio);
            }
            System.out.println(outside + " of " + shapes.length + " shapes more than 10% slower than the better kernel");
        }
    }

    // ---------------------------------------------------------------- check

    private static void check(String... csvs) throws Exception {
        Map<String, double[]> data = load(csvs);
        try (OpenBlasBackend dispatch = OpenBlasBackend.create()) {
            System.out.println("policy: " + dispatch.policy());
            int misses = 0;
            double worst = 1, sumLog = 0, nativeOnlySumLog = 0;
            String worstAt = "";
            for (Map.Entry<String, double[]> e : data.entrySet()) {
                String[] c = e.getKey().split(",");
                boolean ta = c[3].charAt(0) == 'T', tb = c[3].charAt(1) == 'T';
                boolean onNative = dispatch.policy().gemmOnNative(ta, tb, Integer.parseInt(c[0]), Integer.parseInt(c[1]), Integer.parseInt(c[2]));
                double java = e.getValue()[0], nat = e.getValue()[1], best = Math.min(java, nat);
                double ratio = (onNative ? nat : java) / best;
                sumLog += Math.log(ratio);
                nativeOnlySumLog += Math.log(nat / best);
                if (ratio > 1.10) {
                    misses++;
                    System.out.printf("miss %s: picks %s, %.2fx the best (java %.0f ns, openblas %.0f ns)%n", e.getKey(),
                            onNative ? "native" : "java", ratio, java, nat);
                }
                if (ratio > worst) {
                    worst = ratio;
                    worstAt = e.getKey();
                }
            }
            System.out.printf("%d shapes; %d picks more than 10%% slower than the best; worst %.2fx at %s;"
                    + " mean slowdown vs best %.1f%% (always-native would be %.1f%%)%n", data.size(), misses, worst, worstAt,
                    100 * (Math.exp(sumLog / data.size()) - 1), 100 * (Math.exp(nativeOnlySumLog / data.size()) - 1));
        }
    }
}
