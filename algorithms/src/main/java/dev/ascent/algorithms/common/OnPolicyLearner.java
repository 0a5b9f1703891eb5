package dev.ascent.algorithms.common;

import dev.ascent.algorithms.Learner;
import dev.ascent.algorithms.TrainingSetup;
import dev.ascent.engine.Rng;
import dev.ascent.io.Checkpoint;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the on-policy algorithms (REINFORCE, VPG, A2C, PPO) share apart from their update rule: the vector
 * environment, the actor-critic network, the rollout buffer and its collector, the learner's generator, the
 * iteration and step counters, checkpointing of all of it, and the policy export. A subclass adds its
 * optimizers ({@link #saveOptimizers}/{@link #restoreOptimizers}) and writes its algorithm in
 * {@link #iterate()}, top to bottom.
 */
public abstract class OnPolicyLearner implements Learner {
    private final String algorithm;
    protected final Rng rng;
    protected final TrainingEnv env;
    protected final ActorCriticPolicy agent;
    protected final RolloutBuffer buffer;
    protected final RolloutCollector rollout;
    protected final long totalTimesteps;
    protected final int numIterations;
    protected long iteration;
    protected long globalStep;

    /**
     * Builds the environments (sub-environment i seeded with seed + i), the network (from the run's init
     * generator) and a rollout of {@code numSteps} steps per environment; {@code useCritic} says whether the
     * rollout records values and bootstraps truncations (plain REINFORCE has no critic).
     */
    protected OnPolicyLearner(String algorithm, TrainingSetup setup, EnvSetup envSetup, PolicyArchitecture architecture,
                              int numSteps, boolean useCritic) {
        this.algorithm = algorithm;
        Seeding seeding = new Seeding(setup.seed());
        this.rng = seeding.learner();
        this.env = new TrainingEnv(setup.envId(), envSetup, setup.seed(), setup.episodes());
        try {
            this.agent = new ActorCriticPolicy(env.observationShape(), env.actionSpec(), architecture, seeding.init());
        } catch (RuntimeException e) { // e.g. the softplus_sigmoid head on an unbounded Box
            env.close();
            throw e;
        }
        this.buffer = new RolloutBuffer(numSteps, envSetup.numEnvs(), env.observationSize(), env.actionSpec().width());
        this.rollout = new RolloutCollector(env, agent, buffer, useCritic);
        this.totalTimesteps = setup.totalTimesteps();
        this.numIterations = (int) Math.max(1, totalTimesteps / ((long) envSetup.numEnvs() * numSteps));
    }

    /** The network being trained. */
    public ActorCriticPolicy agent() {
        return agent;
    }

    /** Adds the optimizers' states to a checkpoint. */
    protected abstract void saveOptimizers(Checkpoint.Builder checkpoint);

    /** Restores what {@link #saveOptimizers} wrote. */
    protected abstract void restoreOptimizers(Checkpoint checkpoint);

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
    public boolean finished() {
        return iteration >= numIterations;
    }

    @Override
    public void save(Checkpoint.Builder b) {
        b.module("agent", agent);
        saveOptimizers(b);
        b.rng("rng", rng);
        b.metadata("iteration", Long.toString(iteration));
        b.metadata("global_step", Long.toString(globalStep));
        env.save(b);
    }

    @Override
    public void restore(Checkpoint c) {
        c.restore("agent", agent);
        restoreOptimizers(c);
        c.restoreRng("rng", rng);
        iteration = Long.parseLong(c.metadata("iteration"));
        globalStep = Long.parseLong(c.metadata("global_step"));
        rollout.restore(env.restore(c));
    }

    @Override
    public PolicyExport exportPolicy() {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("algo", algorithm);
        info.put("env", env.envId());
        return PolicyExport.of(agent, env.observationStatistics(), env.observationClip(), info);
    }

    @Override
    public void close() {
        env.close();
    }
}
