package dev.ascent.envs.vector;

import java.util.List;
import java.util.Map;

/**
 * What {@link VectorEnv#reset()} returns: the batch of first observations and the per-environment infos.
 *
 * <p>Aliasing: {@code observations} is the vector environment's batch buffer, the same array later steps
 * return; it is overwritten by the next {@code reset} or {@code step}. Copy it to keep it.
 *
 * @param observations {@code numEnvs * observationSize} floats, row-major (row {@code i} is sub-environment
 *     {@code i})
 * @param infos one read-only info map per sub-environment
 */
public record VectorResetResult(float[] observations, List<Map<String, Object>> infos) {

    /** A copy of sub-environment {@code i}'s observation. */
    public float[] observation(int i) {
        int size = observations.length / infos.size();
        float[] out = new float[size];
        System.arraycopy(observations, i * size, out, 0, size);
        return out;
    }
}
