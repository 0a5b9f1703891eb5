package dev.ascent.engine.ops;

import dev.ascent.engine.NDArray;
import dev.ascent.engine.Workspace;
import dev.ascent.engine.Shapes;
import dev.ascent.engine.backend.Backends;

/** Matrix products, dispatched to the active backend's sgemm. */
public final class LinAlg {
    private LinAlg() {}

    /**
     * {@code op(a) · op(b)} where op transposes the last two axes when its flag is set. Both operands have
     * rank ≥ 2. Leading (batch) axes must be equal, or one operand is 2-D and is shared by the whole batch.
     */
    public static NDArray matmul(NDArray a, NDArray b, boolean transA, boolean transB) {
        int[] as = a.shape(), bs = b.shape();
        if (as.length < 2 || bs.length < 2) {
            throw new IllegalArgumentException("matmul: both operands need rank >= 2, got " + Shapes.str(as) + " and " + Shapes.str(bs)
                    + " (use dot for vectors)");
        }
        int ar = as.length, br = bs.length;
        int m = transA ? as[ar - 1] : as[ar - 2], k = transA ? as[ar - 2] : as[ar - 1];
        int kb = transB ? bs[br - 1] : bs[br - 2], n = transB ? bs[br - 2] : bs[br - 1];
        if (k != kb) {
            throw new IllegalArgumentException("matmul: inner dimensions differ: " + Shapes.str(as) + (transA ? "^T" : "")
                    + " x " + Shapes.str(bs) + (transB ? "^T" : "") + " (" + k + " vs " + kb + ")");
        }
        int[] batchShape;
        if (ar == 2 && br == 2) batchShape = new int[0];
        else if (br == 2) batchShape = java.util.Arrays.copyOf(as, ar - 2);
        else if (ar == 2) batchShape = java.util.Arrays.copyOf(bs, br - 2);
        else {
            batchShape = java.util.Arrays.copyOf(as, ar - 2);
            if (!java.util.Arrays.equals(batchShape, java.util.Arrays.copyOf(bs, br - 2))) {
                throw new IllegalArgumentException("matmul: batch dimensions differ: " + Shapes.str(as) + " x " + Shapes.str(bs));
            }
        }
        int batch = Shapes.size(batchShape);
        int[] out = java.util.Arrays.copyOf(batchShape, batchShape.length + 2);
        out[out.length - 2] = m;
        out[out.length - 1] = n;
        float[] c = Workspace.floats(Shapes.size(out));
        int lda = as[ar - 1], ldb = bs[br - 1];
        if (br == 2 && !transA) {
            // A shared right operand: the batch is just more rows of one big gemm.
            Backends.active().sgemm(false, transB, batch * m, n, k, 1f, a.data(), 0, lda, b.data(), 0, ldb, 0f, c, 0, n);
        } else {
            int sa = ar == 2 ? 0 : m * k, sb = br == 2 ? 0 : k * n;
            Backends.active().sgemmBatched(transA, transB, m, n, k, 1f, a.data(), 0, lda, sa, b.data(), 0, ldb, sb,
                    0f, c, 0, n, m * n, batch);
        }
        return NDArray.output(c, out);
    }

    /** {@code x · w^T + bias} for x [..., in], w [out, in] (PyTorch's Linear layout), bias [out] or null. */
    public static NDArray linear(NDArray x, NDArray w, NDArray bias) {
        int[] xs = x.shape(), ws = w.shape();
        if (ws.length != 2 || xs.length < 1 || xs[xs.length - 1] != ws[1]) {
            throw new IllegalArgumentException("linear: input " + Shapes.str(xs) + " does not match weight " + Shapes.str(ws)
                    + " (expected input [..., " + (ws.length == 2 ? ws[1] : "in") + "] and weight [out, in])");
        }
        int in = ws[1], outF = ws[0];
        if (bias != null && !bias.hasShape(outF)) {
            throw new IllegalArgumentException("linear: bias " + Shapes.str(bias.shape()) + " does not match weight " + Shapes.str(ws)
                    + " (expected [" + outF + "])");
        }
        int rows = in == 0 ? Shapes.size(java.util.Arrays.copyOf(xs, xs.length - 1)) : x.size() / in;
        int[] out = xs.clone();
        out[out.length - 1] = outF;
        float[] c = Workspace.floats(rows * outF);
        float beta = 0f;
        if (bias != null) {
            float[] bd = bias.data();
            for (int r = 0; r < rows; r++) System.arraycopy(bd, 0, c, r * outF, outF);
            beta = 1f;
        }
        Backends.active().sgemm(false, true, rows, outF, in, 1f, x.data(), 0, in, w.data(), 0, in, beta, c, 0, outF);
        return NDArray.output(c, out);
    }

    public static NDArray dot(NDArray a, NDArray b) {
        if (a.rank() != 1 || b.rank() != 1 || a.size() != b.size()) {
            throw new IllegalArgumentException("dot: expected two vectors of equal length, got " + Shapes.str(a.shape()) + " and " + Shapes.str(b.shape()));
        }
        float[] x = a.data(), y = b.data();
        double s = 0;
        for (int i = 0; i < x.length; i++) s += (double) x[i] * y[i];
        return NDArray.scalar((float) s);
    }

    public static NDArray outer(NDArray a, NDArray b) {
        if (a.rank() != 1 || b.rank() != 1) {
            throw new IllegalArgumentException("outer: expected two vectors, got " + Shapes.str(a.shape()) + " and " + Shapes.str(b.shape()));
        }
        return a.reshape(a.size(), 1).mul(b.reshape(1, b.size()));
    }
}
