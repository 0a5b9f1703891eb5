package dev.ascent.envs.testutil;

import dev.ascent.envs.Env;
import dev.ascent.envs.render.RgbFrame;
import dev.ascent.envs.spaces.Box;
import dev.ascent.envs.spaces.Discrete;
import dev.ascent.envs.spaces.Space;
import dev.ascent.envs.vector.AutoresetMode;
import dev.ascent.envs.vector.VectorEnv;
import dev.ascent.envs.vector.VectorResetResult;
import dev.ascent.envs.vector.VectorStepResult;
import java.util.List;

/** A vector environment that emits scripted rewards and flags (observations are zeros). */
public final class ScriptedVectorEnv implements VectorEnv {

    private final double[][] rewards;
    private final boolean[][] terminated;
    private final boolean[][] truncated;
    private final AutoresetMode mode;
    private final int n;
    private int step;
    private final float[] obs;
    private final double[] r;
    private final boolean[] term;
    private final boolean[] trunc;
    private final VectorStepResult result;

    public ScriptedVectorEnv(double[][] rewards, boolean[][] terminated, boolean[][] truncated, AutoresetMode mode) {
        this.rewards = rewards;
        this.terminated = terminated;
        this.truncated = truncated;
        this.mode = mode;
        this.n = rewards[0].length;
        this.obs = new float[n];
        this.r = new double[n];
        this.term = new boolean[n];
        this.trunc = new boolean[n];
        this.result = new VectorStepResult(new int[] {1}, obs, r, term, trunc, VectorStepResult.emptyInfos(n),
                new float[n], new boolean[n], VectorStepResult.emptyInfos(n));
    }

    @Override
    public int numEnvs() {
        return n;
    }

    @Override
    public Box singleObservationSpace() {
        return new Box(-1f, 1f, 1);
    }

    @Override
    public Space singleActionSpace() {
        return new Discrete(2);
    }

    @Override
    public AutoresetMode autoresetMode() {
        return mode;
    }

    @Override
    public VectorResetResult reset(Long[] seeds, boolean[] mask) {
        step = 0;
        return new VectorResetResult(obs, result.infos());
    }

    @Override
    public VectorStepResult step(int[] actions) {
        for (int i = 0; i < n; i++) {
            r[i] = rewards[step][i];
            term[i] = terminated[step][i];
            trunc[i] = truncated[step][i];
        }
        step++;
        return result;
    }

    @Override
    public VectorStepResult step(float[] actions) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<RgbFrame> render() {
        return List.of();
    }

    @Override
    public Env env(int index) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() {
    }
}
