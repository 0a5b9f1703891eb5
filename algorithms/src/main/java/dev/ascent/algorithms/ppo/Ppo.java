package dev.ascent.algorithms.ppo;

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
import dev.ascent.io.Checkpoint;
import dev.ascent.nn.Activation;
import dev.ascent.nn.GradClipping;
import dev.ascent.optim.Adam;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Proximal Policy Optimization with the clipped surrogate (Schulman et al. 2017), following CleanRL's
 * {@code ppo.py}, {@code ppo_continuous_action.py} and {@code ppo_atari.py} line by line:
 * <pre>
 * for iteration = 1 .. total_timesteps / (num_envs · num_steps):
 *     anneal the learning rate linearly to 0                               (anneal_lr)
 *     run the policy for num_steps steps in num_envs environments          (rollout)
 *     compute advantages by GAE(λ) and value targets                       (gamma, gae_lambda)
 *     for epoch = 1 .. update_epochs:
 *         for each of num_minibatches shuffled minibatches:
 *             ratio = π(a|s) / π_old(a|s)
 *             normalise the minibatch advantages                          (norm_adv)
 *             L_pg = mean(max(−A·ratio, −A·clip(ratio, 1 ± clip_coef)))
 *             L_v  = ½·mean(max((V − R)², (V_old + clip(V − V_old, ±clip_coef) − R)²))   (clip_vloss)
 *             loss = L_pg − ent_coef · entropy + vf_coef · L_v
 *             step Adam on the loss with gradients clipped to max_grad_norm
 *         stop the epochs early when approx_kl > target_kl                  (target_kl)
 * </pre>
 * Discrete actions use a Categorical head, Box actions a diagonal Gaussian with state-independent log-std,
 * image observations the Atari CNN ({@link ActorCriticPolicy}). Episode ends are handled as described in
 * {@link RolloutBuffer}: truncated episodes bootstrap from the value of their final observation.
 * Logged per update as CleanRL does: the losses and approx-KL of the last minibatch, the clip fraction over
 * all minibatches, the explained variance of the value targets.
 */
public final class Ppo extends OnPolicyLearner {

