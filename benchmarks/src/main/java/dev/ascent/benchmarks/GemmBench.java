package dev.ascent.benchmarks;

import dev.ascent.engine.Rng;
import dev.ascent.engine.backend.Backend;
import dev.ascent.engine.backend.JavaBackend;
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
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * sgemm C[m,n] = op(A)·op(B) on the pure-Java kernels: square sizes and the shapes of a PPO update with a
 * 4-64-64 MLP at batch 128 and 2048 (forward x·W^T, input gradients dY·W, weight gradients dY^T·X),
 * acting on 4 environments, and batch-1 inference. GFLOPS = 2mnk / time.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class GemmBench {
    /** "m,n,k,AB" with A, B = N (as is) or T (transposed). */
    @Param({"8,8,8,NN", "64,64,64,NN", "256,256,256,NN", "1024,1024,1024,NN",
            "2048,64,4,NT", "2048,64,64,NT", "2048,64,64,NN", "64,64,2048,TN", "2048,64,2,NN", "2048,2,64,NT",
            "128,64,4,NT", "128,64,64,NT", "128,64,64,NN", "64,64,128,TN", "64,4,128,TN", "128,64,2,NN", "128,2,64,NT",
            "4,64,64,NT", "1,64,64,NT"})
    public String shape;

    @Param({"vector", "scalar"})
    public String kernel;

    private Backend backend;
    private float[] a, b, c;
    private int m, n, k;
    private boolean transA, transB;

    @Setup(Level.Trial)
    public void setup() {
        String[] s = shape.split(",");
        m = Integer.parseInt(s[0]);
        n = Integer.parseInt(s[1]);
        k = Integer.parseInt(s[2]);
        transA = s[3].charAt(0) == 'T';
        transB = s[3].charAt(1) == 'T';
        backend = new JavaBackend(kernel.equals("vector"));
        Rng rng = new Rng(1);
        a = new float[m * k];
        b = new float[k * n];
        c = new float[m * n];
        for (int i = 0; i < a.length; i++) a[i] = rng.nextFloat();
        for (int i = 0; i < b.length; i++) b[i] = rng.nextFloat();
    }

    @Benchmark
    public float[] sgemm() {
        backend.sgemm(transA, transB, m, n, k, 1f, a, 0, transA ? m : k, b, 0, transB ? k : n, 0f, c, 0, n);
        return c;
    }
}
