package dev.ascent.engine;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RngTest {
    @Test
    void sameSeedSameStreamAndPinnedValues() {
        Rng a = new Rng(42), b = new Rng(42);
        for (int i = 0; i < 1000; i++) assertEquals(a.nextLong(), b.nextLong());
        assertNotEquals(new Rng(1).nextLong(), new Rng(2).nextLong());
        // Pinned outputs: the stream is part of Ascent's reproducibility contract across JVMs and platforms.
        Rng r = new Rng(0);
        long first = r.nextLong();
        Rng again = new Rng(0);
        assertEquals(first, again.nextLong());
        assertEquals(PINNED_SEED0_FIRST, first, "the xoshiro256** stream for seed 0 changed");
    }

    // Computed once with this implementation; guards against accidental algorithm changes.
    private static final long PINNED_SEED0_FIRST = pinned();

    private static long pinned() {
        // xoshiro256** seeded by SplitMix64(0): recomputed independently here from the published algorithms.
        long x = 0;
        long[] s = new long[4];
        for (int i = 0; i < 4; i++) {
            x += 0x9E3779B97F4A7C15L;
            long z = x;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            s[i] = z ^ (z >>> 31);
        }
        return Long.rotateLeft(s[1] * 5, 7) * 9;
    }

    @Test
    void uniformAndNormalMoments() {
        Rng r = new Rng(7);
        int n = 200_000;
        double sum = 0, sq = 0, nsum = 0, nsq = 0;
        for (int i = 0; i < n; i++) {
            float u = r.nextFloat();
            assertTrue(u >= 0f && u < 1f);
            sum += u;
            sq += u * u;
            double z = r.normal();
            nsum += z;
            nsq += z * z;
        }
        assertEquals(0.5, sum / n, 0.005);
        assertEquals(1.0 / 12, sq / n - Math.pow(sum / n, 2), 0.002);
        assertEquals(0.0, nsum / n, 0.01);
        assertEquals(1.0, nsq / n, 0.02);
    }

    @Test
    void categoricalFrequenciesPassChiSquare() {
        Rng r = new Rng(11);
        float[] p = {0.1f, 0.2f, 0.3f, 0.4f};
        int n = 100_000;
        int[] counts = new int[4];
        for (int i = 0; i < n; i++) counts[r.categorical(p)]++;
        double chi2 = 0;
        for (int k = 0; k < 4; k++) {
            double e = n * p[k];
            chi2 += (counts[k] - e) * (counts[k] - e) / e;
        }
        assertTrue(chi2 < 16.27, "chi-square " + chi2 + " exceeds the 0.999 quantile for 3 dof");
        assertThrows(IllegalArgumentException.class, () -> r.categorical(new float[] {0.5f, Float.NaN}));
        assertEquals(1, r.categorical(new float[] {0f, 1f, 0f}));
    }

    @Test
    void nextIntIsUnbiasedAndPermutationsAreValid() {
        Rng r = new Rng(3);
        int[] counts = new int[3];
        for (int i = 0; i < 30_000; i++) counts[r.nextInt(3)]++;
        for (int c : counts) assertEquals(10_000, c, 400);
        int[] p = r.permutation(50);
        boolean[] seen = new boolean[50];
        for (int v : p) seen[v] = true;
        for (boolean s : seen) assertTrue(s);
    }

    @Test
    void stateRoundTripReproducesTheStream() {
        Rng r = new Rng(5);
        r.normal(); // leaves a spare normal in the state
        long[] st = r.state();
        double[] expect = new double[10];
        for (int i = 0; i < 10; i++) expect[i] = r.normal();
        Rng q = new Rng(999);
        q.setState(st);
        double[] got = new double[10];
        for (int i = 0; i < 10; i++) got[i] = q.normal();
        assertArrayEquals(expect, got);
        Rng child1 = new Rng(5).split(), child2 = new Rng(5).split();
        assertEquals(child1.nextLong(), child2.nextLong());
    }
}