    /**
     * PPO's settings, with CleanRL's names (SB3's where CleanRL has none). Defaults are CleanRL's
     * {@code ppo.py} (CartPole); presets override them per environment.
     *
     * @param numEnvs parallel environments
     * @param numSteps steps per environment per rollout
     * @param learningRate Adam's learning rate
     * @param annealLr anneal the learning rate linearly to 0 over the run
     * @param gamma discount factor
     * @param gaeLambda GAE's λ
     * @param numMinibatches minibatches per epoch
     * @param updateEpochs epochs over each rollout
     * @param normAdv normalise advantages per minibatch
     * @param clipCoef the surrogate clipping ε (also clips the value loss)
     * @param clipVloss use the clipped value loss
     * @param entCoef entropy bonus coefficient
     * @param vfCoef value loss coefficient
     * @param maxGradNorm global gradient-norm clip
     * @param targetKl stop the epochs of an update when approx-KL exceeds it (null: never)
     * @param adamEps Adam's ε (CleanRL: 1e-5)
     * @param normalizeObservation running observation normalisation, clipped to ±clip_observation (continuous control)
     * @param normalizeReward reward scaling by the running std of the discounted return, clipped to ±clip_reward
     * @param clipObservation bound of normalised observations
     * @param clipReward bound of normalised rewards
     * @param hiddenSizes hidden layer widths of the actor and critic MLPs (SB3's net_arch)
     * @param activation hidden activation (tanh, relu)
     * @param sharedTrunk one MLP shared by actor and critic instead of two
     * @param gaussian Box head: log_std (CleanRL) or softplus_sigmoid (the seeds' variant)
     * @param logStdInit initial log-std (SB3's log_std_init)
     * @param orthoInit CleanRL's orthogonal initialisation (SB3's ortho_init)
     */
    public record Settings(int numEnvs, int numSteps, double learningRate, boolean annealLr, double gamma, double gaeLambda,
                           int numMinibatches, int updateEpochs, boolean normAdv, double clipCoef, boolean clipVloss,
                           double entCoef, double vfCoef, double maxGradNorm, Double targetKl, double adamEps,
                           boolean normalizeObservation, boolean normalizeReward, double clipObservation, double clipReward,
                           int[] hiddenSizes, Activation activation, boolean sharedTrunk, GaussianParameterization gaussian,
                           double logStdInit, boolean orthoInit) {
        public Settings {
            if (numEnvs < 1 || numSteps < 1) throw new IllegalArgumentException("num_envs and num_steps must be positive");
            if (numMinibatches < 1 || (numEnvs * numSteps) % numMinibatches != 0) {
                throw new IllegalArgumentException("num_minibatches (" + numMinibatches + ") must divide the batch size num_envs * num_steps = " + numEnvs * numSteps);
            }
            if (updateEpochs < 1) throw new IllegalArgumentException("update_epochs must be positive, got " + updateEpochs);
            if (!(learningRate > 0)) throw new IllegalArgumentException("learning_rate must be positive, got " + learningRate);
            if (!(gamma >= 0 && gamma <= 1)) throw new IllegalArgumentException("gamma must be in [0, 1], got " + gamma);
            if (!(gaeLambda >= 0 && gaeLambda <= 1)) throw new IllegalArgumentException("gae_lambda must be in [0, 1], got " + gaeLambda);
            if (!(clipCoef > 0)) throw new IllegalArgumentException("clip_coef must be positive, got " + clipCoef);
            if (!(maxGradNorm > 0)) throw new IllegalArgumentException("max_grad_norm must be positive, got " + maxGradNorm);
            hiddenSizes = hiddenSizes.clone();
        }

        /** CleanRL's {@code ppo.py} defaults. */
        public static final Settings DEFAULTS = new Settings(4, 128, 2.5e-4, true, 0.99, 0.95, 4, 4, true, 0.2, true,
                0.01, 0.5, 0.5, null, 1e-5, false, false, 10, 10, new int[] {64, 64}, Activation.TANH, false,
                GaussianParameterization.LOG_STD, 0.0, true);

        int batchSize() {
            return numEnvs * numSteps;
        }

        PolicyArchitecture architecture() {
            return new PolicyArchitecture(hiddenSizes, activation, sharedTrunk, gaussian, logStdInit, orthoInit);
        }
    }

    /** The registry entry. */
    public static final Algorithm<Settings> ALGORITHM = new Algorithm<>("ppo",
            "Proximal Policy Optimization (CleanRL's ppo.py): Discrete and Box actions, MLP or Atari CNN",
            Settings.DEFAULTS, Ppo::supports, Ppo::new);

    static String supports(Box observationSpace, dev.ascent.envs.spaces.Space actionSpace) {
        if (actionSpace instanceof Discrete) return null;
        if (actionSpace instanceof Box b && b.shape().length == 1) return null;
        return "PPO supports Discrete and 1-D Box action spaces, not " + actionSpace;
    }

    private final Settings s;
    private final Adam optimizer;
    private final List<Tensor> parameters;
    private final int minibatchSize;

    public Ppo(Settings settings, TrainingSetup setup) {
        super("ppo", setup, new EnvSetup(settings.numEnvs(), settings.normalizeObservation(), settings.normalizeReward(),
                settings.gamma(), settings.clipObservation(), settings.clipReward()), settings.architecture(), settings.numSteps(), true);
        this.s = settings;
        this.parameters = agent.parameters();
        this.optimizer = new Adam(parameters, Adam.Config.defaults().withLr(s.learningRate()).withEps(s.adamEps()));
        this.minibatchSize = s.batchSize() / s.numMinibatches();
    }


    @Override
    public Map<String, Double> iterate() {
        iteration++;
        double lr = s.learningRate();
        if (s.annealLr()) lr = (1.0 - (iteration - 1.0) / numIterations) * s.learningRate();
        optimizer.setLearningRate(lr);

        globalStep += rollout.collect(rng, s.gamma());
        buffer.computeReturnsAndAdvantages(rollout.lastValues(), s.gamma(), s.gaeLambda());

        Map<String, Double> m = optimize();
        m.put("learning_rate", lr);
        return m;
    }

