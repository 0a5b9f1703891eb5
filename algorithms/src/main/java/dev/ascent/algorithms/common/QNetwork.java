package dev.ascent.algorithms.common;

import dev.ascent.autograd.Autograd;
import dev.ascent.autograd.Tensor;
import dev.ascent.engine.NDArray;
import dev.ascent.engine.Rng;
import dev.ascent.engine.Workspace;
import dev.ascent.nn.Linear;
import dev.ascent.nn.Mlp;
import dev.ascent.nn.Module;
import dev.ascent.nn.Sequential;

/**
 * Q(s, ·) for a Discrete action space, for DQN and its relatives: one {@link Sequential} {@code net} mapping
 * flat observations to one value per action. Vector observations get an MLP (CleanRL's {@code dqn.py}:
 * 120-84 ReLU, PyTorch's default init); image observations the {@link NatureCnn} followed by a linear layer
 * to the actions (CleanRL's {@code dqn_atari.py}). {@link #deepCopy()} gives the target network.
 */
public final class QNetwork extends Module {
    private final int[] observationShape;
    private final int observationSize;
    private final ActionSpec action;
    private final Sequential net;

    public QNetwork(int[] observationShape, ActionSpec action, PolicyArchitecture architecture, Rng rng) {
        if (!action.discrete()) throw new IllegalArgumentException("a Q-network needs a Discrete action space");
        this.observationShape = observationShape.clone();
        int size = 1;
        for (int d : observationShape) size *= d;
        this.observationSize = size;
        this.action = action;
        if (NatureCnn.isImage(observationShape)) {
            Sequential cnn = NatureCnn.create(observationShape, rng);
            Sequential s = new Sequential();
            for (Module m : cnn.namedChildren().values()) s.append(m);
            s.append(new Linear(NatureCnn.FEATURES, action.size(), rng));
            net = registerModule("net", s);
        } else {
            int[] hidden = architecture.hidden();
            int[] sizes = new int[hidden.length + 2];
            sizes[0] = size;
            System.arraycopy(hidden, 0, sizes, 1, hidden.length);
            sizes[sizes.length - 1] = action.size();
            net = registerModule("net", Mlp.builder(sizes).activation(architecture.activation()).build(rng));
        }
    }

    public Sequential net() {
        return net;
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

    /** Q-values {@code [n, actions]} for flat observations {@code [n, observationSize]}. */
    public Tensor q(Tensor obs) {
        if (NatureCnn.isImage(observationShape)) {
            obs = obs.reshape(obs.dim(0), observationShape[0], observationShape[1], observationShape[2]);
        }
        return net.forward(obs);
    }

    /** Greedy actions (argmax, first on ties) for {@code n} flat observations, without a graph or allocation. */
    public void greedy(float[] observations, int n, float[] actions) {
        try (Workspace ws = Workspace.open(); var off = Autograd.noGrad()) {
            float[] q = q(Tensor.of(NDArray.wrap(observations, n, observationSize))).data().data();
            int k = action.size();
            for (int r = 0; r < n; r++) {
                int best = 0;
                for (int j = 1; j < k; j++) if (q[r * k + j] > q[r * k + best]) best = j;
                actions[r] = best;
            }
        }
    }
}
