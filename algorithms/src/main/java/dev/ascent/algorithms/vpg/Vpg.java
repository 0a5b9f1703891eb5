package dev.ascent.algorithms.vpg;

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
import dev.ascent.optim.Adam;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Vanilla Policy Gradient with a learned value function, as Spinning Up's {@code vpg} (Sutton et al. 2000;
 * GAE from Schulman et al. 2016):
 * <pre>
 * for epoch = 1 .. total_timesteps / (num_envs · num_steps):
 *     collect num_steps steps of π_θ in num_envs environments         (Spinning Up: steps_per_epoch)
 *     advantages Â_t by GAE(λ) with the current V_φ                    (gae_lambda: 0.97 as Spinning Up;
 *                                                                       0 gives the seeds' TD(0) advantage
 *                                                                       r_t + γ V(s_{t+1}) − V(s_t))
 *     value targets R_t = Â_t + V_φ(s_t) (the λ-returns)
 *     normalise Â over the batch                                        (norm_adv)
 *     one step of the policy optimizer on  −mean(Â_t · log π_θ(a_t|s_t))          (pi_lr)
 *     train_v_iters steps of the value optimizer on  mean((V_φ(s_t) − R_t)²)     (vf_lr, train_v_iters)
 * </pre>
 * Policy and value function are separate MLPs (the actor and critic of an {@link ActorCriticPolicy}) with
 * separate Adam optimizers. Episodes cut by the end of the epoch, or truncated by a time limit, bootstrap from
 * V of their last observation ({@link RolloutBuffer}). Spinning Up's value targets are the λ = 1 reward-to-go;
 * here they are the λ-returns, which equal it for λ = 1 and give the seeds' TD(0) targets for λ = 0.
 * Logged: the policy loss, the value loss before and after the value iterations, the entropy, the approximate
 * KL between the policy before and after its step, and the explained variance.
 */
public final class Vpg extends OnPolicyLearner {

    /**
     * VPG's settings: Spinning Up's defaults and names for what is VPG's own ({@code pi_lr}, {@code vf_lr},
     * {@code train_v_iters}), CleanRL's names for the rest ({@code num_steps} is Spinning Up's
     * {@code steps_per_epoch}, {@code gae_lambda} its {@code lam}).
     *
     * @param numEnvs parallel environments
     * @param numSteps steps per environment per epoch
     * @param piLr the policy optimizer's learning rate
     * @param vfLr the value optimizer's learning rate
     * @param trainVIters value-function gradient steps per epoch (full batch)
     * @param gamma discount factor
     * @param gaeLambda GAE's λ (0: TD(0) advantages)
     * @param normAdv normalise the advantages of each epoch
     * @param entCoef entropy bonus coefficient (Spinning Up: none)
     * @param normalizeObservation running observation normalisation, clipped to ±10
     * @param normalizeReward reward scaling by the running std of the discounted return, clipped to ±10
     * @param hiddenSizes hidden layer widths of the policy and value MLPs (Spinning Up: 64, 64)
     * @param activation hidden activation (Spinning Up: tanh)
     * @param gaussian Box head: log_std (Spinning Up) or softplus_sigmoid (the seeds' variant)
     * @param logStdInit initial log-std (Spinning Up: −0.5)
     * @param orthoInit CleanRL's orthogonal initialisation (Spinning Up: PyTorch's default, false)
     */
    public record Settings(int numEnvs, int numSteps, double piLr, double vfLr, int trainVIters, double gamma, double gaeLambda,
                           boolean normAdv, double entCoef, boolean normalizeObservation, boolean normalizeReward,
                           int[] hiddenSizes, Activation activation, GaussianParameterization gaussian, double logStdInit,
                           boolean orthoInit) {
        public Settings {
            if (numEnvs < 1 || numSteps < 1) throw new IllegalArgumentException("num_envs and num_steps must be positive");
            if (!(piLr > 0) || !(vfLr > 0)) throw new IllegalArgumentException("pi_lr and vf_lr must be positive");
            if (trainVIters < 0) throw new IllegalArgumentException("train_v_iters must be non-negative, got " + trainVIters);
            if (!(gamma >= 0 && gamma <= 1)) throw new IllegalArgumentException("gamma must be in [0, 1], got " + gamma);
            if (!(gaeLambda >= 0 && gaeLambda <= 1)) throw new IllegalArgumentException("gae_lambda must be in [0, 1], got " + gaeLambda);
            hiddenSizes = hiddenSizes.clone();
        }

        /** Spinning Up's {@code vpg} defaults (steps_per_epoch 4000, pi_lr 3e-4, vf_lr 1e-3, 80 value iterations, λ 0.97). */
        public static final Settings DEFAULTS = new Settings(1, 4000, 3e-4, 1e-3, 80, 0.99, 0.97, true, 0.0, false, false,
                new int[] {64, 64}, Activation.TANH, GaussianParameterization.LOG_STD, -0.5, false);

        PolicyArchitecture architecture() {
            return new PolicyArchitecture(hiddenSizes, activation, false, gaussian, logStdInit, orthoInit);
        }
    }

