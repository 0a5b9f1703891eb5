package dev.ascent.benchmarks;

import dev.ascent.envs.Env;
import dev.ascent.envs.Envs;
import dev.ascent.envs.StepResult;
import dev.ascent.envs.vector.VectorEnv;
import dev.ascent.envs.vector.VectorEnvs;
import dev.ascent.envs.vector.VectorStepResult;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Environment steps per second, single thread, for environments exactly as {@code Envs.make(id)} returns them
 * (TimeLimit, OrderEnforcing and PassiveEnvChecker around the environment, like {@code gym.make}), with a fixed
 * action pattern and a reset whenever an episode ends. Scores are steps/s ({@link #STEPS} steps per invocation).
 *
 * <p>Gymnasium 1.4 with the same wrappers does CartPole-v1 143k, Pendulum-v1 49k, Acrobot-v1 26k and
 * MountainCar-v0 70k steps/s on this machine class; the goal is 100x.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar EnvStepBench -f 1 -wi 3 -i 5 -w 1 -r 1}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EnvStepBench {

    /** Steps per benchmark invocation (amortises JMH's per-call overhead). */
    static final int STEPS = 1000;

    /** A single environment from {@code Envs.make}. */
    @State(Scope.Thread)
    public static class Single {
        @Param({"CartPole-v1", "Pendulum-v1", "Acrobot-v1", "MountainCar-v0"})
        public String envId;

        Env env;
        boolean discrete;
        int numActions;
        /** Continuous actions are preallocated so the loop measures the environment, not allocation. */
        float[][] continuousActions;
        int t;

        @Setup(Level.Trial)
        public void setUp() {
            env = Envs.make(envId);
            env.reset(0);
            discrete = env.actionSpace() instanceof dev.ascent.envs.spaces.Discrete;
            if (discrete) {
                numActions = ((dev.ascent.envs.spaces.Discrete) env.actionSpace()).n();
            } else {
                continuousActions = new float[][] {{-2f}, {-0.5f}, {0.5f}, {2f}, {1.25f}, {-1.25f}, {3f}};
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            env.close();
        }
    }

    @Benchmark
    @OperationsPerInvocation(STEPS)
    public void step(Single s, Blackhole bh) {
        Env env = s.env;
        int t = s.t;
        for (int i = 0; i < STEPS; i++, t++) {
            StepResult r = s.discrete
                    ? env.step((t >> 2) % s.numActions) // a fixed pattern: 0,0,0,0,1,1,1,1,...
                    : env.step(s.continuousActions[t % s.continuousActions.length]);
            bh.consume(r.observation()[0]);
            bh.consume(r.reward());
            if (r.terminated() || r.truncated()) {
                env.reset();
            }
        }
        s.t = t;
    }

    /** A synchronous vector of 8 environments (autoreset), to show the batched path's overhead. */
    @State(Scope.Thread)
    public static class Vector {
        @Param({"CartPole-v1"})
        public String envId;

        VectorEnv envs;
        int[] actions;

        @Setup(Level.Trial)
        public void setUp() {
            envs = VectorEnvs.make(envId, 8);
            envs.reset(0);
            actions = new int[8];
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            envs.close();
        }
    }

    /** Sub-environment steps per second through {@code SyncVectorEnv}. */
    @Benchmark
    @OperationsPerInvocation(8 * 125)
    public void vectorStep(Vector v, Blackhole bh) {
        for (int k = 0; k < 125; k++) {
            for (int i = 0; i < v.actions.length; i++) {
                v.actions[i] = ((k >> 2) + i) & 1;
            }
            VectorStepResult r = v.envs.step(v.actions);
            bh.consume(r.observations()[0]);
            bh.consume(r.rewards()[0]);
        }
    }
}
