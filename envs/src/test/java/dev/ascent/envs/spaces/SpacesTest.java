package dev.ascent.envs.spaces;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ascent.envs.random.NumpyRandom;
import org.junit.jupiter.api.Test;

class SpacesTest {

    @Test
    void discreteContainsAndErrorMessage() {
        Discrete d = new Discrete(2);
        assertTrue(d.contains(0));
        assertTrue(d.contains(1));
        assertFalse(d.contains(2));
        assertFalse(d.contains(-1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.checkAction(3));
        assertEquals("action 3 is not in Discrete(2): expected an integer in [0, 2)", e.getMessage());
        Discrete shifted = new Discrete(5, -2);
        assertTrue(shifted.contains(-2));
        assertTrue(shifted.contains(2));
        assertFalse(shifted.contains(3));
        assertEquals("Discrete(5, start=-2)", shifted.toString());
        assertThrows(IllegalArgumentException.class, () -> new Discrete(0));
        assertEquals(0, d.shape().length);
        assertEquals(new Discrete(2), d);
        assertNotEquals(new Discrete(3), d);
    }

    @Test
    void discreteSampleIsGymnasiumsForTheSameSeed() {
        Discrete d = new Discrete(2);
        d.seed(31); // space.seed(31); [space.sample() for _ in range(16)]
        int[] expected = {1, 1, 0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 1, 0};
        for (int e : expected) {
            assertEquals(e, d.sample());
        }
        Discrete shifted = new Discrete(5, -2);
        shifted.seed(31);
        int[] expectedShifted = {0, 2, 0, -2, 0, 1, -2, 0};
        for (int e : expectedShifted) {
            assertEquals(e, shifted.sample());
        }
    }

    @Test
    void discreteSamplesCoverTheSpaceUniformly() {
        Discrete d = new Discrete(6, 1);
        NumpyRandom rng = NumpyRandom.seeded(5);
        int[] counts = new int[8];
        for (int i = 0; i < 60_000; i++) {
            int s = d.sample(rng);
            assertTrue(d.contains(s));
            counts[s]++;
        }
        for (int v = 1; v <= 6; v++) {
            assertEquals(10_000, counts[v], 400, "value " + v);
        }
    }

    @Test
    void maskedSampleOnlyPicksAllowedActions() {
        Discrete d = new Discrete(5);
        d.seed(3);
        byte[] mask = {1, 0, 1, 1, 0};
        int[] expected = {3, 0, 0, 0, 0, 3, 3, 2}; // space.sample(mask=...) in Gymnasium with seed 3
        for (int e : expected) {
            assertEquals(e, d.sample(mask));
        }
        assertEquals(0, d.sample(new byte[5]), "no valid action: start");
        assertThrows(IllegalArgumentException.class, () -> d.sample(new byte[] {1, 2, 0, 0, 0}));
    }

    @Test
    void boxContainsChecksShapeBoundsAndNaN() {
        Box b = new Box(new float[] {-1f, 0f}, new float[] {1f, 10f});
        assertTrue(b.contains(new float[] {-1f, 10f}));
        assertTrue(b.contains(new float[] {0.5f, 0f}));
        assertFalse(b.contains(new float[] {1.0001f, 5f}));
        assertFalse(b.contains(new float[] {0f}));
        assertFalse(b.contains(new float[] {Float.NaN, 1f}));
        assertFalse(b.contains(null));
        Box pixels = new Box(0, 255, DType.UINT8, 4, 84, 84);
        assertEquals(4 * 84 * 84, pixels.size());
        assertArrayEquals(new int[] {4, 84, 84}, pixels.shape());
        float[] frame = new float[pixels.size()];
        frame[7] = 255f;
        assertTrue(pixels.contains(frame));
        frame[8] = 0.5f;
        assertFalse(pixels.contains(frame), "uint8 values are integral");
        assertEquals("Box(0, 255, (4, 84, 84), uint8)", pixels.toString());
        assertEquals("Box(-2.0, 2.0, (1,), float32)", new Box(-2f, 2f, 1).toString());
        assertEquals("Box([-1.0 0.0], [1.0 10.0], (2,), float32)", b.toString());
    }

    @Test
    void boxCheckActionRejectsWrongLengthAndNaNButNotOutOfBounds() {
        Box b = new Box(-2f, 2f, 1);
        b.checkAction(new float[] {5f}); // out of bounds is the environment's business (Pendulum clips)
        IllegalArgumentException len = assertThrows(IllegalArgumentException.class,
                () -> b.checkAction(new float[] {1f, 2f}));
        assertEquals("action [1.0, 2.0] is not in Box(-2.0, 2.0, (1,), float32): expected 1 value, got 2",
                len.getMessage());
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> b.checkAction(new float[] {Float.NaN}));
        assertEquals("action [NaN] is not in Box(-2.0, 2.0, (1,), float32): NaN at index 0", nan.getMessage());
        assertThrows(IllegalArgumentException.class, () -> b.checkAction(null));
    }

