package dev.ascent.benchmarks;

import dev.ascent.backend.openblas.OpenBlasBackend;
import dev.ascent.backend.openblas.OpenBlasLibrary;
import dev.ascent.engine.Rng;
import dev.ascent.engine.backend.Backend;
import dev.ascent.engine.backend.JavaBackend;
import org.bytedeco.javacpp.FloatPointer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;

/**
 * sgemm {@code C[m,n] = op(A)·op(B)} (beta = 0, as the engine's ops call it) through every path Ascent has:
 * <ul>
 *   <li>{@code java-vector}, {@code java-scalar}: the pure-Java backend's two kernels;</li>
 *   <li>{@code openblas}: the OpenBLAS backend with every call forced native, heap operands staged through
 *       pooled native scratch (copies included);</li>
 *   <li>{@code jni-arrays}: JavaCPP's {@code float[]} overload of {@code cblas_sgemm} (JNI copies every array
 *       in and out), the alternative the staging replaces;</li>
 *   <li>{@code raw-native}: {@code cblas_sgemm} on operands already in native memory: the ceiling;</li>
 *   <li>{@code dispatch}: the OpenBLAS backend as shipped (per-shape choice between Java and OpenBLAS).</li>
 * </ul>
 * Shapes are {@code MxNxK_AB} with A, B = N (as is) or T (transposed): squares 8…2048 and the RL shapes (first layer 2048×4·(64×4)^T, hidden
 * 2048×64·(64×64)^T, its gradients, the 2-action head's input gradient with k = 2, the same at a batch of 128,
 * 64×64·64×64, acting on 4 environments 4×64·(64×64)^T, batch-1 inference 1×64·(64×64)^T and the skinny heads).
 * GFLOPS = 2mnk / time. BLAS threads: {@code -Dascent.blas.threads} (default 1).
 *
 * <p>Run: {@code benchmarks/run NativeGemmBench} (all) or e.g.
 * {@code benchmarks/run NativeGemmBench -p via=dispatch,raw-native -p shape=256x256x256_NN}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class NativeGemmBench {
    @Param({
            "8x8x8_NN", "16x16x16_NN", "32x32x32_NN", "64x64x64_NN", "128x128x128_NN", "256x256x256_NN", "512x512x512_NN", "1024x1024x1024_NN", "2048x2048x2048_NN",
            "2048x64x4_NN", "2048x64x4_NT", "2048x64x64_NN", "2048x64x64_NT", "64x64x2048_TN", "64x4x2048_TN",
            "2048x64x2_NN", "128x64x64_NT", "128x64x64_NN", "64x64x128_TN", "128x2x64_NT",
            "64x64x64_NT", "4x64x64_NT", "1x64x64_NT", "1x64x4_NT", "1x2x64_NT", "2048x2x64_NT", "1x512x3136_NT", "32x512x3136_NT"})
    public String shape;

    /** Named so that JMH, which orders parameters by name, runs all kernels of one shape back to back. */
    @Param({"java-vector", "java-scalar", "openblas", "jni-arrays", "raw-native", "dispatch"})
    public String via;

    private int m, n, k, lda, ldb;
    private boolean transA, transB;
    private float[] a, b, c;
    private Backend backend;
    private OpenBlasBackend openBlas;
    private FloatPointer pa, pb, pc;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        String[] s = shape.split("[x_]");
        m = Integer.parseInt(s[0]);
        n = Integer.parseInt(s[1]);
        k = Integer.parseInt(s[2]);
        transA = s[3].charAt(0) == 'T';
        transB = s[3].charAt(1) == 'T';
        lda = transA ? m : k;
        ldb = transB ? k : n;
        Rng rng = new Rng(1);
        a = new float[m * k];
        b = new float[k * n];
        c = new float[m * n];
        for (int i = 0; i < a.length; i++) a[i] = rng.uniform(-1f, 1f);
        for (int i = 0; i < b.length; i++) b[i] = rng.uniform(-1f, 1f);
        switch (via) {
            case "java-vector" -> backend = new JavaBackend(true);
            case "java-scalar" -> backend = new JavaBackend(false);
            case "openblas" -> backend = openBlas = OpenBlasBackend.create(OpenBlasBackend.Mode.NATIVE_ONLY);
            case "dispatch" -> backend = openBlas = OpenBlasBackend.create(OpenBlasBackend.Mode.DISPATCH);
            case "jni-arrays" -> OpenBlasLibrary.ensureLoaded();
            case "raw-native" -> {
                OpenBlasLibrary.ensureLoaded();
                pa = new FloatPointer(a);
                pb = new FloatPointer(b);
                pc = new FloatPointer(c);
            }
            default -> throw new IllegalArgumentException("unknown kernel " + via);
        }
        if (via.equals("java-vector") && !((JavaBackend) backend).usesVectorApi()) {
            throw new IllegalStateException("the Vector API is not available: run with --add-modules jdk.incubator.vector");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (openBlas != null) openBlas.close();
        if (pa != null) {
            pa.close();
            pb.close();
            pc.close();
        }
    }

    @Benchmark
    public float[] sgemm() {
        switch (via) {
            case "jni-arrays" -> cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                    m, n, k, 1f, a, lda, b, ldb, 0f, c, n);
            case "raw-native" -> cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                    m, n, k, 1f, pa, lda, pb, ldb, 0f, pc, n);
            default -> backend.sgemm(transA, transB, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n);
        }
        return c;
    }
}
