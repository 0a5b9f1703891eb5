package dev.ascent.engine.backend;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Packed transposes of the B operand of {@code A·B^T}, kept per thread and validated by content.
 *
 * <p>Why: {@code x·W^T} with PyTorch's [out, in] weight layout is the forward of every linear layer, and
 * the SIMD kernel wants W^T contiguous. Transposing a 64×64 weight costs as much as the whole product
 * for the small batches of RL (a 4-env acting step, a 128-row minibatch). Weights change only at optimizer
 * steps, so the same transpose is needed again and again. Tensors carry no version counter that every
 * writer would bump, so each cached entry keeps a snapshot of the source and is reused only when the
 * source still equals it — a vectorised comparison that is several times cheaper than a transpose and
 * can never return a stale result.
 */
final class TransposeCache {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int ENTRIES = 8;
    /** Larger operands are transposed every time: their product dwarfs the copy, and caching doubles memory. */
    private static final int MAX_CACHED = 1 << 20;

    private static final ThreadLocal<Entry[]> CACHE = ThreadLocal.withInitial(() -> new Entry[ENTRIES]);
    private static final ThreadLocal<int[]> CLOCK = ThreadLocal.withInitial(() -> new int[1]);

    private TransposeCache() {}

    private static final class Entry {
        float[] source;      // identity of the array the snapshot was taken from
        int offset, ld, rows, cols;
        float[] snapshot;    // rows × cols, contiguous
        float[] packed;      // cols × rows: the transpose
        int lastUse;
    }

    /** The transpose [cols, rows] of the rows × cols matrix at {@code src[off]} with leading dimension ld. */
    static float[] transposed(float[] src, int off, int ld, int rows, int cols) {
        int size = rows * cols;
        if (size > MAX_CACHED) {
            float[] t = VectorGemm.scratch(BIG, size);
            VectorGemm.transpose(src, off, ld, rows, cols, t);
            return t;
        }
        Entry[] cache = CACHE.get();
        int now = ++CLOCK.get()[0];
        for (Entry e : cache) {
            if (e != null && e.source == src && e.offset == off && e.ld == ld && e.rows == rows && e.cols == cols) {
                e.lastUse = now;
                if (!unchanged(src, off, ld, rows, cols, e.snapshot)) refresh(e, src);
                return e.packed;
            }
        }
        int slot = 0; // least recently used, or the first empty slot
        for (int i = 0; i < cache.length; i++) {
            if (cache[i] == null) {
                slot = i;
                break;
            }
            if (cache[i].lastUse < cache[slot].lastUse) slot = i;
        }
        Entry e = cache[slot] != null && cache[slot].snapshot.length == size ? cache[slot] : new Entry();
        if (e.snapshot == null || e.snapshot.length != size) {
            e.snapshot = new float[size];
            e.packed = new float[size];
        }
        e.source = src;
        e.offset = off;
        e.ld = ld;
        e.rows = rows;
        e.cols = cols;
        e.lastUse = now;
        refresh(e, src);
        cache[slot] = e;
        return e.packed;
    }

    private static final ThreadLocal<float[]> BIG = ThreadLocal.withInitial(() -> new float[0]);

    private static void refresh(Entry e, float[] src) {
        for (int r = 0; r < e.rows; r++) System.arraycopy(src, e.offset + r * e.ld, e.snapshot, r * e.cols, e.cols);
        VectorGemm.transpose(e.snapshot, 0, e.cols, e.rows, e.cols, e.packed);
    }

    /** Bitwise comparison (so NaNs and signed zeros count as unchanged only when identical). */
    private static boolean unchanged(float[] src, int off, int ld, int rows, int cols, float[] snap) {
        int vec = cols - cols % S.length();
        for (int r = 0; r < rows; r++) {
            int s = off + r * ld, d = r * cols;
            for (int q = 0; q < vec; q += S.length()) {
                FloatVector a = FloatVector.fromArray(S, src, s + q), b = FloatVector.fromArray(S, snap, d + q);
                if (!a.reinterpretAsInts().compare(VectorOperators.EQ, b.reinterpretAsInts()).allTrue()) return false;
            }
            for (int q = vec; q < cols; q++) {
                if (Float.floatToRawIntBits(src[s + q]) != Float.floatToRawIntBits(snap[d + q])) return false;
            }
        }
        return true;
    }
}
