package dev.ascent.algorithms.common;

import dev.ascent.autograd.Autograd;
import dev.ascent.autograd.Tensor;
import dev.ascent.distributions.Categorical;
import dev.ascent.distributions.DiagonalGaussian;
import dev.ascent.engine.NDArray;
import dev.ascent.engine.Rng;
import dev.ascent.engine.Workspace;
import dev.ascent.nn.LayerInit;
import dev.ascent.nn.Mlp;
import dev.ascent.nn.Module;
import dev.ascent.nn.Sequential;

/**
 * A policy π(a|s) with a value function V(s), for on-policy algorithms (REINFORCE with baseline, VPG, A2C,
 * PPO). Parameters (PyTorch names): an optional shared {@code trunk} (the Atari CNN for image observations,
 * or one MLP with {@link PolicyArchitecture#sharedTrunk()}), then {@code actor} (to logits or Gaussian means)
 * and {@code critic} (to one value), and {@code log_std} for Box actions. With the defaults on vector
 * observations this is exactly CleanRL's {@code Agent}: separate 64-64 tanh MLPs, orthogonal init with gains
 * √2 / 0.01 / 1.
 *
 * <p>Observations enter flat, {@code [batch, observationSize]}; image observations are reshaped to
 * {@code [batch, C, H, W]} for the CNN. Discrete actions are class indices {@code 0..n-1} stored as floats.
 */
public final class ActorCriticPolicy extends Module {
    private final int[] observationShape;
    private final int observationSize;
    private final ActionSpec action;
    private final PolicyArchitecture architecture;
    private final Sequential trunk;
    private final Sequential actor, critic;
    private final Tensor logStd;
    private final Tensor low, high;
    private float[] scratch = new float[0];

    /** What {@link #evaluate} gives for stored actions: log π(a|s), the entropy of π(·|s), and V(s). */
    public record Evaluation(Tensor logProb, Tensor entropy, Tensor value) {}

    public ActorCriticPolicy(int[] observationShape, ActionSpec action, PolicyArchitecture architecture, Rng rng) {
        this.observationShape = observationShape.clone();
        int size = 1;
        for (int d : observationShape) size *= d;
        this.observationSize = size;
        this.action = action;
        this.architecture = architecture;
        if (!action.discrete() && architecture.gaussian() == GaussianParameterization.SOFTPLUS_SIGMOID && !action.bounded()) {
            throw new IllegalArgumentException("the softplus_sigmoid Gaussian head needs finite action bounds");
        }
        LayerInit hiddenInit = architecture.orthogonalInit() ? LayerInit.orthogonal(Math.sqrt(2)) : LayerInit.pytorchDefault();
        LayerInit actorInit = architecture.orthogonalInit() ? LayerInit.orthogonal(0.01) : LayerInit.pytorchDefault();
        LayerInit criticInit = architecture.orthogonalInit() ? LayerInit.orthogonal(1.0) : LayerInit.pytorchDefault();
        int[] hidden = architecture.hidden();
        int features;
        if (NatureCnn.isImage(observationShape)) {
            trunk = registerModule("trunk", NatureCnn.create(observationShape, rng));
            features = NatureCnn.FEATURES;
            hidden = new int[0]; // CleanRL's Atari agent: linear heads straight on the CNN features
        } else if (architecture.sharedTrunk() && hidden.length > 0) {
            int[] sizes = new int[hidden.length + 1];
            sizes[0] = observationSize;
            System.arraycopy(hidden, 0, sizes, 1, hidden.length);
            trunk = registerModule("trunk", Mlp.builder(sizes).activation(architecture.activation())
                    .hiddenInit(hiddenInit).outputInit(hiddenInit).outputActivation(architecture.activation()).build(rng));
            features = hidden[hidden.length - 1];
            hidden = new int[0];
        } else {
            trunk = null;
            features = observationSize;
        }
        int out = action.size();
        actor = registerModule("actor", head(features, hidden, out, hiddenInit, actorInit, rng));
        critic = registerModule("critic", head(features, hidden, 1, hiddenInit, criticInit, rng));
        if (action.discrete()) {
            logStd = null;
            low = high = null;
        } else {
            float init = architecture.gaussian() == GaussianParameterization.LOG_STD ? (float) architecture.logStdInit() : 0f;
            logStd = registerParameter("log_std", Tensor.param(NDArray.full(init, out)));
            low = Tensor.of(NDArray.vector(action.low()));
            high = Tensor.of(NDArray.vector(action.high()));
        }
    }

    private Sequential head(int in, int[] hidden, int out, LayerInit hiddenInit, LayerInit outInit, Rng rng) {
        int[] sizes = new int[hidden.length + 2];
        sizes[0] = in;
        System.arraycopy(hidden, 0, sizes, 1, hidden.length);
        sizes[sizes.length - 1] = out;
        return Mlp.builder(sizes).activation(architecture.activation()).hiddenInit(hiddenInit).outputInit(outInit).build(rng);
    }

    public ActionSpec actionSpec() {
        return action;
    }

    public int[] observationShape() {
        return observationShape.clone();
    }

    public int observationSize() {
        return observationSize;
    }

    public PolicyArchitecture architecture() {
        return architecture;
    }

    /** The shared trunk, or null. */
    public Sequential trunk() {
        return trunk;
    }

