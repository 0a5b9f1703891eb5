package dev.ascent.envs.vector;

import dev.ascent.envs.Env;
import dev.ascent.envs.ResetResult;
import dev.ascent.envs.StepResult;
import dev.ascent.envs.render.RgbFrame;
import dev.ascent.envs.spaces.Box;
import dev.ascent.envs.spaces.Discrete;
import dev.ascent.envs.spaces.Space;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The batching and autoreset logic shared by {@link SyncVectorEnv} and {@link AsyncVectorEnv}
 * ({@code gymnasium/vector/sync_vector_env.py} {@code step}/{@code reset}); subclasses only decide which thread
 * runs which sub-environment ({@link #forEachEnv}). Every sub-environment writes only its own rows of the batch
 * buffers, so the result is independent of the threading.
 */
abstract class AbstractVectorEnv implements VectorEnv {

    private static final Map<String, Object> EMPTY = Map.of();

    /** A per-sub-environment task run by {@link #forEachEnv}. */
    @FunctionalInterface
    interface EnvTask {
        void run(int index);
    }

    private final Env[] envs;
    private final int numEnvs;
    private final Box singleObservationSpace;
    private final Space singleActionSpace;
    private final int observationSize;
    private final int actionSize;
    private final AutoresetMode autoresetMode;

    private final float[] observations;
    private final double[] rewards;
    private final boolean[] terminated;
    private final boolean[] truncated;
    private final Map<String, Object>[] infos;
    private final float[] finalObservations;
    private final boolean[] hasFinalObservation;
    private final Map<String, Object>[] finalInfos;
    private final boolean[] autoresetPending;
    private final VectorStepResult stepResult;
    private final VectorResetResult resetResult;
    /** Per-environment copies of the continuous action rows, reused every step. */
    private final float[][] actionRows;

    // The pending call, read by the tasks (written before forEachEnv, which publishes them).
    private int[] pendingDiscrete;
    private float[] pendingContinuous;
    private Long[] pendingSeeds;
    private boolean[] pendingMask;
    private final EnvTask stepDiscreteTask = this::stepDiscrete;
    private final EnvTask stepContinuousTask = this::stepContinuous;
    private final EnvTask resetTask = this::resetOne;
    private boolean closed;

    AbstractVectorEnv(List<? extends Supplier<? extends Env>> envFns, AutoresetMode autoresetMode) {
        Objects.requireNonNull(autoresetMode, "autoresetMode");
        if (envFns.isEmpty()) {
            throw new IllegalArgumentException("a vector environment needs at least one sub-environment");
        }
        this.numEnvs = envFns.size();
        this.envs = new Env[numEnvs];
        for (int i = 0; i < numEnvs; i++) {
            envs[i] = Objects.requireNonNull(envFns.get(i).get(), "environment factory " + i + " returned null");
        }
        this.singleObservationSpace = envs[0].observationSpace();
        this.singleActionSpace = envs[0].actionSpace();
        for (int i = 1; i < numEnvs; i++) {
            if (!envs[i].observationSpace().equals(singleObservationSpace)) {
                throw new IllegalArgumentException("sub-environment " + i + " has observation space "
                        + envs[i].observationSpace() + ", expected " + singleObservationSpace);
            }
            if (!envs[i].actionSpace().equals(singleActionSpace)) {
                throw new IllegalArgumentException("sub-environment " + i + " has action space "
                        + envs[i].actionSpace() + ", expected " + singleActionSpace);
            }
        }
        this.autoresetMode = autoresetMode;
        this.observationSize = singleObservationSpace.size();
        this.actionSize = singleActionSpace instanceof Box b ? b.size() : 1;
        this.observations = new float[numEnvs * observationSize];
        this.rewards = new double[numEnvs];
        this.terminated = new boolean[numEnvs];
        this.truncated = new boolean[numEnvs];
        this.infos = VectorStepResult.emptyInfos(numEnvs);
        this.finalObservations = new float[numEnvs * observationSize];
        this.hasFinalObservation = new boolean[numEnvs];
        this.finalInfos = VectorStepResult.emptyInfos(numEnvs);
        this.autoresetPending = new boolean[numEnvs];
        this.actionRows = new float[numEnvs][];
        if (singleActionSpace instanceof Box) {
            for (int i = 0; i < numEnvs; i++) {
                actionRows[i] = new float[actionSize];
            }
        }
        this.stepResult = new VectorStepResult(singleObservationSpace.shape(), observations, rewards, terminated,
                truncated, infos, finalObservations, hasFinalObservation, finalInfos);
        this.resetResult = new VectorResetResult(observations, stepResult.infos());
    }

    /**
     * Runs {@code task} once for every index in {@code [0, numEnvs)} and returns when all have finished; any
     * exception is rethrown on the calling thread.
     */
    abstract void forEachEnv(EnvTask task);

    @Override
    public final int numEnvs() {
        return numEnvs;
    }

    @Override
    public final Box singleObservationSpace() {
        return singleObservationSpace;
    }

    @Override
    public final Space singleActionSpace() {
        return singleActionSpace;
    }

    @Override
    public final AutoresetMode autoresetMode() {
        return autoresetMode;
    }

    @Override
    public final Env env(int index) {
        return envs[index];
    }

    @Override
    public final VectorResetResult reset(Long[] seeds, boolean[] mask) {
        ensureOpen();
        ensureIdle();
        if (seeds != null && seeds.length != numEnvs) {
            throw new IllegalArgumentException("If seeds are passed as a list the length must match num_envs="
                    + numEnvs + " but got length=" + seeds.length + ".");
        }
        if (mask != null) {
            if (mask.length != numEnvs) {
                throw new IllegalArgumentException("reset mask must have length " + numEnvs + ", got " + mask.length);
            }
            boolean any = false;
            for (boolean m : mask) {
                any |= m;
            }
            if (!any) {
                throw new IllegalArgumentException("reset mask must contain at least one true value");
            }
        }
        pendingSeeds = seeds;
        pendingMask = mask;
        try {
            forEachEnv(resetTask);
        } finally {
            pendingSeeds = null;
            pendingMask = null;
        }
        return resetResult;
    }

    private void resetOne(int i) {
        if (pendingMask != null && !pendingMask[i]) {
            return;
        }
        Long seed = pendingSeeds == null ? null : pendingSeeds[i];
        ResetResult r = envs[i].reset(seed, null);
        writeObservation(observations, i, r.observation());
        infos[i] = r.info();
        terminated[i] = false;
        truncated[i] = false;
        rewards[i] = 0.0;
        autoresetPending[i] = false;
        hasFinalObservation[i] = false;
        finalInfos[i] = EMPTY;
    }

    @Override
    public final VectorStepResult step(int[] actions) {
        EnvTask task = beginStep(actions);
        try {
            forEachEnv(task);
        } finally {
            endStep();
        }
        return stepResult;
    }

    @Override
    public final VectorStepResult step(float[] actions) {
        EnvTask task = beginStep(actions);
        try {
            forEachEnv(task);
        } finally {
            endStep();
        }
        return stepResult;
    }

    /** Validates discrete actions and records them for the step task, which it returns. */
    final EnvTask beginStep(int[] actions) {
        ensureOpen();
        ensureIdle();
        if (!(singleActionSpace instanceof Discrete discrete)) {
            throw new IllegalArgumentException("the action space " + singleActionSpace
                    + " is continuous: call step(float[]) with " + numEnvs + " x " + actionSize + " values");
        }
        if (actions.length != numEnvs) {
            throw new IllegalArgumentException("expected " + numEnvs + " actions, got " + actions.length);
        }
        for (int i = 0; i < numEnvs; i++) {
            if (!discrete.contains(actions[i])) {
                throw new IllegalArgumentException("action " + actions[i] + " of sub-environment " + i + " is not in "
                        + discrete + ": expected an integer in [" + discrete.start() + ", "
                        + ((long) discrete.start() + discrete.n()) + ")");
            }
        }
        requireResetIfDisabled();
        pendingDiscrete = actions;
        return stepDiscreteTask;
    }

    /** Validates continuous actions and records them for the step task, which it returns. */
    final EnvTask beginStep(float[] actions) {
        ensureOpen();
        ensureIdle();
        if (!(singleActionSpace instanceof Box)) {
            throw new IllegalArgumentException("the action space " + singleActionSpace
                    + " is discrete: call step(int[]) with " + numEnvs + " actions");
        }
        if (actions.length != numEnvs * actionSize) {
            throw new IllegalArgumentException("expected " + numEnvs + " x " + actionSize + " = " + numEnvs * actionSize
                    + " action values, got " + actions.length);
        }
        for (int k = 0; k < actions.length; k++) {
            if (Float.isNaN(actions[k])) {
                throw new IllegalArgumentException("action of sub-environment " + k / actionSize + " is not in "
                        + singleActionSpace + ": NaN at index " + k % actionSize);
            }
        }
        requireResetIfDisabled();
        pendingContinuous = actions;
        return stepContinuousTask;
    }

    /** With autoreset DISABLED, refuses to step while a sub-environment's episode is over (before any work). */
    private void requireResetIfDisabled() {
        if (autoresetMode != AutoresetMode.DISABLED) {
            return;
        }
        for (int i = 0; i < numEnvs; i++) {
            if (autoresetPending[i]) {
                throw new IllegalStateException("sub-environment " + i + " ended its episode; with autoreset DISABLED "
                        + "reset it (reset(null, mask)) before stepping again");
            }
        }
    }

    /** Forgets the recorded actions and returns the batch. */
    final VectorStepResult endStep() {
        pendingDiscrete = null;
        pendingContinuous = null;
        return stepResult;
    }

    private void stepDiscrete(int i) {
        if (beforeStep(i)) {
            afterStep(i, envs[i].step(pendingDiscrete[i]));
        }
    }

    private void stepContinuous(int i) {
        if (beforeStep(i)) {
            float[] row = actionRows[i];
            System.arraycopy(pendingContinuous, i * actionSize, row, 0, actionSize);
            afterStep(i, envs[i].step(row));
        }
    }

    /** Handles a pending autoreset; returns whether the sub-environment should be stepped. */
    private boolean beforeStep(int i) {
        hasFinalObservation[i] = false;
        finalInfos[i] = EMPTY;
        if (autoresetPending[i]) {
            if (autoresetMode == AutoresetMode.NEXT_STEP) {
                // The step after an episode ended: reset, ignore the action, reward 0, flags false.
                ResetResult r = envs[i].reset();
                writeObservation(observations, i, r.observation());
                infos[i] = r.info();
                rewards[i] = 0.0;
                terminated[i] = false;
                truncated[i] = false;
                autoresetPending[i] = false;
                return false;
            }
            if (autoresetMode == AutoresetMode.DISABLED) {
                throw new IllegalStateException("sub-environment " + i + " ended its episode; with autoreset DISABLED "
                        + "reset it (reset(null, mask)) before stepping again");
            }
        }
        return true;
    }

    private void afterStep(int i, StepResult r) {
        rewards[i] = r.reward();
        terminated[i] = r.terminated();
        truncated[i] = r.truncated();
        boolean done = r.done();
        if (done && autoresetMode == AutoresetMode.SAME_STEP) {
            writeObservation(finalObservations, i, r.observation());
            finalInfos[i] = r.info();
            hasFinalObservation[i] = true;
            ResetResult reset = envs[i].reset();
            writeObservation(observations, i, reset.observation());
            infos[i] = reset.info();
            autoresetPending[i] = false;
        } else {
            writeObservation(observations, i, r.observation());
            infos[i] = r.info();
            autoresetPending[i] = done;
        }
    }

    private void writeObservation(float[] target, int i, float[] observation) {
        if (observation.length != observationSize) {
            throw new IllegalStateException("sub-environment " + i + " returned an observation of " + observation.length
                    + " values, expected " + observationSize);
        }
        System.arraycopy(observation, 0, target, i * observationSize, observationSize);
    }

    @Override
    public List<RgbFrame> render() {
        ensureOpen();
        ensureIdle();
        List<RgbFrame> frames = new ArrayList<>(numEnvs);
        for (Env env : envs) {
            frames.add(env.render());
        }
        return frames;
    }

    final void ensureOpen() {
        if (closed) {
            throw new IllegalStateException(getClass().getSimpleName() + " is closed");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeExtras(); // stop worker threads before closing the environments they step
        RuntimeException first = null;
        for (Env env : envs) {
            try {
                env.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Throws if an asynchronous step is still running (it owns the buffers and the pending actions). */
    void ensureIdle() {
    }

    /** Releases subclass resources (threads). */
    void closeExtras() {
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + envs[0].spec().map(s -> s.id() + ", ").orElse("") + "num_envs="
                + numEnvs + ", autoreset=" + autoresetMode + ")";
    }
}
