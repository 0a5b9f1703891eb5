package dev.ascent.algorithms.common;

import dev.ascent.envs.vector.VectorEnv;
import dev.ascent.envs.vector.VectorResetResult;
import dev.ascent.envs.vector.VectorStepResult;
import dev.ascent.envs.vector.VectorWrapper;

/**
 * Clips observations (final observations included) and/or rewards to {@code ±bound}: CleanRL's
 * {@code TransformObservation(np.clip(obs, -10, 10))} and {@code TransformReward(np.clip(r, -10, 10))} after
 * the normalisation wrappers, which Gymnasium 1.x no longer clip themselves. Writes into its own buffers.
 */
final class VectorClip extends VectorWrapper {
    private final float obsBound;
    private final double rewardBound;
    private final float[] observations, finalObservations;
    private final double[] rewards;
    private VectorStepResult lastInner, view;

    /** @param obsBound ≤ 0 or NaN to leave observations alone; @param rewardBound likewise for rewards */
    VectorClip(VectorEnv env, double obsBound, double rewardBound) {
        super(env);
        this.obsBound = obsBound > 0 ? (float) obsBound : Float.NaN;
        this.rewardBound = rewardBound > 0 ? rewardBound : Double.NaN;
        int size = env.numEnvs() * env.observationSize();
        this.observations = new float[size];
        this.finalObservations = new float[size];
        this.rewards = new double[env.numEnvs()];
    }

    @Override
    public VectorResetResult reset(Long[] seeds, boolean[] mask) {
        VectorResetResult r = env.reset(seeds, mask);
        if (Float.isNaN(obsBound)) return r;
        clip(r.observations(), observations);
        return new VectorResetResult(observations, r.infos());
    }

    @Override
    public VectorStepResult step(int[] actions) {
        return transform(env.step(actions));
    }

    @Override
    public VectorStepResult step(float[] actions) {
        return transform(env.step(actions));
    }

    private VectorStepResult transform(VectorStepResult r) {
        boolean clipObs = !Float.isNaN(obsBound), clipRew = !Double.isNaN(rewardBound);
        if (clipObs) {
            clip(r.observations(), observations);
            clip(r.finalObservations(), finalObservations);
        }
        if (clipRew) {
            double[] in = r.rewards();
            for (int i = 0; i < rewards.length; i++) rewards[i] = Math.max(-rewardBound, Math.min(rewardBound, in[i]));
        }
        if (r != lastInner) {
            lastInner = r;
            view = r.withBuffers(clipObs ? observations : null, clipRew ? rewards : null, null, clipObs ? finalObservations : null);
        }
        return view;
    }

    private void clip(float[] in, float[] out) {
        float b = obsBound;
        for (int i = 0; i < in.length; i++) out[i] = Math.max(-b, Math.min(b, in[i]));
    }
}
