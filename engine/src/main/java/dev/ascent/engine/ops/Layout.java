package dev.ascent.engine.ops;

import dev.ascent.engine.NDArray;
import dev.ascent.engine.Workspace;
import dev.ascent.engine.Shapes;

import java.util.Arrays;

/** Shape-changing ops. Only reshape is a view; everything here copies into a new contiguous array. */
public final class Layout {
    private Layout() {}

    /** Resolves a single -1 in {@code requested} and checks the element count. */
    public static int[] inferShape(String op, int[] shape, int[] requested) {
        int[] out = requested.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < out.length; i++) {
            if (out[i] == -1) {
                if (infer >= 0) throw new IllegalArgumentException(op + ": only one dimension can be -1 in " + Arrays.toString(requested));
                infer = i;
            } else if (out[i] < 0) {
                throw new IllegalArgumentException(op + ": invalid dimension " + out[i] + " in " + Arrays.toString(requested));
            } else {
                known *= out[i];
            }
        }
        int size = Shapes.size(shape);
        if (infer >= 0) {
            if (known == 0 || size % known != 0) {
                throw new IllegalArgumentException(op + ": cannot reshape " + Shapes.str(shape) + " into " + Arrays.toString(requested));
            }
            out[infer] = (int) (size / known);
        } else if (known != size) {
            throw new IllegalArgumentException(op + ": cannot reshape " + Shapes.str(shape) + " (" + size + " elements) into "
                    + Arrays.toString(requested) + " (" + known + " elements)");
        }
        return out;
    }

    public static NDArray transpose(NDArray a) {
        int r = a.rank();
        if (r < 2) throw new IllegalArgumentException("transpose: expected rank >= 2, got shape " + Shapes.str(a.shape()));
        int[] perm = new int[r];
        for (int i = 0; i < r; i++) perm[i] = i;
        perm[r - 2] = r - 1;
        perm[r - 1] = r - 2;
        return permute(a, perm);
    }

    public static NDArray permute(NDArray a, int... perm) {
        int[] shape = a.shape();
        int r = shape.length;
        if (perm.length != r) {
            throw new IllegalArgumentException("permute: " + Arrays.toString(perm) + " is not a permutation of the " + r + " axes of " + Shapes.str(shape));
        }
        boolean[] seen = new boolean[r];
        int[] p = new int[r];
        for (int i = 0; i < r; i++) {
            p[i] = Shapes.axis("permute", perm[i], r);
            if (seen[p[i]]) throw new IllegalArgumentException("permute: axis " + perm[i] + " repeated in " + Arrays.toString(perm));
            seen[p[i]] = true;
        }
        int[] out = new int[r];
        for (int i = 0; i < r; i++) out[i] = shape[p[i]];
        float[] x = a.data();
        float[] o = Workspace.floats(x.length);
        if (r == 2 && p[0] == 1) {
            int rows = shape[0], cols = shape[1];
            for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) o[j * rows + i] = x[i * cols + j];
            return NDArray.output(o, out);
        }
        int[] inStrides = Shapes.strides(shape);
        int[] src = new int[r];
        for (int i = 0; i < r; i++) src[i] = inStrides[p[i]];
        int[] idx = new int[r];
        int off = 0;
        for (int k = 0; k < o.length; k++) {
            o[k] = x[off];
            for (int d = r - 1; d >= 0; d--) {
                idx[d]++;
                off += src[d];
                if (idx[d] < out[d]) break;
                off -= src[d] * out[d];
                idx[d] = 0;
            }
        }
        return NDArray.output(o, out);
    }

    public static NDArray slice(NDArray a, int axis, int start, int end) {
        int[] shape = a.shape();
        int ax = Shapes.axis("slice", axis, shape.length);
        if (start < 0 || end > shape[ax] || start > end) {
            throw new IllegalArgumentException("slice: range [" + start + ", " + end + ") is invalid for axis " + axis + " of shape " + Shapes.str(shape));
        }
        int outer = 1, inner = 1;
        for (int i = 0; i < ax; i++) outer *= shape[i];
        for (int i = ax + 1; i < shape.length; i++) inner *= shape[i];
        int len = end - start;
        int[] out = shape.clone();
        out[ax] = len;
        float[] x = a.data();
        float[] o = Workspace.floats(outer * len * inner);
        for (int q = 0; q < outer; q++) {
            System.arraycopy(x, (q * shape[ax] + start) * inner, o, q * len * inner, len * inner);
        }
        return NDArray.output(o, out);
    }

    /** The adjoint of {@link #slice}: {@code a} placed at {@code [start, start+len)} of a zero array with {@code size} entries along the axis. */
    public static NDArray padSlice(NDArray a, int axis, int start, int size) {
        int[] shape = a.shape();
        int ax = Shapes.axis("pad", axis, shape.length);
        int len = shape[ax];
        if (start < 0 || start + len > size) {
            throw new IllegalArgumentException("pad: a slice of length " + len + " at " + start + " does not fit in " + size);
        }
        int outer = 1, inner = 1;
        for (int i = 0; i < ax; i++) outer *= shape[i];
        for (int i = ax + 1; i < shape.length; i++) inner *= shape[i];
        int[] out = shape.clone();
        out[ax] = size;
        float[] x = a.data();
        float[] o = Workspace.zeros(outer * size * inner);
        for (int q = 0; q < outer; q++) {
            System.arraycopy(x, q * len * inner, o, (q * size + start) * inner, len * inner);
        }
        return NDArray.output(o, out);
    }

    public static NDArray expand(NDArray a, int... target) {
        int[] shape = a.shape();
        int[] b = Shapes.broadcast("expand", shape, target);
        if (!Arrays.equals(b, target)) {
            throw new IllegalArgumentException("expand: shape " + Shapes.str(shape) + " cannot be expanded to " + Arrays.toString(target));
        }
        if (Arrays.equals(shape, target)) return a.copy();
        float[] x = a.data();
        float[] o = Workspace.floats(Shapes.size(target));
        if (x.length == 1) {
            Arrays.fill(o, x[0]);
            return NDArray.output(o, target);
        }
        int r = target.length;
        int[] s = Shapes.broadcastStrides(shape, target);
        int run = target[r - 1];
        int rows = run == 0 ? 0 : o.length / run;
        int[] idx = new int[r];
        int off = 0;
        for (int q = 0; q < rows; q++) {
            if (s[r - 1] == 1) System.arraycopy(x, off, o, q * run, run);
            else Arrays.fill(o, q * run, (q + 1) * run, x[off]);
            for (int d = r - 2; d >= 0; d--) {
                idx[d]++;
                off += s[d];
                if (idx[d] < target[d]) break;
                off -= s[d] * target[d];
                idx[d] = 0;
            }
        }
        return NDArray.output(o, target);
    }

    public static NDArray concat(int axis, NDArray... arrays) {
        if (arrays.length == 0) throw new IllegalArgumentException("concat: needs at least one array");
        int[] first = arrays[0].shape();
        int ax = Shapes.axis("concat", axis, first.length);
        int total = 0;
        for (NDArray a : arrays) {
            int[] s = a.shape();
            boolean ok = s.length == first.length;
            for (int i = 0; ok && i < s.length; i++) if (i != ax && s[i] != first[i]) ok = false;
            if (!ok) {
                throw new IllegalArgumentException("concat: shapes " + Shapes.str(first) + " and " + Shapes.str(s)
                        + " differ outside axis " + axis);
            }
            total += s[ax];
        }
        int outer = 1, inner = 1;
        for (int i = 0; i < ax; i++) outer *= first[i];
        for (int i = ax + 1; i < first.length; i++) inner *= first[i];
        int[] out = first.clone();
        out[ax] = total;
        float[] o = Workspace.floats(outer * total * inner);
        int at = 0;
        for (NDArray a : arrays) {
            int len = a.dim(ax);
            float[] x = a.data();
            for (int q = 0; q < outer; q++) {
                System.arraycopy(x, q * len * inner, o, (q * total + at) * inner, len * inner);
            }
            at += len;
        }
        return NDArray.output(o, out);
    }

    public static NDArray stack(int axis, NDArray... arrays) {
        if (arrays.length == 0) throw new IllegalArgumentException("stack: needs at least one array");
        int[] s = arrays[0].shape();
        int ax = Shapes.axis("stack", axis, s.length + 1);
        int[] un = new int[s.length + 1];
        for (int i = 0, j = 0; i < un.length; i++) un[i] = i == ax ? 1 : s[j++];
        NDArray[] parts = new NDArray[arrays.length];
        for (int i = 0; i < arrays.length; i++) {
            if (!arrays[i].hasShape(s)) {
                throw new IllegalArgumentException("stack: shapes " + Shapes.str(s) + " and " + Shapes.str(arrays[i].shape()) + " differ");
            }
            parts[i] = arrays[i].reshape(un);
        }
        return concat(ax, parts);
    }
}
