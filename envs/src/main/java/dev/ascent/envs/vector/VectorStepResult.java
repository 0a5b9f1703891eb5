package dev.ascent.envs.vector;

import dev.ascent.envs.wrappers.EpisodeStatistics;
import dev.ascent.envs.wrappers.RecordEpisodeStatistics;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One batched step of a {@link VectorEnv}: Gymnasium's {@code (observations, rewards, terminations,
 * truncations, infos)} for {@code numEnvs} sub-environments, plus the final observations of episodes that ended
 * in {@link AutoresetMode#SAME_STEP} mode.
 *
 * <p><b>Aliasing contract.</b> To keep the step loop free of allocation, a vector environment returns the same
 * {@code VectorStepResult} instance from every step, and all arrays here are its reusable buffers: they are valid
 * until the next {@code step} or {@code reset} of the same vector environment, which overwrites them in place.
 * Copy what you need to keep (e.g. into a rollout buffer) or call {@link #copy()}. Do not modify the arrays.
 *
 * <p>Layout: {@code observations} and {@code finalObservations} are flat row-major
 * {@code [numEnvs, observationSize]} ({@link #observationShape()} gives the full batched shape, e.g.
 * {@code [8, 4, 84, 84]}); row {@code i} belongs to sub-environment {@code i}.
 */
public final class VectorStepResult {

    private final int numEnvs;
    private final int[] singleObservationShape;
    private final int observationSize;
    private final float[] observations;
    private final double[] rewards;
    private final boolean[] terminated;
    private final boolean[] truncated;
    private final Map<String, Object>[] infos;
    private final float[] finalObservations;
    private final boolean[] hasFinalObservation;
    private final Map<String, Object>[] finalInfos;
    private final List<Map<String, Object>> infosView;

    /**
     * Wraps buffers; used by vector environments and vector wrappers.
     *
     * @param singleObservationShape shape of one sub-environment's observation
     * @param observations {@code numEnvs * size} floats
     * @param rewards {@code numEnvs} rewards
     * @param terminated {@code numEnvs} flags
     * @param truncated {@code numEnvs} flags
     * @param infos {@code numEnvs} info maps (entries replaced in place by the owner)
     * @param finalObservations {@code numEnvs * size} floats
     * @param hasFinalObservation {@code numEnvs} flags
     * @param finalInfos {@code numEnvs} info maps
     */
    public VectorStepResult(int[] singleObservationShape, float[] observations, double[] rewards, boolean[] terminated,
                            boolean[] truncated, Map<String, Object>[] infos, float[] finalObservations,
                            boolean[] hasFinalObservation, Map<String, Object>[] finalInfos) {
        this.numEnvs = rewards.length;
        this.singleObservationShape = singleObservationShape.clone();
        this.observationSize = observations.length / Math.max(1, numEnvs);
        if (terminated.length != numEnvs || truncated.length != numEnvs || infos.length != numEnvs
                || hasFinalObservation.length != numEnvs || finalInfos.length != numEnvs
                || observations.length != numEnvs * observationSize || finalObservations.length != observations.length) {
            throw new IllegalArgumentException("inconsistent batch buffer sizes for " + numEnvs + " environments");
        }
        this.observations = observations;
        this.rewards = rewards;
        this.terminated = terminated;
        this.truncated = truncated;
        this.infos = infos;
        this.finalObservations = finalObservations;
        this.hasFinalObservation = hasFinalObservation;
        this.finalInfos = finalInfos;
        this.infosView = Collections.unmodifiableList(Arrays.asList(infos));
    }

    /**
     * A new array of {@code n} empty info maps, for building result buffers.
     *
     * @param n number of sub-environments
     * @return the array
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static Map<String, Object>[] emptyInfos(int n) {
        Map<String, Object>[] infos = new Map[n];
        Arrays.fill(infos, Map.of());
        return infos;
    }

    /** Number of sub-environments. */
    public int numEnvs() {
        return numEnvs;
    }

    /** Values per observation. */
    public int observationSize() {
        return observationSize;
    }

    /** The batched observation shape {@code [numEnvs, ...singleShape]}. */
    public int[] observationShape() {
        int[] shape = new int[singleObservationShape.length + 1];
        shape[0] = numEnvs;
        System.arraycopy(singleObservationShape, 0, shape, 1, singleObservationShape.length);
        return shape;
    }

    /** Observations after the step, flat {@code [numEnvs, observationSize]} (live buffer). */
    public float[] observations() {
        return observations;
    }

    /** A copy of sub-environment {@code i}'s observation. */
    public float[] observation(int i) {
        return Arrays.copyOfRange(observations, i * observationSize, (i + 1) * observationSize);
    }

    /** Rewards (live buffer). */
    public double[] rewards() {
        return rewards;
    }

    /** Termination flags (live buffer). */
    public boolean[] terminated() {
        return terminated;
    }

    /** Truncation flags (live buffer). */
    public boolean[] truncated() {
        return truncated;
    }

    /** Whether sub-environment {@code i}'s episode ended on this step. */
    public boolean done(int i) {
        return terminated[i] || truncated[i];
    }

    /**
     * Per-environment infos (read-only live view). In {@link AutoresetMode#SAME_STEP} mode, for a sub-environment
     * that was reset in this step it is the reset info; the ending step's info is {@link #finalInfo(int)}.
     */
    public List<Map<String, Object>> infos() {
        return infosView;
    }

    /** Sub-environment {@code i}'s info. */
    public Map<String, Object> info(int i) {
        return infos[i];
    }

    /**
     * Final observations of episodes that ended on this step in {@link AutoresetMode#SAME_STEP} mode (the rows
     * where {@link #hasFinalObservation(int)}; other rows hold stale data). Use them to bootstrap values on
     * truncation. Live buffer.
     */
    public float[] finalObservations() {
        return finalObservations;
    }

    /** Whether row {@code i} of {@link #finalObservations()} is valid for this step. */
    public boolean hasFinalObservation(int i) {
        return hasFinalObservation[i];
    }

    /** The flags behind {@link #hasFinalObservation(int)} (live buffer). */
    public boolean[] finalObservationMask() {
        return hasFinalObservation;
    }

    /** A copy of sub-environment {@code i}'s final observation. */
    public float[] finalObservation(int i) {
        if (!hasFinalObservation[i]) {
            throw new IllegalStateException("sub-environment " + i + " has no final observation on this step");
        }
        return Arrays.copyOfRange(finalObservations, i * observationSize, (i + 1) * observationSize);
    }

    /** Info of the step that ended sub-environment {@code i}'s episode ({@link AutoresetMode#SAME_STEP}), else empty. */
    public Map<String, Object> finalInfo(int i) {
        return finalInfos[i];
    }

    /**
     * The {@link EpisodeStatistics} of an episode of sub-environment {@code i} that ended on this step, if the
     * statistics are recorded ({@link VectorRecordEpisodeStatistics}, or {@link RecordEpisodeStatistics} on the
     * sub-environments): looked up under {@code "episode"} in the info, then the final info.
     */
    public Optional<EpisodeStatistics> episodeStatistics(int i) {
        Object stats = infos[i].get(RecordEpisodeStatistics.DEFAULT_KEY);
        if (!(stats instanceof EpisodeStatistics)) {
            stats = finalInfos[i].get(RecordEpisodeStatistics.DEFAULT_KEY);
        }
        return stats instanceof EpisodeStatistics e ? Optional.of(e) : Optional.empty();
    }

    /** A deep copy that later steps do not overwrite. */
    @SuppressWarnings("unchecked")
    public VectorStepResult copy() {
        return new VectorStepResult(singleObservationShape, observations.clone(), rewards.clone(), terminated.clone(),
                truncated.clone(), infos.clone(), finalObservations.clone(), hasFinalObservation.clone(),
                finalInfos.clone());
    }

    /**
     * A view sharing this result's buffers except the ones given (non-null arguments replace), for vector
     * wrappers that transform observations, rewards or infos into their own buffers.
     */
    public VectorStepResult withBuffers(float[] newObservations, double[] newRewards, Map<String, Object>[] newInfos,
                                        float[] newFinalObservations) {
        return new VectorStepResult(singleObservationShape,
                newObservations != null ? newObservations : observations,
                newRewards != null ? newRewards : rewards, terminated, truncated,
                newInfos != null ? newInfos : infos,
                newFinalObservations != null ? newFinalObservations : finalObservations, hasFinalObservation,
                finalInfos);
    }

    @Override
    public String toString() {
        return "VectorStepResult[numEnvs=" + numEnvs + ", rewards=" + Arrays.toString(rewards) + ", terminated="
                + Arrays.toString(terminated) + ", truncated=" + Arrays.toString(truncated) + "]";
    }
}