    public Sequential actor() {
        return actor;
    }

    public Sequential critic() {
        return critic;
    }

    /** The state-independent std parameter of a Box head, or null. */
    public Tensor logStd() {
        return logStd;
    }

    /**
     * The parameters of the policy path π(a|s): the shared trunk (if any), the actor and the std parameter, in
     * {@link #parameters()} order. What a separate policy optimizer steps (REINFORCE, VPG).
     */
    public java.util.List<Tensor> actorParameters() {
        java.util.Set<Tensor> critics = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        critics.addAll(critic.parameters());
        java.util.List<Tensor> out = new java.util.ArrayList<>();
        for (Tensor p : parameters()) if (!critics.contains(p)) out.add(p);
        return out;
    }

    /** The parameters of the value head V(s) only (not a shared trunk): what a separate value optimizer steps (VPG). */
    public java.util.List<Tensor> criticParameters() {
        return critic.parameters();
    }

    private Tensor features(Tensor obs) {
        if (trunk == null) return obs;
        if (NatureCnn.isImage(observationShape)) {
            int[] s = new int[] {obs.dim(0), observationShape[0], observationShape[1], observationShape[2]};
            return trunk.forward(obs.reshape(s));
        }
        return trunk.forward(obs);
    }

    /** V(s) for a batch {@code [n, observationSize]}: shape {@code [n]}. */
    public Tensor value(Tensor obs) {
        Tensor v = critic.forward(features(obs));
        return v.reshape(v.dim(0));
    }

    /** The Gaussian of a Box head for the actor output {@code out}. */
    private DiagonalGaussian gaussian(Tensor out) {
        if (architecture.gaussian() == GaussianParameterization.LOG_STD) return DiagonalGaussian.fromLogStd(out, logStd);
        Tensor mean = low.add(high.sub(low).mul(out.sigmoid()));
        Tensor std = logStd.softplus().add(1e-4f).sqrt();
        return new DiagonalGaussian(mean, std);
    }

    /** log π(a|s), entropy and V(s) for stored actions, with the graph for the update. */
    public Evaluation evaluate(Tensor obs, NDArray actions) {
        Tensor f = features(obs);
        Tensor out = actor.forward(f);
        Tensor v = critic.forward(f);
        v = v.reshape(v.dim(0));
        if (action.discrete()) {
            Categorical pi = Categorical.fromLogits(out);
            return new Evaluation(pi.logProb(actions.reshape(actions.size())), pi.entropy(), v);
        }
        DiagonalGaussian pi = gaussian(out);
        return new Evaluation(pi.logProb(actions), pi.entropy(), v);
    }

    /**
     * Acts in a batch of {@code n} observations without recording a graph, in a {@link Workspace} so that
     * nothing is allocated per step: writes the actions ({@code n × actionSpec().width()}), their
     * log-probabilities and the values. {@code deterministic} takes the mode (argmax, or the mean) and writes
     * its log-probability. {@code logProbs} and {@code values} may be null.
     */
    public void act(float[] observations, int n, Rng rng, boolean deterministic, float[] actions, float[] logProbs, float[] values) {
        try (Workspace ws = Workspace.open(); var off = Autograd.noGrad()) {
            Tensor obs = Tensor.of(NDArray.wrap(observations, n, observationSize));
            Tensor f = features(obs);
            float[] out = actor.forward(f).data().data();
            if (values != null) {
                float[] v = critic.forward(f).data().data();
                System.arraycopy(v, 0, values, 0, n);
            }
            if (action.discrete()) sampleCategorical(out, n, rng, deterministic, actions, logProbs);
            else sampleGaussian(Tensor.of(NDArray.wrap(out, n, action.size())), n, rng, deterministic, actions, logProbs);
        }
    }

    private void sampleCategorical(float[] logits, int n, Rng rng, boolean deterministic, float[] actions, float[] logProbs) {
        int k = action.size();
        if (scratch.length < k) scratch = new float[k];
        for (int r = 0; r < n; r++) {
            int off = r * k;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) max = Math.max(max, logits[off + j]);
            double sum = 0;
            for (int j = 0; j < k; j++) {
                float e = (float) Math.exp(logits[off + j] - max);
                scratch[j] = e;
                sum += e;
            }
            int a;
            if (deterministic) {
                a = 0;
                for (int j = 1; j < k; j++) if (logits[off + j] > logits[off + a]) a = j;
            } else {
                a = rng.categorical(scratch, 0, k);
            }
            actions[r] = a;
            if (logProbs != null) logProbs[r] = (float) (logits[off + a] - max - Math.log(sum));
        }
    }

    private void sampleGaussian(Tensor out, int n, Rng rng, boolean deterministic, float[] actions, float[] logProbs) {
        DiagonalGaussian pi = gaussian(out);
        int d = action.size();
        float[] mean = pi.mean().data().data();
        float[] std = pi.stddev().data().data(); // expanded to [n, d]
        for (int i = 0; i < n * d; i++) actions[i] = deterministic ? mean[i] : (float) (mean[i] + std[i] * rng.normal());
        if (logProbs != null) {
            float[] lp = pi.logProb(NDArray.wrap(actions, n, d)).data().data();
            System.arraycopy(lp, 0, logProbs, 0, n);
        }
    }

}
