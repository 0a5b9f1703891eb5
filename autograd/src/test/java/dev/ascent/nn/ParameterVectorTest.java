package dev.ascent.nn;

import dev.ascent.autograd.Autograd;
import dev.ascent.autograd.Tensor;
import dev.ascent.engine.NDArray;
import dev.ascent.engine.Rng;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Flat parameter and gradient vectors (TRPO's view of a network). */
class ParameterVectorTest {
    @Test
    void roundTripAndGradients() {
        Sequential m = Mlp.builder(3, 4, 2).build(new Rng(1));
        List<Tensor> p = m.parameters();
        NDArray v = ParameterVector.parametersToVector(p);
        assertEquals(3 * 4 + 4 + 4 * 2 + 2, v.size());
        assertArrayEquals(p.get(0).data().data(), java.util.Arrays.copyOfRange(v.data(), 0, 12));
        assertArrayEquals(p.get(3).data().data(), java.util.Arrays.copyOfRange(v.data(), 24, 26));

        NDArray shifted = v.add(1f);
        ParameterVector.vectorToParameters(shifted, p);
        assertArrayEquals(shifted.data(), ParameterVector.parametersToVector(p).data());
        assertThrows(IllegalArgumentException.class, () -> ParameterVector.vectorToParameters(NDArray.zeros(5), p));

        // Only the last layer gets a gradient: the others contribute zeros.
        Tensor h = Tensor.of(NDArray.ones(1, 4));
        m.get(2).forward(h).sum().backward();
        NDArray g = ParameterVector.gradientsToVector(p);
        for (int i = 0; i < 16; i++) assertEquals(0f, g.data()[i]);
        for (int i = 16; i < 24; i++) assertEquals(1f, g.data()[i]);
    }

    @Test
    void flattenedGradientsCanBeDifferentiatedAgain() {
        // f(w) = Σ w³ : g = 3w², and d(g·v)/dw = 6 w v.
        Tensor w = Tensor.param(NDArray.vector(1, 2, 3));
        Tensor unused = Tensor.param(NDArray.zeros(2));
        List<Tensor> params = List.of(w, unused);
        Tensor[] g = Autograd.grad(new Tensor[] {w.pow(3f).sum()}, params.toArray(new Tensor[0]), null, true, true, true);
        Tensor flat = ParameterVector.flatten(g, params);
        assertArrayEquals(new float[] {3, 12, 27, 0, 0}, flat.data().data());
        Tensor gv = flat.mul(Tensor.of(NDArray.vector(1, 1, 1, 5, 5))).sum();
        Tensor hv = Autograd.grad(gv, new Tensor[] {w}, false)[0];
        assertArrayEquals(new float[] {6, 12, 18}, hv.data().data());
    }
}
