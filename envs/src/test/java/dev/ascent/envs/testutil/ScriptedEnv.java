package dev.ascent.envs.testutil;

import dev.ascent.envs.AbstractEnv;
import dev.ascent.envs.ResetResult;
import dev.ascent.envs.StepResult;
import dev.ascent.envs.render.RgbFrame;
import dev.ascent.envs.spaces.Box;
import dev.ascent.envs.spaces.Discrete;
import dev.ascent.envs.spaces.Space;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A deterministic test environment: observation {@code [resetCount, t, lastAction, u]} where {@code u} is a
 * uniform draw of the environment's generator at reset; reward {@code 10 * resetCount + t}; terminates after
 * {@code terminateAfter} steps (never if 0). Discrete(3) or Box(-1, 1, (2,)) actions. Records every action it
 * received.
 */
public class ScriptedEnv extends AbstractEnv {

    private final int terminateAfter;
    private final Space actionSpace;
    private final Box observationSpace = new Box(-1e6f, 1e6f, 4);
    private int resets;
    private int t;
    private double draw;
    private boolean hasReset;
    private float lastAction;
    public final List<Object> actions = new ArrayList<>();
    public int closeCount;

    public ScriptedEnv(int terminateAfter, boolean continuous) {
        this.terminateAfter = terminateAfter;
        this.actionSpace = continuous ? new Box(-1f, 1f, 2) : new Discrete(3);
    }

    @Override
    protected ResetResult resetEpisode(Map<String, Object> options) {
        resets++;
        t = 0;
        draw = npRandom().uniform(0, 1);
        hasReset = true;
        lastAction = -1;
        return new ResetResult(obs(), Map.of("reset", resets));
    }

    private float[] obs() {
        return new float[] {resets, t, lastAction, (float) draw};
    }

    @Override
    public StepResult step(int action) {
        ((Discrete) actionSpace).checkAction(action);
        actions.add(action);
        lastAction = action;
        return advance();
    }

    @Override
    public StepResult step(float[] action) {
        ((Box) actionSpace).checkAction(action);
        actions.add(action.clone());
        lastAction = action[0];
        return advance();
    }

    private StepResult advance() {
        if (!hasReset) {
            throw resetNeeded("step()");
        }
        t++;
        boolean terminated = terminateAfter > 0 && t >= terminateAfter;
        return new StepResult(obs(), 10.0 * resets + t, terminated, false, Map.of("t", t));
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
        return new RgbFrame(2, 1, new int[] {resets, t});
    }

    @Override
    public void close() {
        closeCount++;
    }

    public int resets() {
        return resets;
    }
}
