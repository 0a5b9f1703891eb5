package dev.ascent.envs.testutil;

import dev.ascent.envs.AbstractEnv;
import dev.ascent.envs.ResetResult;
import dev.ascent.envs.StepResult;
import dev.ascent.envs.render.RgbFrame;
import dev.ascent.envs.spaces.Box;
import dev.ascent.envs.spaces.Discrete;
import dev.ascent.envs.spaces.Space;
import java.util.Map;

/** Replays a list of observations: reset returns {@code observations[0]}, step {@code t} returns {@code observations[t]}. */
public final class ListEnv extends AbstractEnv {

    private final float[][] observations;
    private int t;

    public ListEnv(float[][] observations) {
        this.observations = observations;
    }

    @Override
    protected ResetResult resetEpisode(Map<String, Object> options) {
        t = 0;
        return ResetResult.of(observations[0].clone());
    }

    @Override
    public StepResult step(int action) {
        t++;
        return StepResult.of(observations[t].clone(), 0.0, false, false);
    }

    @Override
    public Box observationSpace() {
        return new Box(-1000f, 1000f, observations[0].length);
    }

    @Override
    public Space actionSpace() {
        return new Discrete(2);
    }

    @Override
    public RgbFrame render() {
        throw new UnsupportedOperationException("ListEnv does not render");
    }
}
