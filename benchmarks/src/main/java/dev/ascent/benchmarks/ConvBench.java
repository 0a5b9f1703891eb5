package dev.ascent.benchmarks;

import dev.ascent.autograd.Autograd;
import dev.ascent.autograd.GradMode;
import dev.ascent.autograd.Tensor;
import dev.ascent.backend.openblas.OpenBlasBackend;
import dev.ascent.backend.openblas.OpenBlasLibrary;
import dev.ascent.engine.NDArray;
import dev.ascent.engine.Rng;
import dev.ascent.engine.Workspace;
import dev.ascent.engine.backend.Backend;
import dev.ascent.engine.backend.Backends;
import dev.ascent.engine.backend.JavaBackend;
import dev.ascent.optim.Adam;
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

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Nature-DQN Atari CNN of the seeds at batch 32: input 32×4×84×84, conv 32 8×8/4, conv 64 4×4/2, conv 64 3×3/1
 * (ReLU after each), fc 3136→512 ReLU, fc 512→6. {@code forward} is inference under no-grad; {@code trainStep}
 * is forward, MSE loss against a fixed target, zero-grad, backward and an Adam step ({@code dev.ascent.optim.Adam},
 * lr 1e-4), the same step {@code ../shared/reference/torch_bench.py} (part c) times for PyTorch 1.13: 21.9 ms with 1
 * thread, 14.1 ms with 2. As there, the input needs no gradient, so conv1's input gradient is never computed.
 *
 * <p>{@code backend}: {@code java} (pure-Java kernels), {@code openblas} (1 BLAS thread) and {@code openblas-2t}
 * (2 BLAS threads; everything outside gemm stays single-threaded).
 *
 * <p>Run: {@code benchmarks/run ConvBench}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class ConvBench {
    @Param({"java", "openblas", "openblas-2t"})
    public String backend;

    private static final int BATCH = 32, ACTIONS = 6;

    private Backend previous;
    private OpenBlasBackend openBlas;
    private Tensor x, target;
    private Tensor w1, b1, w2, b2, w3, b3, f1, fb1, f2, fb2;
    private Adam adam;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        Backend be;
        if (backend.equals("java")) {
            be = new JavaBackend();
        } else {
            be = openBlas = OpenBlasBackend.create();
            OpenBlasLibrary.setThreads(backend.equals("openblas-2t") ? 2 : 1);
        }
        previous = Backends.setActive(be);
        System.err.println("backend: " + Backends.active().description());
        Rng rng = new Rng(0);
        // He-style scales keep activations O(1) so the ReLUs are neither all on nor all off.
        w1 = param(rng, 2f / 16, 32, 4, 8, 8);
        b1 = Tensor.param(NDArray.zeros(32));
        w2 = param(rng, 2f / 32, 64, 32, 4, 4);
        b2 = Tensor.param(NDArray.zeros(64));
        w3 = param(rng, 2f / 24, 64, 64, 3, 3);
        b3 = Tensor.param(NDArray.zeros(64));
        f1 = param(rng, 2f / 56, 512, 3136);
        fb1 = Tensor.param(NDArray.zeros(512));
        f2 = param(rng, 1f / 23, ACTIONS, 512);
        fb2 = Tensor.param(NDArray.zeros(ACTIONS));
        x = Tensor.of(NDArray.uniform(rng, 0, 1, BATCH, 4, 84, 84));
        target = Tensor.of(NDArray.normal(rng, 0, 1, BATCH, ACTIONS));
        adam = new Adam(List.of(w1, b1, w2, b2, w3, b3, f1, fb1, f2, fb2), Adam.Config.defaults().withLr(1e-4));
    }

    private static Tensor param(Rng rng, float std, int... shape) {
        return Tensor.param(NDArray.normal(rng, 0, std, shape));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        Backends.setActive(previous);
        if (openBlas != null) {
            OpenBlasLibrary.setThreads(1);
            openBlas.close();
        }
    }

    private Tensor q() {
        Tensor h = x.conv2d(w1, 4, 0).add(b1.reshape(1, 32, 1, 1)).relu();
        h = h.conv2d(w2, 2, 0).add(b2.reshape(1, 64, 1, 1)).relu();
        h = h.conv2d(w3, 1, 0).add(b3.reshape(1, 64, 1, 1)).relu();
        return h.flatten(1).linear(f1, fb1).relu().linear(f2, fb2);
    }

    /** Inference on a batch of 32 frame stacks. */
    @Benchmark
    @SuppressWarnings("try") // the scope objects are only there to be closed
    public float forward() {
        try (Workspace ws = Workspace.open(); GradMode ignored = Autograd.noGrad()) {
            return q().data().data()[0];
        }
    }

    /**
     * One optimisation step: forward, MSE, backward, Adam, inside a {@link Workspace} as {@code Dqn.gradientStep}
     * runs it (op outputs come from a per-thread pool instead of fresh zeroed arrays; PyTorch's caching allocator
     * plays the same part). The loss is read inside the scope, where its array is still valid.
     */
    @Benchmark
    @SuppressWarnings("try")
    public double trainStep() {
        try (Workspace ws = Workspace.open()) {
            Tensor loss = q().sub(target).square().mean();
            adam.zeroGrad();
            loss.backward();
            adam.step();
            return loss.item();
        }
    }
}
