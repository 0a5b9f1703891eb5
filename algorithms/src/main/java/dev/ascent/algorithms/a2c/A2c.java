package dev.ascent.algorithms.a2c;

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
import dev.ascent.optim.Optimizer;
import dev.ascent.optim.RMSprop;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Advantage Actor-Critic, the synchronous variant of A3C (Mnih et al. 2016), as SB3's {@code A2C}:
 * <pre>
 * for iteration = 1 .. total_timesteps / (num_envs · num_steps):
 *     anneal the learning rate linearly to 0                                   (anneal_lr, off by default)
 *     run the policy for num_steps steps in num_envs environments              (num_steps = SB3's n_steps)
 *     n-step returns R_t = r_t + γ r_{t+1} + … + γ^{n−t} V(s_n), and advantages A_t = R_t − V(s_t)
 *         (GAE with gae_lambda = 1; a smaller λ gives GAE(λ) advantages)       (gamma, gae_lambda)
 *     optionally normalise the advantages                                      (norm_adv, off as in SB3)
 *     L_pg = −mean(A_t · log π(a_t|s_t));  L_v = mean((R_t − V(s_t))²);  L_ent = −mean(H(π(·|s_t)))
 *     loss = L_pg + ent_coef · L_ent + vf_coef · L_v
 *     one RMSprop step (α 0.99, ε 1e-5; Adam with use_rms_prop = false)
 *         on the whole rollout, gradients clipped to max_grad_norm
 * </pre>
 * Discrete actions use a Categorical head, Box actions a diagonal Gaussian with state-independent log-std;
 * image observations the Atari CNN ({@link ActorCriticPolicy}). A truncated episode bootstraps from the value
 * of its final observation ({@link RolloutBuffer}). Logged as SB3 does: the three losses, the entropy, the
 * explained variance of the value predictions, the learning rate.
 */
public final class A2c extends OnPolicyLearner {

    /**
     * A2C's settings: SB3's defaults, with CleanRL's names where CleanRL has one ({@code num_envs},
     * {@code num_steps}, {@code norm_adv}, {@code anneal_lr}) and SB3's otherwise. The default 8 environments are
     * rl-baselines3-zoo's for CartPole-v1.
     *
     * @param numEnvs parallel environments
     * @param numSteps steps per environment per update (SB3's {@code n_steps}): the n of the n-step returns
     * @param learningRate the optimizer's learning rate
     * @param annealLr anneal the learning rate linearly to 0 over the run (zoo's {@code lin_7e-4})
     * @param gamma discount factor
     * @param gaeLambda GAE's λ (1: plain n-step returns)
     * @param entCoef entropy bonus coefficient
     * @param vfCoef value loss coefficient
     * @param maxGradNorm global gradient-norm clip
     * @param useRmsProp RMSprop (PyTorch's, α 0.99) as in SB3; false: Adam
     * @param rmsPropEps the optimizer's ε (RMSprop and Adam)
     * @param normAdv normalise the advantages of each rollout (SB3's {@code normalize_advantage})
     * @param normalizeObservation running observation normalisation, clipped to ±10 (zoo's {@code normalize})
     * @param normalizeReward reward scaling by the running std of the discounted return, clipped to ±10
     * @param hiddenSizes hidden layer widths of the actor and critic MLPs (SB3's net_arch)
     * @param activation hidden activation
     * @param sharedTrunk one MLP shared by actor and critic instead of two
     * @param gaussian Box head: log_std (SB3) or softplus_sigmoid (the seeds' variant)
     * @param logStdInit initial log-std (SB3's {@code log_std_init})
     * @param orthoInit orthogonal initialisation (SB3's {@code ortho_init})
     */
    public record Settings(int numEnvs, int numSteps, double learningRate, boolean annealLr, double gamma, double gaeLambda,
                           double entCoef, double vfCoef, double maxGradNorm, boolean useRmsProp, double rmsPropEps,
                           boolean normAdv, boolean normalizeObservation, boolean normalizeReward, int[] hiddenSizes,
                           Activation activation, boolean sharedTrunk, GaussianParameterization gaussian, double logStdInit,
                           boolean orthoInit) {
        public Settings {
            if (numEnvs < 1 || numSteps < 1) throw new IllegalArgumentException("num_envs and num_steps must be positive");
            if (!(learningRate > 0)) throw new IllegalArgumentException("learning_rate must be positive, got " + learningRate);
            if (!(gamma >= 0 && gamma <= 1)) throw new IllegalArgumentException("gamma must be in [0, 1], got " + gamma);
            if (!(gaeLambda >= 0 && gaeLambda <= 1)) throw new IllegalArgumentException("gae_lambda must be in [0, 1], got " + gaeLambda);
            if (!(maxGradNorm > 0)) throw new IllegalArgumentException("max_grad_norm must be positive, got " + maxGradNorm);
            if (!(rmsPropEps > 0)) throw new IllegalArgumentException("rms_prop_eps must be positive, got " + rmsPropEps);
            hiddenSizes = hiddenSizes.clone();
        }

        /** SB3's {@code A2C} defaults with the zoo's 8 environments. */
        public static final Settings DEFAULTS = new Settings(8, 5, 7e-4, false, 0.99, 1.0, 0.0, 0.5, 0.5, true, 1e-5,
                false, false, false, new int[] {64, 64}, Activation.TANH, false, GaussianParameterization.LOG_STD, 0.0, true);

        PolicyArchitecture architecture() {
            return new PolicyArchitecture(hiddenSizes, activation, sharedTrunk, gaussian, logStdInit, orthoInit);
        }
    }

    /** The registry entry. */
    public static final Algorithm<Settings> ALGORITHM = new Algorithm<>("a2c",
            "Advantage Actor-Critic (SB3's A2C): n-step returns on vector envs, RMSprop; Discrete and Box actions, MLP or Atari CNN",
            Settings.DEFAULTS, A2c::supports, A2c::new);

    static String supports(Box observationSpace, Space actionSpace) {
        if (actionSpace instanceof Discrete) return null;
        if (actionSpace instanceof Box b && b.shape().length == 1) return null;
        return "A2C supports Discrete and 1-D Box action spaces, not " + actionSpace;
    }

    private final Settings s;
    private final Optimizer<?> optimizer;
    private final List<Tensor> parameters;

    public A2c(Settings settings, TrainingSetup setup) {
        super("a2c", setup, new EnvSetup(settings.numEnvs(), settings.normalizeObservation(), settings.normalizeReward(),
                settings.gamma(), 10, 10), settings.architecture(), settings.numSteps(), true);
        this.s = settings;
        this.parameters = agent.parameters();
        this.optimizer = s.useRmsProp()
                ? new RMSprop(parameters, RMSprop.Config.defaults().withLr(s.learningRate()).withAlpha(0.99).withEps(s.rmsPropEps()))
                : new Adam(parameters, Adam.Config.defaults().withLr(s.learningRate()).withEps(s.rmsPropEps()));
    }


    @Override
    public Map<String, Double> iterate() {
        iteration++;
        double lr = s.learningRate();
        if (s.annealLr()) lr = (1.0 - (iteration - 1.0) / numIterations) * s.learningRate();
        optimizer.setLearningRate(lr);

        globalStep += rollout.collect(rng, s.gamma());
        buffer.computeReturnsAndAdvantages(rollout.lastValues(), s.gamma(), s.gaeLambda());
        if (s.normAdv()) UpdateMath.normalize(buffer.advantages, buffer.size());

        Map<String, Double> m = new LinkedHashMap<>();
        try (Workspace ws = Workspace.open()) {
            int n = buffer.size();
            ActorCriticPolicy.Evaluation e = agent.evaluate(Tensor.of(buffer.observationBatch()), buffer.actionBatch());
            Tensor advantages = Tensor.of(NDArray.wrap(buffer.advantages, n));
            Tensor returns = Tensor.of(NDArray.wrap(buffer.returns, n));

            Tensor policyLoss = advantages.mul(e.logProb()).mean().neg();
            Tensor valueLoss = returns.sub(e.value()).square().mean();
            Tensor entropy = e.entropy().mean();
            Tensor loss = policyLoss.sub(entropy.mul((float) s.entCoef())).add(valueLoss.mul((float) s.vfCoef()));

            m.put("policy_loss", (double) policyLoss.item());
            m.put("value_loss", (double) valueLoss.item());
            m.put("entropy", (double) entropy.item());
            for (Map.Entry<String, Double> q : m.entrySet()) UpdateMath.requireFinite(q.getKey(), q.getValue(), iteration, globalStep);
            UpdateMath.requireFinite("loss", loss.item(), iteration, globalStep);

            optimizer.zeroGrad();
            loss.backward();
            float gradNorm = GradClipping.clipGradNorm(parameters, s.maxGradNorm());
            UpdateMath.requireFinite("grad_norm", gradNorm, iteration, globalStep);
            optimizer.step();
        }
        m.put("explained_variance", UpdateMath.explainedVariance(buffer.values, buffer.returns));
        m.put("learning_rate", lr);
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