    @Test
    void boxSampleIsGymnasiumsForTheSameSeed() {
        Box b = new Box(-2f, 2f, 1);
        b.seed(8);
        float[] expected = {-0.6921108961105347f, 1.9491074085235596f, -0.7251566648483276f, 1.154195785522461f};
        for (float e : expected) {
            assertEquals(e, b.sample()[0], 0f);
        }
        Box two = new Box(new float[] {-1f, 0f}, new float[] {1f, 10f});
        two.seed(8);
        assertArrayEquals(new float[] {-0.34605544805526733f, 9.87276840209961f}, two.sample(), 0f);
    }

    @Test
    void boxSamplesStayInBoundsForEveryIntervalType() {
        Box mixed = new Box(new float[] {-1f, Float.NEGATIVE_INFINITY, 3f, Float.NEGATIVE_INFINITY},
                new float[] {1f, Float.POSITIVE_INFINITY, Float.POSITIVE_INFINITY, -5f});
        NumpyRandom rng = NumpyRandom.seeded(9);
        for (int i = 0; i < 5000; i++) {
            float[] s = mixed.sample(rng);
            assertTrue(mixed.contains(s), () -> java.util.Arrays.toString(s));
        }
        Box bytes = new Box(0, 3, DType.UINT8, 1000);
        float[] s = bytes.sample(rng);
        int[] counts = new int[4];
        for (float v : s) {
            assertEquals(Math.rint(v), v, 0f);
            counts[(int) v]++;
        }
        for (int c : counts) {
            assertTrue(c > 180, "every value 0..3 including the upper bound appears: " + java.util.Arrays.toString(counts));
        }
    }

    @Test
    void seededSpacesAreReproducibleAndUnseededOnesDiffer() {
        Box a = new Box(-1f, 1f, 3);
        Box b = new Box(-1f, 1f, 3);
        a.seed(77);
        b.seed(77);
        for (int i = 0; i < 10; i++) {
            assertArrayEquals(a.sample(), b.sample(), 0f);
        }
        Discrete x = new Discrete(1000);
        Discrete y = new Discrete(1000);
        long sx = x.seed();
        long sy = y.seed();
        assertNotEquals(sx, sy);
        Discrete replay = new Discrete(1000);
        replay.seed(sx);
        assertEquals(x.sample(), replay.sample());
    }

    @Test
    void invalidBoxesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Box(new float[] {1f}, new float[] {0f}));
        assertThrows(IllegalArgumentException.class, () -> new Box(0f, 1f));
        assertThrows(IllegalArgumentException.class, () -> new Box(0f, 1f, 2, 0));
        assertThrows(IllegalArgumentException.class, () -> new Box(new float[] {Float.NaN}, new float[] {0f}));
        assertThrows(IllegalArgumentException.class, () -> new Box(0, 256, DType.UINT8, 2));
        assertThrows(IllegalArgumentException.class,
                () -> new Box(new float[] {0, 0}, new float[] {1, 1}, new int[] {3}, DType.FLOAT32));
    }
}
