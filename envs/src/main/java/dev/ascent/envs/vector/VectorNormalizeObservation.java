package dev.ascent.envs.vector;

import dev.ascent.envs.spaces.Box;
import dev.ascent.envs.wrappers.RunningMeanStd;

/**
 * Normalises the batched observations with statistics shared by all sub-environments
 * ({@code gymnasium/wrappers/vector/stateful_observation.py} {@code NormalizeObservation}): each reset or step
 * updates the float32 {@link RunningMeanStd} with the whole batch (unless frozen), then every row becomes
 * {@code float32((obs - mean) / sqrt(var + epsilon))}. No clipping (Gymnasium 1.x).
 *
 * <p>Gymnasium refuses {@link AutoresetMode#SAME_STEP}; here it is supported: the final observations are
 * normalised with the same statistics but do not update them. Partial (masked) resets are rejected as in
 * Gymnasium. Export/import the statistics with {@link #statistics()} / {@link #setStatistics}; freeze them with
 * {@link #setUpdateRunningMean(boolean)}.
 */
public final class VectorNormalizeObservation extends VectorWrapper {

    private final RunningMeanStd obsRms;
    private final float epsilon;
    private final Box singleObservationSpace;
    private final float[] observations;
    private final float[] finalObservations;
    private boolean updateRunningMean = true;
    private VectorStepResult lastInner;
    private VectorStepResult view;

    /** With Gymnasium's default {@code epsilon = 1e-8}. */
    public VectorNormalizeObservation(VectorEnv env) {
        this(env, 1e-8);
    }

    /**
     * @param env the vector environment
     * @param epsilon added to the variance under the square root, strictly positive
     */
    public VectorNormalizeObservation(VectorEnv env, double epsilon) {
        super(env);
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("`epsilon` should be strictly positive. Received " + epsilon);
        }
        this.epsilon = (float) epsilon;
        Box inner = env.singleObservationSpace();
        this.singleObservationSpace = new Box(Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, inner.shape());
        this.obsRms = new RunningMeanStd(inner.size(), RunningMeanStd.Precision.FLOAT32);
        this.observations = new float[env.numEnvs() * inner.size()];
        this.finalObservations = new float[env.numEnvs() * inner.size()];
    }

    @Override
    public Box singleObservationSpace() {
        return singleObservationSpace;
    }

    @Override
    public VectorResetResult reset(Long[] seeds, boolean[] mask) {
        if (mask != null) {
            for (boolean m : mask) {
                if (!m) {
                    throw new IllegalArgumentException("NormalizeObservation does not support partial resets. The "
                            + "reset mask must contain all true values.");
                }
            }
        }
        VectorResetResult r = env.reset(seeds, mask);
        normalizeBatch(r.observations(), observations, true);
        return new VectorResetResult(observations, r.infos());
    }

    @Override
    public VectorStepResult step(int[] actions) {
        return normalize(env.step(actions));
    }

    @Override
    public VectorStepResult step(float[] actions) {
        return normalize(env.step(actions));
    }

    private VectorStepResult normalize(VectorStepResult r) {
        normalizeBatch(r.observations(), observations, true);
        boolean anyFinal = false;
        for (int i = 0; i < r.numEnvs(); i++) {
            anyFinal |= r.hasFinalObservation(i);
        }
        if (anyFinal) {
            normalizeBatch(r.finalObservations(), finalObservations, false);
        }
        if (r != lastInner) {
            lastInner = r;
            view = r.withBuffers(observations, null, null, finalObservations);
        }
        return view;
    }

    private void normalizeBatch(float[] in, float[] out, boolean update) {
        int rows = numEnvs();
        int size = obsRms.size();
        if (update && updateRunningMean) {
            obsRms.update(in, rows);
        }
        for (int j = 0; j < size; j++) {
            float mean = (float) obsRms.mean(j);
            float std = (float) Math.sqrt((float) obsRms.var(j) + epsilon);
            for (int i = 0; i < rows; i++) {
                int k = i * size + j;
                out[k] = (in[k] - mean) / std;
            }
        }
    }

    /** Whether batches update the statistics. */
    public boolean updateRunningMean() {
        return updateRunningMean;
    }

    /**
     * Freezes ({@code false}) or resumes ({@code true}) the statistics.
     *
     * @param update whether to keep updating
     */
    public void setUpdateRunningMean(boolean update) {
        this.updateRunningMean = update;
    }

    /** The live statistics. */
    public RunningMeanStd obsRms() {
        return obsRms;
    }

    /** A snapshot of the statistics for a checkpoint. */
    public RunningMeanStd.State statistics() {
        return obsRms.state();
    }

    /** Restores statistics. */
    public void setStatistics(RunningMeanStd.State state) {
        obsRms.setState(state);
    }
}
