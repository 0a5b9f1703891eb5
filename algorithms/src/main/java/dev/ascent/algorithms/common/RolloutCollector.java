package dev.ascent.algorithms.common;

import dev.ascent.autograd.Autograd;
import dev.ascent.autograd.Tensor;
import dev.ascent.engine.NDArray;
import dev.ascent.engine.Rng;
import dev.ascent.engine.Workspace;
import dev.ascent.envs.vector.VectorStepResult;

/**
 * The rollout phase every on-policy algorithm shares (REINFORCE, VPG, A2C; PPO does the same): run the policy
 * for {@code numSteps} steps in every sub-environment of a {@link TrainingEnv}, storing each transition in a
 * {@link RolloutBuffer}, and keep the observations to continue from.
 *
 * <p>With a critic ({@code useCritic}), the buffer also gets V(s) of every step, a truncated (not terminated)
 * episode gets {@code γ·V(final observation)} added to its last reward ({@link RolloutBuffer#bootstrapTruncation}),
 * and {@link #lastValues()} holds V of the observations after the last step, to bootstrap the episodes the
 * rollout cut off. Without a critic (plain REINFORCE) the values stay 0: returns stop at a time limit and at
 * the end of the rollout.
 *
 * <p>Acting runs without a graph in a {@link Workspace} ({@link ActorCriticPolicy#act}); the collector's arrays
 * are allocated once.
 */
public final class RolloutCollector {
    private final TrainingEnv env;
    private final ActorCriticPolicy agent;
    private final RolloutBuffer buffer;
    private final boolean useCritic;
    private final int numEnvs, obsSize;
    private final float[] nextObs, actions, logProbs, values, lastValues, finalObs;

    /** Resets the environments (with the run's seeds) and gets ready to collect into {@code buffer}. */
    public RolloutCollector(TrainingEnv env, ActorCriticPolicy agent, RolloutBuffer buffer, boolean useCritic) {
        if (buffer.numEnvs() != env.numEnvs()) {
            throw new IllegalArgumentException("rollout buffer for " + buffer.numEnvs() + " environments, vector env has " + env.numEnvs());
        }
        this.env = env;
        this.agent = agent;
        this.buffer = buffer;
        this.useCritic = useCritic;
        this.numEnvs = env.numEnvs();
        this.obsSize = env.observationSize();
        this.nextObs = env.reset().clone();
        this.actions = new float[numEnvs * env.actionSpec().width()];
        this.logProbs = new float[numEnvs];
        this.values = useCritic ? new float[numEnvs] : null;
        this.lastValues = new float[numEnvs];
        this.finalObs = new float[obsSize];
    }

    /**
     * Clears the buffer and fills it with {@code buffer.numSteps()} steps of every environment, sampling actions
     * with {@code rng}; then computes {@link #lastValues()}. Returns the environment steps taken.
     */
    public long collect(Rng rng, double gamma) {
        buffer.clear();
        for (int step = 0; step < buffer.numSteps(); step++) {
            agent.act(nextObs, numEnvs, rng, false, actions, logProbs, values);
            VectorStepResult r = env.step(actions);
            buffer.add(nextObs, actions, logProbs, values, r.rewards(), r.terminated(), r.truncated());
            if (useCritic) {
                for (int i = 0; i < numEnvs; i++) {
                    if (r.truncated()[i] && !r.terminated()[i]) {
                        System.arraycopy(r.finalObservations(), i * obsSize, finalObs, 0, obsSize);
                        buffer.bootstrapTruncation(i, gamma, valueOf(finalObs, 1)[0]);
                    }
                }
            }
            System.arraycopy(r.observations(), 0, nextObs, 0, nextObs.length);
        }
        if (useCritic) System.arraycopy(valueOf(nextObs, numEnvs), 0, lastValues, 0, numEnvs);
        return (long) buffer.numSteps() * numEnvs;
    }

    private float[] valueOf(float[] observations, int n) {
        try (Workspace ws = Workspace.open(); var off = Autograd.noGrad()) {
            float[] v = agent.value(Tensor.of(NDArray.wrap(observations, n, obsSize))).data().data();
            float[] out = new float[n];
            System.arraycopy(v, 0, out, 0, n);
            return out;
        }
    }

    /** V of the observations after the last collected step (zeros without a critic); live array. */
    public float[] lastValues() {
        return lastValues;
    }

    /** The observations the next rollout starts from (live array). */
    public float[] nextObservations() {
        return nextObs;
    }

    /** Continues from {@code observations} (after {@link TrainingEnv#restore}). */
    public void restore(float[] observations) {
        if (observations.length != nextObs.length) {
            throw new IllegalArgumentException("expected " + nextObs.length + " observation values, got " + observations.length);
        }
        System.arraycopy(observations, 0, nextObs, 0, nextObs.length);
    }
}
