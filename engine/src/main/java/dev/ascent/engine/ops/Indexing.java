package dev.ascent.engine.ops;

import dev.ascent.engine.NDArray;
import dev.ascent.engine.Workspace;
import dev.ascent.engine.Shapes;

/** Gather/scatter along an axis, row selection, and one-hot encoding. Indices are floats holding integers. */
public final class Indexing {
    private Indexing() {}

    /**
     * {@code torch.gather}: out has the index's shape, and out[o, j, i] = a[o, index[o, j, i], i] with
     * the axis in the middle. The index must match {@code a}'s shape on every other axis.
     */
    public static NDArray gather(NDArray a, int axis, NDArray index) {
        int[] as = a.shape(), is = index.shape();
        int ax = checkIndexShape("gather", as, is, axis);
        int outer = 1, inner = 1;
        for (int i = 0; i < ax; i++) outer *= as[i];
        for (int i = ax + 1; i < as.length; i++) inner *= as[i];
        int n = as[ax], m = is[ax];
        float[] x = a.data(), idx = index.data();
        float[] o = Workspace.floats(idx.length);
        for (int q = 0; q < outer; q++) {
            for (int j = 0; j < m; j++) {
                for (int i = 0; i < inner; i++) {
                    int at = (q * m + j) * inner + i;
                    int r = toIndex("gather", idx[at], n);
                    o[at] = x[(q * n + r) * inner + i];
                }
            }
        }
        return NDArray.output(o, is);
    }

    /** The adjoint of gather: zeros of {@code shape}, then out[o, index[o,j,i], i] += src[o, j, i]. */
    public static NDArray scatterAdd(NDArray src, int axis, NDArray index, int... shape) {
        int[] is = index.shape();
        if (!src.hasShape(is)) {
            throw new IllegalArgumentException("scatter_add: source " + Shapes.str(src.shape()) + " and index " + Shapes.str(is) + " differ");
        }
        int ax = checkIndexShape("scatter_add", shape, is, axis);
        int outer = 1, inner = 1;
        for (int i = 0; i < ax; i++) outer *= shape[i];
        for (int i = ax + 1; i < shape.length; i++) inner *= shape[i];
        int n = shape[ax], m = is[ax];
        float[] s = src.data(), idx = index.data();
        float[] o = Workspace.zeros(Shapes.size(shape));
        for (int q = 0; q < outer; q++) {
            for (int j = 0; j < m; j++) {
                for (int i = 0; i < inner; i++) {
                    int at = (q * m + j) * inner + i;
                    o[(q * n + toIndex("scatter_add", idx[at], n)) * inner + i] += s[at];
                }
            }
        }
        return NDArray.output(o, shape.clone());
    }

    private static int checkIndexShape(String op, int[] as, int[] is, int axis) {
        int ax = Shapes.axis(op, axis, as.length);
        boolean ok = as.length == is.length;
        for (int i = 0; ok && i < as.length; i++) if (i != ax && as[i] != is[i]) ok = false;
        if (!ok) {
            throw new IllegalArgumentException(op + ": index shape " + Shapes.str(is) + " must equal input shape " + Shapes.str(as)
                    + " except along axis " + axis);
        }
        return ax;
    }

    private static int toIndex(String op, float v, int n) {
        int r = (int) v;
        if (r != v || r < 0 || r >= n) {
            throw new IndexOutOfBoundsException(op + ": index " + v + " is out of range for a dimension of size " + n
                    + " (expected an integer in [0, " + n + "))");
        }
        return r;
    }

    public static NDArray takeRows(NDArray a, int[] index) {
        int[] as = a.shape();
        if (as.length == 0) throw new IllegalArgumentException("take_rows: cannot index a scalar");
        int rows = as[0], row = rows == 0 ? 0 : a.size() / rows;
        float[] x = a.data();
        float[] o = Workspace.floats(index.length * row);
        for (int i = 0; i < index.length; i++) {
            int r = index[i];
            if (r < 0 || r >= rows) throw new IndexOutOfBoundsException("take_rows: row " + r + " is out of range for shape " + Shapes.str(as));
            System.arraycopy(x, r * row, o, i * row, row);
        }
        int[] out = as.clone();
        out[0] = index.length;
        return NDArray.output(o, out);
    }

    public static NDArray indexAddRows(NDArray src, int[] index, int rows) {
        int[] ss = src.shape();
        if (ss.length == 0 || ss[0] != index.length) {
            throw new IllegalArgumentException("index_add_rows: source " + Shapes.str(ss) + " needs " + index.length + " rows");
        }
        int row = index.length == 0 ? Shapes.size(java.util.Arrays.copyOfRange(ss, 1, ss.length)) : src.size() / index.length;
        float[] s = src.data();
        float[] o = Workspace.zeros(rows * row);
        for (int i = 0; i < index.length; i++) {
            int r = index[i];
            if (r < 0 || r >= rows) throw new IndexOutOfBoundsException("index_add_rows: row " + r + " is out of range [0, " + rows + ")");
            int d = r * row, sr = i * row;
            for (int j = 0; j < row; j++) o[d + j] += s[sr + j];
        }
        int[] out = ss.clone();
        out[0] = rows;
        return NDArray.output(o, out);
    }

    public static NDArray oneHot(NDArray indices, int classes) {
        if (classes <= 0) throw new IllegalArgumentException("one_hot: number of classes must be positive, got " + classes);
        float[] idx = indices.data();
        float[] o = Workspace.zeros(idx.length * classes);
        for (int i = 0; i < idx.length; i++) o[i * classes + toIndex("one_hot", idx[i], classes)] = 1f;
        int[] is = indices.shape();
        int[] out = java.util.Arrays.copyOf(is, is.length + 1);
        out[is.length] = classes;
        return NDArray.output(o, out);
    }
}
