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
 * sgemm C[m,n] = A[m,k]·B[k,n] on the pure-Java kernels: square sizes and the RL shapes
 * (2048×4·4×64, 2048×64·64×64, 64×64·64×64 and the batch-1 layer 1×64·(64×64)^T). GFLOPS = 2mnk / time.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class GemmBench {
    /** "m,n,k,transB". */
    @Param({"8,8,8,N", "64,64,64,N", "256,256,256,N", "1024,1024,1024,N", "2048,64,4,N", "2048,64,64,N", "2048,64,64,T", "1,64,64,T"})
    public String shape;

    @Param({"vector", "scalar"})
    public String kernel;

    private Backend backend;
    private float[] a, b, c;
    private int m, n, k;
    private boolean transB;

    @Setup(Level.Trial)
    public void setup() {
        String[] s = shape.split(",");
        m = Integer.parseInt(s[0]);
        n = Integer.parseInt(s[1]);
        k = Integer.parseInt(s[2]);
        transB = s[3].equals("T");
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
        backend.sgemm(false, transB, m, n, k, 1f, a, 0, k, b, 0, transB ? k : n, 0f, c, 0, n);
        return c;
    }
}
