package dev.ascent.algorithms;

import dev.ascent.envs.AbstractEnv;
import dev.ascent.envs.EnvSpec;
import dev.ascent.envs.Envs;
import dev.ascent.envs.ResetResult;
import dev.ascent.envs.StepResult;
import dev.ascent.envs.render.RgbFrame;
import dev.ascent.envs.spaces.Box;
import dev.ascent.envs.spaces.Space;

import java.util.Map;

/**
 * A one-step continuous bandit for tests of Box-action learning: the observation is a constant, the action is
 * one value in [-2, 2], the reward is {@code -(a - 1)²}. A Gaussian policy learns when its mean moves from ~0 to
 * {@value #TARGET}; a policy-gradient sign error or a broken Gaussian head moves it the other way.
 */
public final class TargetActionEnv extends AbstractEnv {
    public static final String ID = "TargetAction-v0";
    public static final float TARGET = 1f;

    public static synchronized void register() {
        if (!Envs.ids().contains(ID)) Envs.register(EnvSpec.builder(ID, kw -> new TargetActionEnv()).build());
    }

    private final Box observationSpace = new Box(-1f, 1f, 1);
    private final Box actionSpace = new Box(-2f, 2f, 1);

    @Override
    protected ResetResult resetEpisode(Map<String, Object> options) {
        return ResetResult.of(new float[] {0.5f});
    }

    @Override
    public StepResult step(float[] action) {
        float d = action[0] - TARGET;
        return StepResult.of(new float[] {0.5f}, -d * d, true, false);
    }

    @Override
    public Box observationSpace() {
        return observationSpace;
    }

    @Override
    public Space actionSpace() {
        return actionSpace;
    }

    @Override
    public RgbFrame render() {
        throw new UnsupportedOperationException("no rendering");
    }
}
