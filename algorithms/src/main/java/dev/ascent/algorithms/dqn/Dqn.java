package dev.ascent.algorithms.dqn;

import dev.ascent.algorithms.Algorithm;
import dev.ascent.algorithms.Learner;
import dev.ascent.algorithms.TrainingSetup;
import dev.ascent.algorithms.common.EnvSetup;
import dev.ascent.algorithms.common.GaussianParameterization;
import dev.ascent.algorithms.common.PolicyArchitecture;
import dev.ascent.algorithms.common.PolicyExport;
import dev.ascent.algorithms.common.QNetwork;
import dev.ascent.algorithms.common.ReplayBuffer;
import dev.ascent.algorithms.common.Seeding;
import dev.ascent.algorithms.common.TrainingEnv;
import dev.ascent.algorithms.common.UpdateMath;
import dev.ascent.autograd.Autograd;
import dev.ascent.autograd.Tensor;
import dev.ascent.engine.NDArray;
import dev.ascent.engine.Rng;
import dev.ascent.engine.Workspace;
import dev.ascent.envs.spaces.Box;
import dev.ascent.envs.spaces.Discrete;
import dev.ascent.envs.spaces.Space;
import dev.ascent.envs.vector.VectorStepResult;
import dev.ascent.io.Checkpoint;
import dev.ascent.nn.Activation;
import dev.ascent.nn.GradClipping;
import dev.ascent.nn.Losses;
import dev.ascent.optim.Adam;
import dev.ascent.optim.LinearSchedule;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deep Q-Network (Mnih et al. 2015), following CleanRL's {@code dqn.py} / {@code dqn_atari.py} with SB3's
 * {@code gradient_steps}, Huber loss and gradient clipping, and an optional Double-DQN target (van Hasselt et
 * al. 2016):
 * <pre>
 * initialise Q_θ and the target network Q_θ⁻ ← Q_θ; an empty replay buffer D of buffer_size transitions
 * for iteration = 1, 2, ...:
 *     for train_freq steps of the num_envs environments:                                   (train_freq)
 *         ε = linear schedule from exploration_initial_eps to exploration_final_eps
 *             over exploration_fraction · total_timesteps steps
 *         a = uniform random action before learning_starts or with probability ε, else argmax_a Q_θ(s, a)
 *         step; store (s, a, r, s', terminated) in D   (s' = the final observation of an ended episode)
 *         every target_update_interval steps: θ⁻ ← τ θ + (1 − τ) θ⁻          (hard copy for τ = 1)
 *     if step > learning_starts:
 *         lr = (1 − step / total_timesteps) · learning_rate                                 (anneal_lr, off by default)
 *         gradient_steps times:                                                             (gradient_steps)
 *             sample a minibatch of batch_size transitions from D
 *             y = r + γ (1 − terminated) · max_a' Q_θ⁻(s', a')
 *                 (double_q: y = r + γ (1 − terminated) · Q_θ⁻(s', argmax_a' Q_θ(s', a')))
 *             loss = Huber(Q_θ(s, a), y)
 *             step Adam on the loss with gradients clipped to max_grad_norm
 * </pre>
 * Only termination ends the bootstrap: an episode cut by a time limit still bootstraps from its final
 * observation (SB3's {@code handle_timeout_termination}). Vector observations get an MLP Q-network, image
 * observations {@code (C, H, W)} the Atari CNN ({@link QNetwork}). Box action spaces are refused.
 *
 * <p>An iteration is one collection phase of {@code train_freq} vector steps and its gradient steps (SB3's
 * {@code collect_rollouts} + {@code train}). Logged per iteration: the mean Huber loss and the mean Q(s, a) of its
 * gradient steps (empty before learning starts), ε and the learning rate.
 *
 * <p><b>Checkpoints</b> hold the Q-network, the target network, Adam's state, the learner's generator, the step
 * counters (which are also the ε-schedule's and the target-update clock's position), the environments and the
 * replay buffer: {@code buffer_size · (2·observation size + 3)} floats when full, 4.4 MB for CartPole's 100k
 * transitions (uint8 frames are kept as bytes in memory but written as floats: 225 MB per 1k transitions of 4×84×84).
 */
public final class Dqn implements Learner {

    /**
     * DQN's settings, with SB3's names (CleanRL's where they differ are noted). Defaults are CleanRL's
     * {@code dqn.py} (CartPole-v1), with SB3's Huber loss and {@code max_grad_norm}; the preset file carries
     * rl-baselines3-zoo's tuned values per environment.
     *
     * @param numEnvs parallel environments
     * @param learningRate Adam's learning rate
     * @param annealLr anneal the learning rate linearly to 0 over the run (zoo's {@code lin_2.3e-3}; SB3 sets it
     *                 from the progress at the start of each training phase)
     * @param bufferSize replay buffer capacity in transitions
     * @param learningStarts environment steps of uniformly random actions before learning starts
     * @param batchSize transitions per gradient step
     * @param tau target-network update coefficient: 1 copies (hard update), less is Polyak averaging
     * @param gamma discount factor
     * @param trainFreq vector steps between training phases (CleanRL: {@code train_frequency})
     * @param gradientSteps gradient steps per training phase; −1: as many as environment steps collected
     * @param targetUpdateInterval environment steps between target-network updates (CleanRL: {@code target_network_frequency})
     * @param explorationFraction fraction of the run over which ε decays linearly
     * @param explorationInitialEps ε at the start (CleanRL: {@code start_e})
     * @param explorationFinalEps ε after the decay (CleanRL: {@code end_e})
     * @param maxGradNorm global gradient-norm clip (SB3: 10; CleanRL has none, use a large value)
     * @param doubleQ Double DQN: the online network picks the next action, the target network values it
     * @param hiddenSizes hidden layer widths of the MLP Q-network (SB3's net_arch; CleanRL: 120, 84)
     * @param activation hidden activation
     */
    public record Settings(int numEnvs, double learningRate, boolean annealLr, int bufferSize, long learningStarts, int batchSize, double tau,
                           double gamma, int trainFreq, int gradientSteps, long targetUpdateInterval, double explorationFraction,
                           double explorationInitialEps, double explorationFinalEps, double maxGradNorm, boolean doubleQ,
                           int[] hiddenSizes, Activation activation) {
        public Settings {
            if (numEnvs < 1) throw new IllegalArgumentException("num_envs must be positive, got " + numEnvs);
            if (!(learningRate > 0)) throw new IllegalArgumentException("learning_rate must be positive, got " + learningRate);
            if (bufferSize < 1) throw new IllegalArgumentException("buffer_size must be positive, got " + bufferSize);
            if (learningStarts < 0) throw new IllegalArgumentException("learning_starts must be non-negative, got " + learningStarts);
            if (batchSize < 1) throw new IllegalArgumentException("batch_size must be positive, got " + batchSize);
            if (!(tau > 0 && tau <= 1)) throw new IllegalArgumentException("tau must be in (0, 1], got " + tau);
            if (!(gamma >= 0 && gamma <= 1)) throw new IllegalArgumentException("gamma must be in [0, 1], got " + gamma);
            if (trainFreq < 1) throw new IllegalArgumentException("train_freq must be positive, got " + trainFreq);
            if (gradientSteps < 1 && gradientSteps != -1) throw new IllegalArgumentException("gradient_steps must be positive or -1, got " + gradientSteps);
            if (targetUpdateInterval < 1) throw new IllegalArgumentException("target_update_interval must be positive, got " + targetUpdateInterval);
            if (!(explorationFraction >= 0 && explorationFraction <= 1)) throw new IllegalArgumentException("exploration_fraction must be in [0, 1], got " + explorationFraction);
            if (!(explorationInitialEps >= 0 && explorationInitialEps <= 1) || !(explorationFinalEps >= 0 && explorationFinalEps <= 1)) {
                throw new IllegalArgumentException("exploration_initial_eps and exploration_final_eps must be in [0, 1]");
            }
            if (!(maxGradNorm > 0)) throw new IllegalArgumentException("max_grad_norm must be positive, got " + maxGradNorm);
            hiddenSizes = hiddenSizes.clone();
        }

        /** CleanRL's {@code dqn.py} defaults, with SB3's {@code max_grad_norm}. */
        public static final Settings DEFAULTS = new Settings(1, 2.5e-4, false, 10_000, 10_000, 128, 1.0, 0.99, 10, 1, 500, 0.5,
                1.0, 0.05, 10.0, false, new int[] {120, 84}, Activation.RELU);

        PolicyArchitecture architecture() {
            return new PolicyArchitecture(hiddenSizes, activation, false, GaussianParameterization.LOG_STD, 0.0, false);
        }
    }

    /** The registry entry. */
    public static final Algorithm<Settings> ALGORITHM = new Algorithm<>("dqn",
            "Deep Q-Network (CleanRL's dqn.py, SB3's options): replay, target network, ε-greedy, Double DQN; Discrete actions, MLP or Atari CNN",
            Settings.DEFAULTS, Dqn::supports, Dqn::new);

    static String supports(Box observationSpace, Space actionSpace) {
        if (actionSpace instanceof Discrete) return null;
        return "DQN needs a Discrete action space (one Q-value per action), not " + actionSpace
                + "; use ppo or a2c for continuous actions";
    }

    private final Settings s;
    private final long totalTimesteps;
    private final Rng rng;
    private final TrainingEnv env;
    private final QNetwork q, target;
    private final Adam optimizer;
    private final List<Tensor> parameters, targetParameters;
    private final ReplayBuffer buffer;
    private final LinearSchedule epsilon;
    private final int numEnvs, obsSize, numActions;
    private final float[] obs, realNextObs, actions, greedy;
    private long iteration;
    private long globalStep;
    private double lossSum, qSum; // over the gradient steps of the current iteration

    public Dqn(Settings settings, TrainingSetup setup) {
        this.s = settings;
        Seeding seeding = new Seeding(setup.seed());
        this.rng = seeding.learner();
        this.env = new TrainingEnv(setup.envId(), EnvSetup.plain(s.numEnvs()), setup.seed(), setup.episodes());
        if (!env.actionSpec().discrete()) {
            env.close();
            throw new IllegalArgumentException("DQN needs a Discrete action space, " + setup.envId() + " has a Box");
        }
        this.q = new QNetwork(env.observationShape(), env.actionSpec(), s.architecture(), seeding.init());
        this.target = QNetwork.copyOf(q);
        this.parameters = q.parameters();
        this.targetParameters = target.parameters();
        this.optimizer = new Adam(parameters, Adam.Config.defaults().withLr(s.learningRate()));
        this.numEnvs = s.numEnvs();
        this.obsSize = env.observationSize();
        this.numActions = env.actionSpec().size();
        this.buffer = new ReplayBuffer(s.bufferSize(), env.observationSpace(), 1);
        this.totalTimesteps = setup.totalTimesteps();
        this.epsilon = new LinearSchedule(s.explorationInitialEps(), s.explorationFinalEps(),
                Math.max(1, (long) (s.explorationFraction() * totalTimesteps)));
        this.obs = env.reset().clone();
        this.realNextObs = new float[obs.length];
        this.actions = new float[numEnvs];
        this.greedy = new float[numEnvs];
    }

    /** The online Q-network. */
    public QNetwork qNetwork() {
        return q;
    }

    /** The target network. */
    public QNetwork targetNetwork() {
        return target;
    }

    /** The replay buffer. */
    public ReplayBuffer replayBuffer() {
        return buffer;
    }

    /** ε at the current step. */
    public double explorationRate() {
        return epsilon.value(globalStep);
    }

    @Override
    public Map<String, Double> iterate() {
        iteration++;
        long collected = 0;
        for (int t = 0; t < s.trainFreq() && globalStep < totalTimesteps; t++) {
            collectStep();
            collected += numEnvs;
        }

        lossSum = 0;
        qSum = 0;
        int steps = 0;
        double lr = learningRate();
        if (globalStep > s.learningStarts()) {
            optimizer.setLearningRate(lr);
            steps = s.gradientSteps() == -1 ? (int) collected : s.gradientSteps();
            for (int g = 0; g < steps; g++) gradientStep();
        }

        Map<String, Double> m = new LinkedHashMap<>();
        m.put("loss", steps == 0 ? Double.NaN : lossSum / steps);
        m.put("q_values", steps == 0 ? Double.NaN : qSum / steps);
        m.put("exploration_rate", explorationRate());
        m.put("learning_rate", lr);
        return m;
    }

    /** The learning rate of the coming training phase: constant, or SB3's linear schedule on the progress so far. */
    private double learningRate() {
        if (!s.annealLr()) return s.learningRate();
        return Math.max(0.0, 1.0 - globalStep / (double) totalTimesteps) * s.learningRate();
    }

    /** One ε-greedy step of every environment, stored in the replay buffer; target update on its clock. */
    private void collectStep() {
        double eps = epsilon.value(globalStep);
        boolean warmup = globalStep < s.learningStarts();
        boolean anyGreedy = false;
        for (int i = 0; i < numEnvs; i++) {
            boolean explore = warmup || rng.nextDouble() < eps;
            actions[i] = explore ? rng.nextInt(numActions) : -1;
            anyGreedy |= !explore;
        }
        if (anyGreedy) {
            q.greedy(obs, numEnvs, greedy);
            for (int i = 0; i < numEnvs; i++) if (actions[i] < 0) actions[i] = greedy[i];
        }

        VectorStepResult r = env.step(actions);
        float[] next = r.observations();
        System.arraycopy(next, 0, realNextObs, 0, next.length);
        for (int i = 0; i < numEnvs; i++) {
            if (r.done(i)) System.arraycopy(r.finalObservations(), i * obsSize, realNextObs, i * obsSize, obsSize);
        }
        for (int i = 0; i < numEnvs; i++) {
            buffer.add(obs, realNextObs, i * obsSize, actions, i, (float) r.rewards()[i], r.terminated()[i]);
        }
        System.arraycopy(next, 0, obs, 0, next.length);

        long before = globalStep;
        globalStep += numEnvs;
        // The target clock ticks in environment steps: update when a multiple of the interval was passed.
        if (globalStep / s.targetUpdateInterval() != before / s.targetUpdateInterval()) updateTarget();
    }

    /** θ⁻ ← τ θ + (1 − τ) θ⁻ (an exact copy for τ = 1). */
    private void updateTarget() {
        float tau = (float) s.tau();
        for (int k = 0; k < parameters.size(); k++) {
            NDArray dst = targetParameters.get(k).data(), src = parameters.get(k).data();
            if (s.tau() == 1.0) dst.assign(src);
            else dst.scaleInPlace(1 - tau).axpyInPlace(tau, src);
        }
    }

    /** One minibatch TD update; adds its loss and mean Q(s, a) to the iteration's sums. */
    private void gradientStep() {
        try (Workspace ws = Workspace.open()) {
            ReplayBuffer.Batch b = buffer.sample(s.batchSize(), rng);
            int n = s.batchSize();
            NDArray y = tdTarget(b);

            Tensor qTaken = q.q(Tensor.of(b.observations())).gather(1, b.actions()).reshape(n);
            Tensor loss = Losses.huber(qTaken, Tensor.of(y));

            double lossV = loss.item();
            UpdateMath.requireFinite("loss", lossV, iteration, globalStep);
            optimizer.zeroGrad();
            loss.backward();
            float gradNorm = GradClipping.clipGradNorm(parameters, s.maxGradNorm());
            UpdateMath.requireFinite("grad_norm", gradNorm, iteration, globalStep);
            optimizer.step();

            double qMean = 0;
            float[] qv = qTaken.data().data();
            for (int k = 0; k < n; k++) qMean += qv[k];
            lossSum += lossV;
            qSum += qMean / n;
        }
    }

    /** y = r + γ (1 − terminated) · Q_θ⁻(s', a*) with a* the target's (or, for Double DQN, the online net's) argmax. */
    private NDArray tdTarget(ReplayBuffer.Batch b) {
        int n = s.batchSize();
        try (var noGrad = Autograd.noGrad()) {
            float[] qNext = target.q(Tensor.of(b.nextObservations())).data().data();
            float[] qOnline = s.doubleQ() ? q.q(Tensor.of(b.nextObservations())).data().data() : qNext;
            float[] r = b.rewards().data(), d = b.terminated().data();
            float[] y = Workspace.floats(n);
            float g = (float) s.gamma();
            for (int k = 0; k < n; k++) {
                int off = k * numActions, best = 0;
                for (int j = 1; j < numActions; j++) if (qOnline[off + j] > qOnline[off + best]) best = j;
                y[k] = r[k] + g * qNext[off + best] * (1f - d[k]);
            }
            return NDArray.output(y, n);
        }
    }

    @Override
    public long globalStep() {
        return globalStep;
    }

    @Override
    public long iteration() {
        return iteration;
    }

    @Override
    public long totalTimesteps() {
        return totalTimesteps;
    }

    @Override
    public void save(Checkpoint.Builder b) {
        b.module("q_network", q);
        b.module("target_network", target);
        b.optimizer("optimizer", optimizer);
        b.rng("rng", rng);
        b.metadata("iteration", Long.toString(iteration));
        b.metadata("global_step", Long.toString(globalStep));
        buffer.save(b, "replay_buffer");
        env.save(b);
    }

    @Override
    public void restore(Checkpoint c) {
        c.restore("q_network", q);
        c.restore("target_network", target);
        c.restore("optimizer", optimizer);
        c.restoreRng("rng", rng);
        iteration = Long.parseLong(c.metadata("iteration"));
        globalStep = Long.parseLong(c.metadata("global_step"));
        buffer.restore(c, "replay_buffer");
        float[] o = env.restore(c);
        System.arraycopy(o, 0, obs, 0, obs.length);
    }

    @Override
    public PolicyExport exportPolicy() {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("algo", "dqn");
        info.put("env", env.envId());
        return PolicyExport.ofQNetwork(q, null, 0, info);
    }

    @Override
    public void close() {
        env.close();
    }
}