    /** The registry entry. */
    public static final Algorithm<Settings> ALGORITHM = new Algorithm<>("vpg",
            "Vanilla Policy Gradient (Spinning Up's vpg): GAE(λ) or TD(0) advantages, separate policy and value optimizers; Discrete and Box actions",
            Settings.DEFAULTS, Vpg::supports, Vpg::new);

    static String supports(Box observationSpace, Space actionSpace) {
        if (actionSpace instanceof Discrete) return null;
        if (actionSpace instanceof Box b && b.shape().length == 1) return null;
        return "VPG supports Discrete and 1-D Box action spaces, not " + actionSpace;
    }

    private final Settings s;
    private final Adam piOptimizer, vfOptimizer;
    private final float[] logProbsBefore;

    public Vpg(Settings settings, TrainingSetup setup) {
        super("vpg", setup, new EnvSetup(settings.numEnvs(), settings.normalizeObservation(), settings.normalizeReward(),
                settings.gamma(), 10, 10), settings.architecture(), settings.numSteps(), true);
        this.s = settings;
        List<Tensor> pi = agent.actorParameters(), vf = agent.criticParameters();
        this.piOptimizer = new Adam(pi, Adam.Config.defaults().withLr(s.piLr()));
        this.vfOptimizer = new Adam(vf, Adam.Config.defaults().withLr(s.vfLr()));
        this.logProbsBefore = new float[buffer.size()];
    }


    @Override
    public Map<String, Double> iterate() {
        iteration++;
        globalStep += rollout.collect(rng, s.gamma());
        buffer.computeReturnsAndAdvantages(rollout.lastValues(), s.gamma(), s.gaeLambda());
        int n = buffer.size();
        if (s.normAdv()) UpdateMath.normalize(buffer.advantages, n);
        Tensor obs = Tensor.of(buffer.observationBatch());
        NDArray returns = NDArray.wrap(buffer.returns, n);
        Map<String, Double> m = new LinkedHashMap<>();

        // One policy gradient step.
        try (Workspace ws = Workspace.open()) {
            ActorCriticPolicy.Evaluation e = agent.evaluate(obs, buffer.actionBatch());
            Tensor policyLoss = Tensor.of(NDArray.wrap(buffer.advantages, n)).mul(e.logProb()).mean().neg();
            Tensor entropy = e.entropy().mean();
            Tensor loss = s.entCoef() == 0 ? policyLoss : policyLoss.sub(entropy.mul((float) s.entCoef()));
            m.put("policy_loss", (double) policyLoss.item());
            m.put("value_loss", (double) e.value().sub(Tensor.of(returns)).square().mean().item());
            m.put("entropy", (double) entropy.item());
            for (Map.Entry<String, Double> q : m.entrySet()) UpdateMath.requireFinite(q.getKey(), q.getValue(), iteration, globalStep);
            System.arraycopy(e.logProb().data().data(), 0, logProbsBefore, 0, n);
            piOptimizer.zeroGrad();
            loss.backward();
            piOptimizer.step();
        }

        // train_v_iters value regression steps on the whole batch.
        double valueLoss = Double.NaN;
        for (int k = 0; k < s.trainVIters(); k++) {
            try (Workspace ws = Workspace.open()) {
                Tensor vLoss = agent.value(obs).sub(Tensor.of(returns)).square().mean();
                valueLoss = vLoss.item();
                UpdateMath.requireFinite("value_loss", valueLoss, iteration, globalStep);
                vfOptimizer.zeroGrad();
                vLoss.backward();
                vfOptimizer.step();
            }
        }
        m.put("value_loss_after", valueLoss);
        m.put("approx_kl", approxKl(obs, n));
        m.put("explained_variance", UpdateMath.explainedVariance(buffer.values, buffer.returns));
        return m;
    }

    /** Spinning Up's {@code kl = mean(logp_old − logp)} of the stored actions, after the policy step. */
    private double approxKl(Tensor obs, int n) {
        try (Workspace ws = Workspace.open(); var off = dev.ascent.autograd.Autograd.noGrad()) {
            float[] after = agent.evaluate(obs, buffer.actionBatch()).logProb().data().data();
            double kl = 0;
            for (int i = 0; i < n; i++) kl += logProbsBefore[i] - after[i];
            return kl / n;
        }
    }

    @Override
    protected void saveOptimizers(Checkpoint.Builder b) {
        b.optimizer("pi_optimizer", piOptimizer);
        b.optimizer("vf_optimizer", vfOptimizer);
    }

    @Override
    protected void restoreOptimizers(Checkpoint c) {
        c.restore("pi_optimizer", piOptimizer);
        c.restore("vf_optimizer", vfOptimizer);
    }
}
