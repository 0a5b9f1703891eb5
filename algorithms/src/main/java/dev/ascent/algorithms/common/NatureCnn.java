package dev.ascent.algorithms.common;

import dev.ascent.nn.Conv2d;
import dev.ascent.nn.Flatten;
import dev.ascent.nn.Init;
import dev.ascent.nn.Linear;
import dev.ascent.nn.ReLU;
import dev.ascent.nn.Sequential;
import dev.ascent.engine.Rng;

import java.util.List;

/**
 * The DQN/PPO Atari network of Mnih et al. (2015), as CleanRL's {@code ppo_atari.py} builds it: input scaled
 * by 1/255, conv 32×8×8 stride 4 → ReLU → conv 64×4×4 stride 2 → ReLU → conv 64×3×3 stride 1 → ReLU →
 * flatten → linear 512 → ReLU, every layer orthogonally initialised with gain √2 and zero bias. Works for
 * any {@code (C, H, W)} observation with H, W ≥ 36 (84×84 gives the classic 3136 flattened features).
 */
public final class NatureCnn {
    /** Width of the output features. */
    public static final int FEATURES = 512;

    private NatureCnn() {}

    /** The feature extractor for observations of shape {@code [channels, height, width]}. */
    public static Sequential create(int[] observationShape, Rng rng) {
        if (observationShape.length != 3) {
            throw new IllegalArgumentException("the CNN needs (C, H, W) observations, got shape " + java.util.Arrays.toString(observationShape));
        }
        int c = observationShape[0], h = observationShape[1], w = observationShape[2];
        Conv2d c1 = new Conv2d(c, 32, 8, 4, 0, rng);
        int[] s1 = c1.outputSize(h, w);
        Conv2d c2 = new Conv2d(32, 64, 4, 2, 0, rng);
        int[] s2 = c2.outputSize(s1[0], s1[1]);
        Conv2d c3 = new Conv2d(64, 64, 3, 1, 0, rng);
        int[] s3 = c3.outputSize(s2[0], s2[1]);
        if (s1[0] < 1 || s1[1] < 1 || s2[0] < 1 || s2[1] < 1 || s3[0] < 1 || s3[1] < 1) {
            throw new IllegalArgumentException("observations of " + h + "x" + w + " pixels are too small for the Atari CNN (need at least 36x36)");
        }
        Linear fc = new Linear(64 * s3[0] * s3[1], FEATURES, rng);
        double gain = Math.sqrt(2);
        for (Conv2d conv : List.of(c1, c2, c3)) {
            Init.orthogonal(conv.weight(), gain, rng);
            Init.zeros(conv.bias());
        }
        Init.orthogonal(fc.weight(), gain, rng);
        Init.zeros(fc.bias());
        return new Sequential(new ScaleInput(1f / 255f), c1, new ReLU(), c2, new ReLU(), c3, new ReLU(), new Flatten(), fc, new ReLU());
    }

    /** Whether observations of this shape are images for the CNN (rank 3). */
    public static boolean isImage(int[] observationShape) {
        return observationShape.length == 3;
    }

}
