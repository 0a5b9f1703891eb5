package dev.ascent.engine;

import org.junit.jupiter.api.Test;

import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** exp, tanh and sigmoid: accuracy against double precision, special values, and bit-for-bit determinism. */
class TranscendentalTest {
    private static float[] sweep() {
        int n = 200_001;
        float[] x = new float[n + 9];
        for (int i = 0; i < n; i++) x[i] = -100f + 200f * i / (n - 1);
        float[] special = {0f, -0f, 1e-30f, -1e-30f, 88.7f, -87.3f, 20f, -20f, 0.5499f};
        System.arraycopy(special, 0, x, n, special.length);
        return x;
    }

    private static void checkUlps(String name, UnaryOperator<NDArray> op, DoubleUnaryOperator ref, double ulps, double floor) {
        float[] x = sweep();
        float[] got = op.apply(NDArray.wrap(x.clone(), x.length)).data();
        for (int i = 0; i < x.length; i++) {
            double want = ref.applyAsDouble(x[i]);
            float wf = (float) want;
            if (Math.abs(want) < floor) {
                assertTrue(Math.abs(got[i]) <= floor * 2, name + "(" + x[i] + ") = " + got[i] + ", expected about " + want);
                continue;
            }
            if (Float.isInfinite(wf)) {
                assertEquals(wf, got[i], name + "(" + x[i] + ") overflows float32");
                continue;
            }
            double err = Math.abs(got[i] - want) / Math.ulp(wf);
            assertTrue(err <= ulps, name + "(" + x[i] + ") = " + got[i] + " vs " + want + ": " + err + " ulp");
        }
    }

    @Test
    void expIsAccurateAndHandlesItsRange() {
        checkUlps("exp", NDArray::exp, Math::exp, 2.0, 0x1p-126);
        float[] s = NDArray.vector(Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 89f, -104f, 0f, 88.72f).exp().data();
        assertTrue(Float.isNaN(s[0]));
        assertEquals(Float.POSITIVE_INFINITY, s[1]);
        assertEquals(0f, s[2]);
        assertEquals(Float.POSITIVE_INFINITY, s[3]);
        assertEquals(0f, s[4]);
        assertEquals(1f, s[5]);
        assertTrue(Float.isFinite(s[6]) && s[6] > 3.3e38f, "exp(88.72) = " + s[6]);
    }

    @Test
    void tanhAndSigmoidAreAccurate() {
        checkUlps("tanh", NDArray::tanh, Math::tanh, 3.0, 1e-38);
        checkUlps("sigmoid", NDArray::sigmoid, v -> 1 / (1 + Math.exp(-v)), 3.0, 0x1p-126);
        float[] t = NDArray.vector(Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f, 1e-30f).tanh().data();
        assertTrue(Float.isNaN(t[0]));
        assertEquals(1f, t[1]);
        assertEquals(-1f, t[2]);
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(t[3]), "tanh(-0) = -0");
        assertEquals(1e-30f, t[4]);
        float[] g = NDArray.vector(Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, 0f).sigmoid().data();
        assertArrayEquals(new float[] {0f, 1f, 0.5f}, g);
    }

    @Test
    void resultsDoNotDependOnTheJitOrOnPositionInTheArray() {
        // The JDK's own vector EXP/TANH change their last bits once the JIT compiles them; ours must not.
        Rng rng = new Rng(3);
        NDArray x = NDArray.uniform(rng, -6f, 6f, 1000);
        float[] e0 = x.exp().data(), t0 = x.tanh().data(), s0 = x.sigmoid().data();
        for (int rep = 0; rep < 3000; rep++) {
            assertArrayEquals(e0, x.exp().data(), "exp changed at call " + rep);
            assertArrayEquals(t0, x.tanh().data(), "tanh changed at call " + rep);
            assertArrayEquals(s0, x.sigmoid().data(), "sigmoid changed at call " + rep);
        }
        // A value gives the same result in a vector lane and in the scalar tail.
        for (int len = 1; len <= 40; len++) {
            float[] v = new float[len];
            java.util.Arrays.fill(v, 0.731f);
            float[] r = NDArray.wrap(v, len).tanh().data();
            for (float f : r) assertEquals(Float.floatToRawIntBits(r[0]), Float.floatToRawIntBits(f), "length " + len);
        }
    }
}
