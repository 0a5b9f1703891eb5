package dev.ascent.algorithms.reinforce;

import dev.ascent.algorithms.Algorithm;
import dev.ascent.algorithms.TrainingSetup;
import dev.ascent.algorithms.common.ActorCriticPolicy;
import dev.ascent.algorithms.common.OnPolicyLearner;
import dev.ascent.algorithms.common.EnvSetup;
import dev.ascent.algorithms.common.GaussianParameterization;
import dev.ascent.algorithms.common.PolicyArchitecture;
import dev.ascent.algorithms.common.RolloutBuffer;
import dev.ascent.algorithms.common.UpdateMath;
import dev.ascent.autograd.Tensor;
import dev.ascent.engine.NDArray;
import dev.ascent.engine.Workspace;
import dev.ascent.envs.spaces.Box;
import dev.ascent.envs.spaces.Discrete;
import dev.ascent.envs.spaces.Space;
import dev.ascent.io.Checkpoint;
import dev.ascent.nn.Activation;
import dev.ascent.nn.GradClipping;
import dev.ascent.optim.Adam;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * REINFORCE, the Monte-Carlo policy gradient of Williams (1992), with reward-to-go:
 * <pre>
 * for iteration = 1 .. total_timesteps / (num_envs · num_steps):
 *     run π_θ for num_steps steps in num_envs environments
 *     G_t = r_t + γ r_{t+1} + γ² r_{t+2} + …   to the end of the episode       (reward-to-go, gamma)
 *     optionally normalise G over the batch                                    (normalize_returns)
 *     loss = −mean(G_t · log π_θ(a_t|s_t)) − ent_coef · mean(H(π_θ(·|s_t)))
 *     one Adam step on the loss (gradients clipped to max_grad_norm if set)
 * </pre>
 * There is no critic: nothing is bootstrapped. An episode that a time limit truncates ends there, and the
 * episodes still running when the rollout ends have their returns cut at that point (their remaining rewards
 * are not yet known), so {@code num_steps} should span several episodes. The returns are the GAE recursion of
 * {@link RolloutBuffer} with V ≡ 0 and λ = 1.
 *
 * <p>Discrete actions use a Categorical head; Box actions by default the seeds' Normal policy (mean
 * {@code low + (high − low)·sigmoid(x)}, {@code σ = √(softplus(s) + 1e-4)}, {@link GaussianParameterization#SOFTPLUS_SIGMOID}).
 * The policy network is the actor of an {@link ActorCriticPolicy}; its critic head is never trained or used.
 * Logged: the policy loss, the entropy, the mean undiscounted return-to-go of the batch (before normalisation).
 */
public final class Reinforce extends OnPolicyLearner {

    /**
     * REINFORCE's settings (CleanRL's names for the shared ones).
     *
     * @param numEnvs parallel environments
     * @param numSteps steps per environment per update
     * @param learningRate Adam's learning rate
     * @param gamma discount factor of the reward-to-go
     * @param normalizeReturns normalise the returns of each batch to mean 0, std 1 (a baseline and a scale)
     * @param entCoef entropy bonus coefficient
     * @param maxGradNorm global gradient-norm clip, or null for none
     * @param normalizeObservation running observation normalisation, clipped to ±10
     * @param hiddenSizes hidden layer widths of the policy MLP
     * @param activation hidden activation
     * @param gaussian Box head: softplus_sigmoid (the seeds') or log_std (CleanRL's)
     * @param logStdInit initial log-std of the log_std head
     * @param orthoInit CleanRL's orthogonal initialisation; false keeps PyTorch's default
     */
    public record Settings(int numEnvs, int numSteps, double learningRate, double gamma, boolean normalizeReturns, double entCoef,
                           Double maxGradNorm, boolean normalizeObservation, int[] hiddenSizes, Activation activation,
                           GaussianParameterization gaussian, double logStdInit, boolean orthoInit) {
        public Settings {
            if (numEnvs < 1 || numSteps < 1) throw new IllegalArgumentException("num_envs and num_steps must be positive");
            if (!(learningRate > 0)) throw new IllegalArgumentException("learning_rate must be positive, got " + learningRate);
            if (!(gamma >= 0 && gamma <= 1)) throw new IllegalArgumentException("gamma must be in [0, 1], got " + gamma);
            if (maxGradNorm != null && !(maxGradNorm > 0)) throw new IllegalArgumentException("max_grad_norm must be positive or none, got " + maxGradNorm);
            hiddenSizes = hiddenSizes.clone();
        }

        /** Defaults: one environment, 2048-step batches, Adam 1e-3, normalised returns, the seeds' Normal policy. */
        public static final Settings DEFAULTS = new Settings(1, 2048, 1e-3, 0.99, true, 0.0, null, false,
                new int[] {64, 64}, Activation.TANH, GaussianParameterization.SOFTPLUS_SIGMOID, 0.0, true);

        PolicyArchitecture architecture() {
            return new PolicyArchitecture(hiddenSizes, activation, false, gaussian, logStdInit, orthoInit);
        }
    }

    /** The registry entry. */
    public static final Algorithm<Settings> ALGORITHM = new Algorithm<>("reinforce",
            "REINFORCE (Williams 1992): Monte-Carlo reward-to-go policy gradient; Discrete and bounded Box actions",
            Settings.DEFAULTS, Reinforce::supports, Reinforce::new);

    static String supports(Box observationSpace, Space actionSpace) {
        if (actionSpace instanceof Discrete) return null;
        if (actionSpace instanceof Box b && b.shape().length == 1) return null;
        return "REINFORCE supports Discrete and 1-D Box action spaces, not " + actionSpace;
    }

    private final Settings s;
    private final Adam optimizer;
    private final List<Tensor> parameters;

    public Reinforce(Settings settings, TrainingSetup setup) {
        super("reinforce", setup, new EnvSetup(settings.numEnvs(), settings.normalizeObservation(), false, settings.gamma(), 10, 10),
                settings.architecture(), settings.numSteps(), false);
        this.s = settings;
        this.parameters = agent.actorParameters();
        this.optimizer = new Adam(parameters, Adam.Config.defaults().withLr(s.learningRate()));
    }

    /** The policy network (its critic head is unused). */
    public ActorCriticPolicy policy() {
        return agent;
    }

    @Override
    public Map<String, Double> iterate() {
        iteration++;
        globalStep += rollout.collect(rng, s.gamma());
        // With V ≡ 0 and λ = 1 the GAE recursion is the discounted reward-to-go: buffer.returns = G_t.
        buffer.computeReturnsAndAdvantages(rollout.lastValues(), s.gamma(), 1.0);
        int n = buffer.size();
        float[] returns = buffer.returns;
        double meanReturn = 0;
        for (int i = 0; i < n; i++) meanReturn += returns[i];
        meanReturn /= n;
        if (s.normalizeReturns()) UpdateMath.normalize(returns, n);

        Map<String, Double> m = new LinkedHashMap<>();
        try (Workspace ws = Workspace.open()) {
            ActorCriticPolicy.Evaluation e = agent.evaluate(Tensor.of(buffer.observationBatch()), buffer.actionBatch());
            Tensor g = Tensor.of(NDArray.wrap(returns, n));
            Tensor policyLoss = g.mul(e.logProb()).mean().neg();
            Tensor entropy = e.entropy().mean();
            Tensor loss = s.entCoef() == 0 ? policyLoss : policyLoss.sub(entropy.mul((float) s.entCoef()));

            m.put("policy_loss", (double) policyLoss.item());
            m.put("entropy", (double) entropy.item());
            UpdateMath.requireFinite("policy_loss", m.get("policy_loss"), iteration, globalStep);
            UpdateMath.requireFinite("entropy", m.get("entropy"), iteration, globalStep);

            optimizer.zeroGrad();
            loss.backward();
            if (s.maxGradNorm() != null) {
                float gradNorm = GradClipping.clipGradNorm(parameters, s.maxGradNorm());
                UpdateMath.requireFinite("grad_norm", gradNorm, iteration, globalStep);
            }
            optimizer.step();
        }
        m.put("mean_return_to_go", meanReturn);
        m.put("learning_rate", s.learningRate());
        return m;
    }

    @Override
    protected void saveOptimizers(Checkpoint.Builder b) {
        b.optimizer("optimizer", optimizer);
    }

    @Override
    protected void restoreOptimizers(Checkpoint c) {
        c.restore("optimizer", optimizer);
    }
}
