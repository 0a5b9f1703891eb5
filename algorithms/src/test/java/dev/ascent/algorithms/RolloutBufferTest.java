package dev.ascent.algorithms;

import dev.ascent.algorithms.common.RolloutBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** GAE(λ) and returns against values computed by hand, across a termination and a truncation. */
class RolloutBufferTest {
    private static final double GAMMA = 0.9, LAMBDA = 0.5;

    @Test
    void gaeAcrossTerminationAndTruncation() {
        // One environment, 4 steps. Step 1 terminates; step 2 is truncated (final value 10 bootstrapped).
        RolloutBuffer b = new RolloutBuffer(4, 1, 1, 1);
        float[] values = {1, 2, 3, 4};
        double[] rewards = {1, 2, 3, 4};
        boolean[] term = {false, true, false, false}, trunc = {false, false, true, false};
        for (int t = 0; t < 4; t++) {
            b.add(new float[] {t}, new float[] {0}, new float[] {0}, new float[] {values[t]}, new double[] {rewards[t]},
                    new boolean[] {term[t]}, new boolean[] {trunc[t]});
            if (trunc[t] && !term[t]) b.bootstrapTruncation(0, GAMMA, 10f);
        }
        b.computeReturnsAndAdvantages(new float[] {5}, GAMMA, LAMBDA);
        // By hand: r2' = 3 + 0.9*10 = 12.
        double d3 = 4 + 0.9 * 5 - 4;          // 3.5, bootstraps from the last value
        double d2 = 12 - 3;                    // 9, done (truncated, bootstrapped via the reward)
        double d1 = 2 - 2;                     // 0, terminated
        double d0 = 1 + 0.9 * 2 - 1;           // 1.8
        double a3 = d3, a2 = d2, a1 = d1, a0 = d0 + 0.45 * a1;
        assertArrayEquals(new float[] {(float) a0, (float) a1, (float) a2, (float) a3}, b.advantages, 1e-5f);
        assertArrayEquals(new float[] {(float) (a0 + 1), (float) (a1 + 2), (float) (a2 + 3), (float) (a3 + 4)}, b.returns, 1e-5f);
    }

    @Test
    void twoEnvironmentsAreIndependentAndLambdaOneGivesMonteCarlo() {
        RolloutBuffer b = new RolloutBuffer(3, 2, 1, 1);
        for (int t = 0; t < 3; t++) {
            b.add(new float[] {0, 0}, new float[] {0, 0}, null, new float[] {0, 0}, new double[] {1, 2},
                    new boolean[] {false, t == 1}, new boolean[] {false, false});
        }
        b.computeReturnsAndAdvantages(new float[] {0, 100}, 0.5, 1.0);
        // env 0: rewards 1,1,1, bootstrap 0 -> returns 1.75, 1.5, 1. env 1: done at t=1 -> 3, 2, then 2 + 0.5*100 = 52.
        assertEquals(1.75f, b.returns[0], 1e-6f);
        assertEquals(1.5f, b.returns[2], 1e-6f);
        assertEquals(1f, b.returns[4], 1e-6f);
        assertEquals(3f, b.returns[1], 1e-6f);
        assertEquals(2f, b.returns[3], 1e-6f);
        assertEquals(52f, b.returns[5], 1e-6f);
    }
}
