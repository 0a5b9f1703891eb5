package dev.ascent.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tolerance assertions shared by the nn, optim, distributions and io tests. */
public final class Approx {
    private Approx() {}

    /** |got - want| <= rtol·|want| + rtol·max|want| elementwise: relative, with an absolute floor scaled to the array. */
    public static void assertClose(String what, float[] want, float[] got, double rtol) {
        assertEquals(want.length, got.length, what + ": length");
        double scale = 0;
        for (float w : want) scale = Math.max(scale, Math.abs(w));
        for (int i = 0; i < want.length; i++) {
            double tol = rtol * Math.abs(want[i]) + rtol * scale;
            assertTrue(Math.abs(got[i] - want[i]) <= tol, what + "[" + i + "]: expected " + want[i] + " got " + got[i] + " (tol " + tol + ")");
        }
    }

    /** |got - want| <= rtol·|want| + atol. */
    public static void assertClose(String what, double want, double got, double rtol, double atol) {
        double tol = rtol * Math.abs(want) + atol;
        assertTrue(Math.abs(got - want) <= tol, what + ": expected " + want + " got " + got + " (tol " + tol + ")");
    }

    public static void assertAllClose(String what, double[] want, float[] got, double rtol, double atol) {
        assertEquals(want.length, got.length, what + ": length");
        for (int i = 0; i < want.length; i++) assertClose(what + "[" + i + "]", want[i], got[i], rtol, atol);
    }
}
