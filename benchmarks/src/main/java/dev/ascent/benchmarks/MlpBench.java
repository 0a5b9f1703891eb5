package dev.ascent.benchmarks;

import dev.ascent.autograd.Autograd;
import dev.ascent.autograd.GradMode;
import dev.ascent.autograd.Tensor;
import dev.ascent.engine.NDArray;
import dev.ascent.engine.Rng;
import dev.ascent.engine.Workspace;
import dev.ascent.engine.backend.Backends;
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
 * The 4-64-64-2 tanh MLP of CartPole policies: one-state inference under noGrad (PyTorch 1.13, 1 thread:
 * 16.5 µs, see ../shared/reference/torch_bench.py), and a forward+backward of a policy-gradient loss at
 * batch 64 and 2048 (bookkeeping cost of the autograd graph).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class MlpBench {
    @Param({"1", "64", "2048"})
    public int batch;

    /** "heap": every op allocates; "workspace": each call runs in a {@link Workspace} and reuses buffers. */
    @Param({"workspace", "heap"})
    public String memory;

    private Tensor w0, b0, w1, b1, w2, b2, x;
    private NDArray actions;

    @Setup(Level.Trial)
    public void setup() {
        Rng rng = new Rng(1);
        w0 = Tensor.param(NDArray.normal(rng, 0, 0.5f, 64, 4));
        b0 = Tensor.param(NDArray.zeros(64));
        w1 = Tensor.param(NDArray.normal(rng, 0, 0.125f, 64, 64));
        b1 = Tensor.param(NDArray.zeros(64));
        w2 = Tensor.param(NDArray.normal(rng, 0, 0.125f, 2, 64));
        b2 = Tensor.param(NDArray.zeros(2));
        x = Tensor.of(NDArray.normal(rng, 0, 1, batch, 4));
        float[] a = new float[batch];
        for (int i = 0; i < batch; i++) a[i] = rng.nextInt(2);
        actions = NDArray.wrap(a, batch, 1);
        System.err.println("backend: " + Backends.active().description());
    }

    private Tensor logits() {
        return x.linear(w0, b0).tanh().linear(w1, b1).tanh().linear(w2, b2);
    }

    private Workspace scope() {
        return memory.equals("workspace") ? Workspace.open() : null;
    }

    /** Inference, as an acting loop does it; returns the first logit so nothing escapes the workspace. */
    @Benchmark
    public float forwardNoGrad() {
        Workspace ws = scope();
        try (GradMode ignored = Autograd.noGrad()) {
            return logits().data().data()[0];
        } finally {
            if (ws != null) ws.close();
        }
    }

    /** Forward, Categorical log-prob loss, backward into the six parameters. */
    @Benchmark
    public float forwardBackward() {
        Workspace ws = scope();
        try {
            return lossAndBackward();
        } finally {
            if (ws != null) ws.close();
        }
    }

    private float lossAndBackward() {
        Tensor loss = logits().logSoftmax(1).gather(1, actions).mean().neg();
        loss.backward();
        w0.zeroGrad();
        b0.zeroGrad();
        w1.zeroGrad();
        b1.zeroGrad();
        w2.zeroGrad();
        b2.zeroGrad();
        return loss.item();
    }
}
