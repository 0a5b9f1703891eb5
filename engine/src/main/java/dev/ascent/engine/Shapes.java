package dev.ascent.engine;

import java.util.Arrays;

/**
 * Shape arithmetic shared by every op: sizes, strides, axis normalisation and NumPy broadcasting.
 * Every shape error names the op and the shapes involved, because a bare "index out of bounds"
 * three layers below the user's call is the most common way an ML library wastes an afternoon.
 */
public final class Shapes {
    private Shapes() {}

    /** Number of elements of {@code shape}; the empty shape is a scalar with one element. */
    public static int size(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            n *= d;
            if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has more than 2^31-1 elements");
        }
        return (int) n;
    }

    /** Row-major (C order) strides in elements. */
    public static int[] strides(int[] shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= shape[i];
        }
        return s;
    }

    /** Maps a possibly negative axis (Python style, -1 is the last) onto [0, rank). */
    public static int axis(String op, int axis, int rank) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException(op + ": axis " + axis + " is out of range for a tensor of rank " + rank
                    + " (expected -" + rank + " <= axis < " + rank + ")");
        }
        return a;
    }

    /** Normalises, sorts and de-duplicates a list of axes; an empty list means "all axes". */
    public static int[] axes(String op, int[] axes, int rank) {
        if (axes == null || axes.length == 0) {
            int[] all = new int[rank];
            for (int i = 0; i < rank; i++) all[i] = i;
            return all;
        }
        boolean[] seen = new boolean[rank];
        int count = 0;
        for (int a : axes) {
            int n = axis(op, a, rank);
            if (seen[n]) throw new IllegalArgumentException(op + ": axis " + a + " is repeated in " + Arrays.toString(axes));
            seen[n] = true;
            count++;
        }
        int[] out = new int[count];
        int k = 0;
        for (int i = 0; i < rank; i++) if (seen[i]) out[k++] = i;
        return out;
    }

    /** The shape left after reducing {@code axes} (sorted, normalised), with or without kept size-1 dims. */
    public static int[] reduced(int[] shape, int[] axes, boolean keepDim) {
        boolean[] r = new boolean[shape.length];
        for (int a : axes) r[a] = true;
        int[] out = new int[keepDim ? shape.length : shape.length - axes.length];
        int k = 0;
        for (int i = 0; i < shape.length; i++) {
            if (!r[i]) out[k++] = shape[i];
            else if (keepDim) out[k++] = 1;
        }
        return out;
    }

    /** NumPy broadcasting of two shapes, or an exception naming the op and both shapes. */
    public static int[] broadcast(String op, int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i - (rank - a.length) >= 0 ? a[i - (rank - a.length)] : 1;
            int db = i - (rank - b.length) >= 0 ? b[i - (rank - b.length)] : 1;
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + ": shapes " + Arrays.toString(a) + " and " + Arrays.toString(b)
                        + " cannot be broadcast together (dimension " + i + ": " + da + " vs " + db + ")");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /**
     * Strides with which an array of {@code shape} is read when broadcast to {@code target}: 0 along
     * broadcast dimensions, so one index walk serves both operands.
     */
    public static int[] broadcastStrides(int[] shape, int[] target) {
        int[] own = strides(shape);
        int[] out = new int[target.length];
        int shift = target.length - shape.length;
        for (int i = 0; i < target.length; i++) {
            int j = i - shift;
            out[i] = (j < 0 || shape[j] == 1) ? 0 : own[j];
        }
        return out;
    }

    public static String str(int[] shape) {
        return Arrays.toString(shape);
    }

    public static void requireRank(String op, int[] shape, int rank) {
        if (shape.length != rank) {
            throw new IllegalArgumentException(op + ": expected a tensor of rank " + rank + ", got shape " + str(shape));
        }
    }
}