    /** update_epochs passes of shuffled minibatches over the rollout. */
    private Map<String, Double> optimize() {
        NDArray bObs = buffer.observationBatch(), bActions = buffer.actionBatch();
        float[] bLogProbs = buffer.logProbs, bAdvantages = buffer.advantages, bReturns = buffer.returns, bValues = buffer.values;
        int[] mb = new int[minibatchSize];
        double clipFracSum = 0;
        int clipFracCount = 0;
        double pgLossV = 0, vLossV = 0, entropyV = 0, oldApproxKl = 0, approxKl = 0;
        float eps = (float) s.clipCoef();
        for (int epoch = 0; epoch < s.updateEpochs(); epoch++) {
            int[] inds = rng.permutation(s.batchSize());
            for (int start = 0; start < s.batchSize(); start += minibatchSize) {
                System.arraycopy(inds, start, mb, 0, minibatchSize);
                try (Workspace ws = Workspace.open()) {
                    ActorCriticPolicy.Evaluation e = agent.evaluate(Tensor.of(bObs.takeRows(mb)), bActions.takeRows(mb));
                    Tensor logratio = e.logProb().sub(Tensor.of(UpdateMath.gather(bLogProbs, mb)));
                    Tensor ratio = logratio.exp();

                    RatioDiagnostics d = RatioDiagnostics.of(logratio.data().data(), ratio.data().data(), minibatchSize, eps);
                    oldApproxKl = d.oldApproxKl();
                    approxKl = d.approxKl();
                    clipFracSum += d.clipFraction();
                    clipFracCount++;

                    NDArray mbAdvantages = UpdateMath.gather(bAdvantages, mb);
                    if (s.normAdv()) UpdateMath.normalize(mbAdvantages.data(), minibatchSize);
                    Tensor adv = Tensor.of(mbAdvantages);
                    Tensor pgLoss1 = adv.neg().mul(ratio);
                    Tensor pgLoss2 = adv.neg().mul(ratio.clamp(1 - eps, 1 + eps));
                    Tensor pgLoss = pgLoss1.maximum(pgLoss2).mean();

                    Tensor newValue = e.value();
                    Tensor returns = Tensor.of(UpdateMath.gather(bReturns, mb));
                    Tensor vLoss;
                    if (s.clipVloss()) {
                        Tensor oldValues = Tensor.of(UpdateMath.gather(bValues, mb));
                        Tensor vLossUnclipped = newValue.sub(returns).square();
                        Tensor vClipped = oldValues.add(newValue.sub(oldValues).clamp(-eps, eps));
                        Tensor vLossClipped = vClipped.sub(returns).square();
                        vLoss = vLossUnclipped.maximum(vLossClipped).mean().mul(0.5f);
                    } else {
                        vLoss = newValue.sub(returns).square().mean().mul(0.5f);
                    }
                    Tensor entropyLoss = e.entropy().mean();
                    Tensor loss = pgLoss.sub(entropyLoss.mul((float) s.entCoef())).add(vLoss.mul((float) s.vfCoef()));

                    pgLossV = pgLoss.item();
                    vLossV = vLoss.item();
                    entropyV = entropyLoss.item();
                    checkFinite("policy_loss", pgLossV);
                    checkFinite("value_loss", vLossV);
                    checkFinite("entropy", entropyV);
                    checkFinite("loss", loss.item());

                    optimizer.zeroGrad();
                    loss.backward();
                    float gradNorm = GradClipping.clipGradNorm(parameters, s.maxGradNorm());
                    checkFinite("grad_norm", gradNorm);
                    optimizer.step();
                }
            }
            if (s.targetKl() != null && approxKl > s.targetKl()) break;
        }

        Map<String, Double> m = new LinkedHashMap<>();
        m.put("policy_loss", pgLossV);
        m.put("value_loss", vLossV);
        m.put("entropy", entropyV);
        m.put("old_approx_kl", oldApproxKl);
        m.put("approx_kl", approxKl);
        m.put("clip_fraction", clipFracSum / Math.max(1, clipFracCount));
        m.put("explained_variance", UpdateMath.explainedVariance(bValues, bReturns));
        return m;
    }

    private void checkFinite(String quantity, double value) {
        UpdateMath.requireFinite(quantity, value, iteration, globalStep);
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
