package dev.ascent.nn;

import dev.ascent.autograd.Tensor;
import dev.ascent.engine.NDArray;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** clip_grad_norm_ / clip_grad_value_ semantics beyond the goldens of {@link MlpGoldenTest}. */
class GradClippingTest {
    private static Tensor withGrad(float... g) {
        Tensor p = Tensor.param(NDArray.zeros(g.length));
        p.setGrad(Tensor.of(g.clone(), g.length));
        return p;
    }

    @Test
    void globalNormOverTensorsWithTheEpsilon() {
        Tensor a = withGrad(3, 0), b = withGrad(0, 4), none = Tensor.param(NDArray.zeros(2));
        float total = GradClipping.clipGradNorm(List.of(a, b, none), 1.0);
        assertEquals(5f, total);
        float coef = 1f / (5f + 1e-6f);
        assertArrayEquals(new float[] {3 * coef, 0}, a.grad().data().data());
        assertArrayEquals(new float[] {0, 4 * coef}, b.grad().data().data());
        assertEquals(null, none.grad());
        assertEquals(0f, GradClipping.clipGradNorm(List.of(none), 1.0));
    }

    @Test
    void infinityNormAndNonFiniteGradients() {
        Tensor a = withGrad(-6, 2), b = withGrad(1, 3);
        assertEquals(6f, GradClipping.clipGradNorm(List.of(a, b), 3, Double.POSITIVE_INFINITY));
        assertEquals(-3f, a.grad().data().data()[0], 1e-5f);
        Tensor n = withGrad(Float.NaN, 1);
        assertTrue(Float.isNaN(GradClipping.clipGradNorm(List.of(n), 1)));
        assertTrue(Float.isNaN(n.grad().data().data()[1]), "like PyTorch without error_if_nonfinite, NaN propagates");
    }

    @Test
    void clipByValue() {
        Tensor a = withGrad(-2, 0.5f, 3);
        GradClipping.clipGradValue(List.of(a), 1);
        assertArrayEquals(new float[] {-1, 0.5f, 1}, a.grad().data().data());
    }
}
