package dev.ascent.algorithms;

import dev.ascent.envs.AbstractEnv;
import dev.ascent.envs.EnvSpec;
import dev.ascent.envs.Envs;
import dev.ascent.envs.ResetResult;
import dev.ascent.envs.StepResult;
import dev.ascent.envs.render.RgbFrame;
import dev.ascent.envs.spaces.Box;
import dev.ascent.envs.spaces.DType;
import dev.ascent.envs.spaces.Discrete;
import dev.ascent.envs.spaces.Space;

import java.util.Map;

/**
 * A tiny pixel game for CNN tests: a bright square appears in the left or right half of a dark
 * {@code (C, H, W)} frame; action 0 (left) or 1 (right) must point at it. One step per episode, reward 1 when
 * right and 0 otherwise, so a random policy scores 0.5 and only a network that reads the pixels does better.
 * Shared by the CNN tests of every algorithm (PPO here, DQN in {@code dqn}).
 */
public final class PixelSideEnv extends AbstractEnv {
    public static final String SMALL = "PixelSide-36-v0", ATARI = "PixelSide-84-v0";

    public static synchronized void register() {
        if (!Envs.ids().contains(SMALL)) {
            Envs.register(EnvSpec.builder(SMALL, kw -> new PixelSideEnv(1, 36)).build());
            Envs.register(EnvSpec.builder(ATARI, kw -> new PixelSideEnv(4, 84)).build());
        }
    }

    private final int channels, size;
    private final Box observationSpace;
    private final Discrete actionSpace = new Discrete(2);
    private int side = -1;

    PixelSideEnv(int channels, int size) {
        this.channels = channels;
        this.size = size;
        this.observationSpace = new Box(0f, 255f, DType.UINT8, channels, size, size);
    }

    @Override
    protected ResetResult resetEpisode(Map<String, Object> options) {
        side = (int) npRandom().integers(2);
        float[] obs = new float[channels * size * size];
        int x0 = side == 0 ? size / 8 : size / 2 + size / 8, y0 = size / 3, s = size / 4;
        for (int c = 0; c < channels; c++)
            for (int y = y0; y < y0 + s; y++)
                for (int x = x0; x < x0 + s; x++) obs[(c * size + y) * size + x] = 255f;
        return ResetResult.of(obs);
    }

    @Override
    public StepResult step(int action) {
        return StepResult.of(new float[channels * size * size], action == side ? 1.0 : 0.0, true, false);
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
