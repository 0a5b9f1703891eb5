package dev.ascent.engine;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NDArrayTest {
    private static NDArray a(float[] v, int... shape) {
        return NDArray.of(v, shape);
    }

    @Test
    void creation() {
        assertArrayEquals(new float[] {0, 1, 2, 3}, NDArray.arange(4).data());
        assertArrayEquals(new float[] {1, 1.5f, 2, 2.5f}, NDArray.arange(1, 3, 0.5f).data());
        assertArrayEquals(new float[] {3, 2}, NDArray.arange(3, 1, -1).data());
        assertArrayEquals(new int[] {2, 3}, NDArray.zeros(2, 3).shape());
        assertEquals(7f, NDArray.full(7f, 2, 2).get(1, 1));
        assertEquals(5f, NDArray.scalar(5f).item());
        assertEquals(0, NDArray.scalar(5f).rank());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NDArray.of(new float[5], 2, 3));
        assertTrue(e.getMessage().contains("[2, 3]"), e.getMessage());
    }

    @Test
    void reshapeIsAViewAndInfersOneDimension() {
        NDArray x = NDArray.arange(6);
        NDArray r = x.reshape(2, -1);
        assertArrayEquals(new int[] {2, 3}, r.shape());
        assertSame(x.data(), r.data());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.reshape(4, 2));
        assertTrue(e.getMessage().contains("[6]") && e.getMessage().contains("[4, 2]"), e.getMessage());
    }

    @Test
    void transposePermuteSliceConcatStack() {
        NDArray x = NDArray.arange(6).reshape(2, 3);
        assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, x.transpose().data());
        NDArray y = NDArray.arange(24).reshape(2, 3, 4);
        NDArray p = y.permute(2, 0, 1);
        assertArrayEquals(new int[] {4, 2, 3}, p.shape());
        assertEquals(y.get(1, 2, 3), p.get(3, 1, 2));
        assertEquals(y.get(0, 1, 2), p.get(2, 0, 1));
        NDArray s = y.slice(1, 1, 3);
        assertArrayEquals(new int[] {2, 2, 4}, s.shape());
        assertEquals(y.get(1, 2, 0), s.get(1, 1, 0));
        NDArray c = NDArray.concat(1, x, NDArray.full(9, 2, 1));
        assertArrayEquals(new float[] {0, 1, 2, 9, 3, 4, 5, 9}, c.data());
        NDArray st = NDArray.stack(0, NDArray.arange(3), NDArray.arange(3).add(10));
        assertArrayEquals(new int[] {2, 3}, st.shape());
        assertEquals(12f, st.get(1, 2));
        NDArray st1 = NDArray.stack(1, NDArray.arange(3), NDArray.arange(3).add(10));
        assertArrayEquals(new float[] {0, 10, 1, 11, 2, 12}, st1.data());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NDArray.concat(0, x, NDArray.zeros(2, 4)));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[2, 4]"), e.getMessage());
    }

    @Test
    void broadcastingBinaryOps() {
        NDArray m = NDArray.arange(6).reshape(2, 3);
        NDArray row = a(new float[] {10, 20, 30}, 3);
        NDArray col = a(new float[] {100, 200}, 2, 1);
        assertArrayEquals(new float[] {10, 21, 32, 13, 24, 35}, m.add(row).data());
        assertArrayEquals(new float[] {100, 101, 102, 203, 204, 205}, m.add(col).data());
        NDArray outer = col.mul(row); // [2,1] x [3] -> [2,3]
        assertArrayEquals(new int[] {2, 3}, outer.shape());
        assertArrayEquals(new float[] {1000, 2000, 3000, 2000, 4000, 6000}, outer.data());
        assertArrayEquals(new float[] {-10, -19, -28, -7, -16, -25}, m.sub(row).data());
        assertArrayEquals(new float[] {0, 0.05f, 2f / 30, 0.3f, 0.2f, 5f / 30}, m.div(row).data(), 1e-7f);
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, m.mul(NDArray.scalar(1f)).data());
        NDArray x3 = NDArray.arange(24).reshape(2, 3, 4);
        NDArray mid = a(new float[] {1, 2, 3}, 3, 1);
        NDArray r = x3.mul(mid);
        assertEquals(x3.get(1, 2, 3) * 3, r.get(1, 2, 3));
        assertEquals(x3.get(0, 1, 2) * 2, r.get(0, 1, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.add(NDArray.zeros(4)));
        assertTrue(e.getMessage().contains("add") && e.getMessage().contains("[2, 3]") && e.getMessage().contains("[4]"), e.getMessage());
    }

    @Test
    void unaryOpsMatchDefinitions() {
        float[] v = {-30f, -3f, -0.5f, -1e-6f, 0f, 1e-6f, 0.5f, 3f, 19.5f, 25f};
        NDArray x = NDArray.of(v, v.length);
        float[] tanh = x.tanh().data(), sig = x.sigmoid().data(), sp = x.softplus().data(), ex = x.exp().data();
        for (int i = 0; i < v.length; i++) {
            assertEquals(Math.tanh(v[i]), tanh[i], 2e-7 * Math.max(1e-30, Math.abs(Math.tanh(v[i]))) + 1e-12, "tanh " + v[i]);
            assertEquals(1 / (1 + Math.exp(-v[i])), sig[i], 2e-7 * (1 / (1 + Math.exp(-v[i]))) + 1e-30, "sigmoid " + v[i]);
            double softplus = v[i] > 20 ? v[i] : Math.log1p(Math.exp(v[i]));
            assertEquals(softplus, sp[i], 2e-7 * softplus, "softplus " + v[i]);
            assertEquals(Math.exp(v[i]), ex[i], 2e-7 * Math.exp(v[i]), "exp " + v[i]);
        }
        assertEquals(25f, sp[9]); // above the threshold softplus is exactly x
        assertArrayEquals(new float[] {0, 0, 0, 0, 0, 1e-6f, 0.5f, 3, 19.5f, 25}, x.relu().data());
        assertArrayEquals(new float[] {-1, -1, -1, -1, 0, 1, 1, 1, 1, 1}, x.sign().data());
        assertArrayEquals(new float[] {-3, -3, -0.5f, -1e-6f, 0, 1e-6f, 0.5f, 3, 3, 3}, x.clamp(-3, 3).data());
        assertArrayEquals(new float[] {2, 3}, a(new float[] {4, 9}, 2).sqrt().data());
        assertArrayEquals(new float[] {8, 0.125f}, a(new float[] {2, 0.5f}, 2).pow(3f).data());
        assertArrayEquals(new float[] {(float) Math.log1p(1e-7)}, a(new float[] {1e-7f}, 1).log1p().data());
    }

    @Test
    void reluBackwardPassesTheGradientWhereTheUnitIsOn() {
        NDArray g = a(new float[] {1f, 2f, Float.POSITIVE_INFINITY, Float.POSITIVE_INFINITY, 5f, Float.NaN}, 6);
        NDArray y = a(new float[] {0.5f, 0f, 3f, 0f, Float.NaN, -1f}, 6);
        // A select, not g * mask: infinity survives where on and never becomes NaN where off (PyTorch's threshold_backward).
        assertArrayEquals(new float[] {1f, 0f, Float.POSITIVE_INFINITY, 0f, 0f, 0f}, dev.ascent.engine.ops.Elementwise.reluBackward(g, y).data());
        assertThrows(IllegalArgumentException.class, () -> dev.ascent.engine.ops.Elementwise.reluBackward(g, a(new float[] {1f}, 1)));
    }

    @Test
    void broadcastingMatchesElementByElementIndexingForMergeableAndUnmergeableAxes() {
        // Axis merging in the broadcast walk must not change which operand elements pair up.
        int[][][] cases = {
                {{2, 3, 4, 5}, {1, 3, 1, 1}}, {{2, 3, 4, 5}, {2, 1, 4, 5}}, {{1, 3, 1, 5}, {2, 1, 4, 1}},
                {{2, 3, 4, 5}, {4, 5}}, {{2, 1, 4, 5}, {3, 1, 1}}, {{2, 3, 1, 1}, {1, 1, 4, 5}}, {{5, 1}, {1, 1, 7}}};
        for (int[][] c : cases) {
            NDArray a = NDArray.arange(Shapes.size(c[0])).reshape(c[0]);
            NDArray b = NDArray.arange(Shapes.size(c[1])).reshape(c[1]).mul(NDArray.scalar(0.5f)).add(NDArray.scalar(1f));
            NDArray sum = a.add(b), diff = b.sub(a);
            int[] out = sum.shape();
            int[] idx = new int[out.length];
            for (int flat = 0; flat < sum.size(); flat++) {
                for (int d = out.length - 1, rest = flat; d >= 0; d--) {
                    idx[d] = rest % out[d];
                    rest /= out[d];
                }
                float av = a.get(project(idx, c[0])), bv = b.get(project(idx, c[1]));
                assertEquals(av + bv, sum.data()[flat], Shapes.str(c[0]) + " + " + Shapes.str(c[1]) + " at " + flat);
                assertEquals(bv - av, diff.data()[flat], Shapes.str(c[1]) + " - " + Shapes.str(c[0]) + " at " + flat);
            }
        }
    }

    /** The index into an operand of shape {@code own} that broadcasting pairs with output index {@code idx}. */
    private static int[] project(int[] idx, int[] own) {
        int[] r = new int[own.length];
        for (int i = 0; i < own.length; i++) r[i] = own[i] == 1 ? 0 : idx[idx.length - own.length + i];
        return r;
    }

    @Test
    void reluForwardAndBackwardAreTheScalarRulesBitForBitAtEveryPosition() {
        // Long enough for the vector loops and a scalar tail; special values land in lanes of every position.
        float[] special = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE,
                -Float.MIN_VALUE, 1f, -1f, 3e38f, -3e38f};
        int n = 16 * 7 + 5;
        float[] x = new float[n], g = new float[n];
        Rng rng = new Rng(3);
        for (int i = 0; i < n; i++) {
            x[i] = i % 3 == 0 ? special[(i / 3) % special.length] : rng.nextFloat() * 2f - 1f;
            g[i] = i % 5 == 0 ? special[(i / 5) % special.length] : rng.nextFloat() * 2f - 1f;
        }
        float[] y = NDArray.of(x.clone(), n).relu().data();
        float[] dx = dev.ascent.engine.ops.Elementwise.reluBackward(NDArray.of(g.clone(), n), NDArray.of(x.clone(), n)).data();
        for (int i = 0; i < n; i++) {
            float wantY = x[i] > 0f ? x[i] : (x[i] != x[i] ? x[i] : 0f);
            float wantDx = x[i] > 0f ? g[i] : 0f;
            assertEquals(Float.floatToRawIntBits(wantY), Float.floatToRawIntBits(y[i]), "relu(" + x[i] + ") at " + i);
            assertEquals(Float.floatToRawIntBits(wantDx), Float.floatToRawIntBits(dx[i]),
                    "relu_backward(g=" + g[i] + ", y=" + x[i] + ") at " + i);
        }
    }

    @Test
    void comparisonsAndWhere() {
        NDArray x = a(new float[] {1, 2, 3}, 3), y = a(new float[] {3, 2, 1}, 3);
        assertArrayEquals(new float[] {0, 0, 1}, x.gt(y).data());
        assertArrayEquals(new float[] {0, 1, 1}, x.ge(y).data());
        assertArrayEquals(new float[] {0, 1, 0}, x.eq(y).data());
        assertArrayEquals(new float[] {3, 2, 3}, x.maximum(y).data());
        assertArrayEquals(new float[] {1, 2, 1}, x.minimum(y).data());
        NDArray w = NDArray.where(x.gt(y), NDArray.scalar(Float.NaN), y);
        assertArrayEquals(new float[] {3, 2, Float.NaN}, w.data());
        NDArray wb = NDArray.where(a(new float[] {1, 0}, 2, 1), NDArray.ones(3), NDArray.zeros(1));
        assertArrayEquals(new float[] {1, 1, 1, 0, 0, 0}, wb.data());
    }

    @Test
    void reductionsWithKeepDim() {
        NDArray x = NDArray.arange(24).reshape(2, 3, 4);
        NDArray s1 = x.sum(false, 1);
        assertArrayEquals(new int[] {2, 4}, s1.shape());
        assertEquals(0 + 4 + 8, s1.get(0, 0));
        NDArray s1k = x.sum(true, 1);
        assertArrayEquals(new int[] {2, 1, 4}, s1k.shape());
        NDArray s02 = x.sum(false, 0, 2); // non-adjacent axes
        assertArrayEquals(new int[] {3}, s02.shape());
        float want = 0;
        for (int i = 0; i < 2; i++) for (int k = 0; k < 4; k++) want += x.get(i, 1, k);
        assertEquals(want, s02.get(1));
        NDArray s02k = x.sum(true, 0, -1);
        assertArrayEquals(new int[] {1, 3, 1}, s02k.shape());
        assertEquals(276f, x.sum().item());
        assertEquals(11.5f, x.mean().item());
        assertArrayEquals(new float[] {3, 7, 11, 15, 19, 23}, x.max(false, 2).data());
        assertArrayEquals(new float[] {0, 1, 2, 3, 12, 13, 14, 15}, x.min(false, 1).data());
        assertArrayEquals(new float[] {2, 2, 2, 2, 2, 2}, x.argmax(1, false).reshape(-1).slice(0, 0, 6).data());
        NDArray v = a(new float[] {1, 2, 3, 4}, 4);
        assertEquals(1.6666666f, v.var(1, false).item(), 1e-6f);
        assertEquals(1.25f, v.var(0, false).item(), 1e-6f);
        assertEquals((float) Math.sqrt(5.0 / 3.0), v.std(1, false).item(), 1e-6f);
        NDArray sumTo = NDArray.ones(2, 3, 4).sumTo(3, 1);
        assertArrayEquals(new int[] {3, 1}, sumTo.shape());
        assertArrayEquals(new float[] {8, 8, 8}, sumTo.data());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.sum(false, 3));
        assertTrue(e.getMessage().contains("sum") && e.getMessage().contains("axis 3"), e.getMessage());
    }

    @Test
    void softmaxFamilyStaysFiniteAtPlusMinusThousand() {
        NDArray x = a(new float[] {1000, 1000, 1000, -1000, 0, 1000, -1000, -1000, -999}, 3, 3);
        NDArray sm = x.softmax(1), lsm = x.logSoftmax(1), lse = x.logsumexp(1, false);
        assertTrue(sm.allFinite() && lsm.allFinite() && lse.allFinite());
        assertArrayEquals(new float[] {1 / 3f, 1 / 3f, 1 / 3f}, sm.slice(0, 0, 1).data(), 1e-7f);
        assertArrayEquals(new float[] {0, 0, 1}, sm.slice(0, 1, 2).data(), 1e-7f);
        assertEquals(-2000f, lsm.get(1, 0));
        assertEquals(0f, lsm.get(1, 2));
        assertEquals(1000 + Math.log(3), lse.get(0), 1e-4);
        assertEquals(-999 + Math.log1p(2 * Math.exp(-1)), lse.get(2), 1e-4);
        // Along axis 0 as well (strided softmax).
        NDArray sm0 = x.softmax(0);
        for (int j = 0; j < 3; j++) assertEquals(1f, sm0.get(0, j) + sm0.get(1, j) + sm0.get(2, j), 1e-6f);
        NDArray ninf = a(new float[] {Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY}, 2);
        assertEquals(Float.NEGATIVE_INFINITY, ninf.logsumexp(0, false).item());
    }

    @Test
    void gatherScatterTakeRowsOneHot() {
        NDArray logp = NDArray.arange(6).reshape(3, 2);
        NDArray idx = a(new float[] {1, 0, 1}, 3, 1);
        NDArray g = logp.gather(1, idx);
        assertArrayEquals(new float[] {1, 2, 5}, g.data());
        NDArray back = g.scatterAdd(1, idx, 3, 2);
        assertArrayEquals(new float[] {0, 1, 2, 0, 0, 5}, back.data());
        NDArray twice = NDArray.ones(1, 2).scatterAdd(1, a(new float[] {1, 1}, 1, 2), 1, 3);
        assertArrayEquals(new float[] {0, 2, 0}, twice.data());
        NDArray rows = logp.takeRows(new int[] {2, 0, 2});
        assertArrayEquals(new float[] {4, 5, 0, 1, 4, 5}, rows.data());
        assertArrayEquals(new float[] {0, 1, 0, 0, 8, 10}, rows.indexAddRows(new int[] {2, 0, 2}, 3).data());
        assertArrayEquals(new float[] {0, 1, 0, 1, 0, 0}, NDArray.oneHot(a(new float[] {1, 0}, 2), 3).data());
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> logp.gather(1, a(new float[] {2, 0, 1}, 3, 1)));
        assertTrue(e.getMessage().contains("2.0") && e.getMessage().contains("[0, 2)"), e.getMessage());
        IllegalArgumentException s = assertThrows(IllegalArgumentException.class, () -> logp.gather(1, NDArray.zeros(2, 1)));
        assertTrue(s.getMessage().contains("[2, 1]") && s.getMessage().contains("[3, 2]"), s.getMessage());
    }

    @Test
    void matmulShapeErrorsNameBothShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NDArray.zeros(2, 3).matmul(NDArray.zeros(4, 5)));
        assertTrue(e.getMessage().contains("matmul") && e.getMessage().contains("[2, 3]") && e.getMessage().contains("[4, 5]"), e.getMessage());
        assertEquals(32f, NDArray.vector(1, 2, 3).dot(NDArray.vector(4, 5, 6)).item());
        assertArrayEquals(new float[] {4, 5, 8, 10}, NDArray.vector(1, 2).outer(NDArray.vector(4, 5)).data());
    }

    @Test
    void conv2dGeometryErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NDArray.zeros(1, 3, 8, 8).conv2d(NDArray.zeros(4, 2, 3, 3), 1, 0));
        assertTrue(e.getMessage().contains("[1, 3, 8, 8]") && e.getMessage().contains("[4, 2, 3, 3]"), e.getMessage());
        assertArrayEquals(new int[] {1, 4, 3, 3}, NDArray.zeros(1, 3, 8, 8).conv2d(NDArray.zeros(4, 3, 4, 4), 2, 0).shape());
    }
}
