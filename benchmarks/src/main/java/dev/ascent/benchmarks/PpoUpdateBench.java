package dev.ascent.benchmarks;

import dev.ascent.autograd.Tensor;
import dev.ascent.distributions.Categorical;
import dev.ascent.engine.NDArray;
import dev.ascent.engine.Rng;
import dev.ascent.engine.Workspace;
import dev.ascent.engine.backend.Backends;
import dev.ascent.nn.GradClipping;
import dev.ascent.nn.LayerInit;
import dev.ascent.nn.Mlp;
import dev.ascent.nn.Sequential;
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
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One PPO minibatch update of CleanRL's CartPole agent, the same computation as {@code ppo_update_time} in
 * ../shared/reference/torch_bench.py (PyTorch 1.13, OpenBLAS, 1 thread: 1.00 ms at batch 64, 4.5 ms at
 * batch 2048): actor 4-64-64-2 and critic 4-64-64-1 with tanh and orthogonal init; Categorical log-prob
 * and entropy; normalised advantages; clipped surrogate + 0.5 · value loss - 0.01 · entropy; backward;
 * {@code clipGradNorm(0.5)}; Adam (lr 2.5e-4, eps 1e-5). The same minibatch every time, as in the
 * reference (so the numbers measure the update, not data movement).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class PpoUpdateBench {
    @Param({"64", "128", "2048"})
    public int batch;

    /** "workspace": each update runs in a {@link Workspace} and reuses op buffers; "heap": every op allocates. */
    @Param({"workspace", "heap"})
    public String memory;

    private Sequential actor, critic;
    private List<Tensor> params;
    private Adam adam;
    private Tensor obs, oldLogp, advantages, returns;
    private NDArray actions;

    @Setup(Level.Trial)
    public void setup() {
        Rng rng = new Rng(0);
        actor = Mlp.builder(4, 64, 64, 2).activation(dev.ascent.nn.Activation.TANH)
                .hiddenInit(LayerInit.orthogonal(Math.sqrt(2))).outputInit(LayerInit.orthogonal(0.01)).build(rng);
        critic = Mlp.builder(4, 64, 64, 1).activation(dev.ascent.nn.Activation.TANH)
                .hiddenInit(LayerInit.orthogonal(Math.sqrt(2))).outputInit(LayerInit.orthogonal(1.0)).build(rng);
        params = new ArrayList<>(actor.parameters());
        params.addAll(critic.parameters());
        adam = new Adam(params, Adam.Config.defaults().withLr(2.5e-4).withEps(1e-5));
        obs = Tensor.of(NDArray.normal(rng, 0, 1, batch, 4));
        float[] a = new float[batch];
        for (int i = 0; i < batch; i++) a[i] = rng.nextInt(2);
        actions = NDArray.wrap(a, batch);
        oldLogp = Tensor.of(NDArray.full(-0.69f, batch));
        advantages = Tensor.of(NDArray.normal(rng, 0, 1, batch));
        returns = Tensor.of(NDArray.normal(rng, 0, 1, batch));
        for (int i = 0; i < 5; i++) update();
        System.err.println("backend: " + Backends.active().description());
    }

    /** The loss of one minibatch, as CleanRL's ppo.py computes it. */
    Tensor loss() {
        Categorical dist = Categorical.fromLogits(actor.forward(obs));
        Tensor logp = dist.logProb(actions);
        Tensor entropy = dist.entropy();
        Tensor value = critic.forward(obs).reshape(-1);
        Tensor ratio = logp.sub(oldLogp).exp();
        Tensor adv = advantages.sub(advantages.mean()).div(advantages.std(1, false).add(1e-8f));
        Tensor pg = adv.neg().mul(ratio).maximum(adv.neg().mul(ratio.clamp(0.8f, 1.2f))).mean();
        Tensor valueLoss = value.sub(returns).square().mean().mul(0.5f);
        return pg.sub(entropy.mean().mul(0.01f)).add(valueLoss.mul(0.5f));
    }

    /** One update; with memory = "workspace" inside a {@link Workspace}, as a training loop runs it. */
    @Benchmark
    public float update() {
        Workspace ws = memory.equals("workspace") ? Workspace.open() : null;
        try {
            Tensor loss = loss();
            adam.zeroGrad();
            loss.backward();
            GradClipping.clipGradNorm(params, 0.5);
            adam.step();
            return loss.item();
        } finally {
            if (ws != null) ws.close();
        }
    }
}
