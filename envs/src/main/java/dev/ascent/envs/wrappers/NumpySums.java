package dev.ascent.envs.wrappers;

/** NumPy's summation order for 1-D float32 reductions ({@code pairwise_sum_FLOAT} in loops_utils.h.src). */
final class NumpySums {

    /** {@code PW_BLOCKSIZE}: blocks up to this size are summed with 8 accumulators. */
    private static final int BLOCK = 128;

    private NumpySums() {
    }

    /**
     * {@code np.add.reduce} of {@code n} contiguous float32 values starting at {@code offset}: the identity 0
     * plus the pairwise sum.
     */
    static float pairwiseSum(float[] a, int offset, int n) {
        return 0f + pairwise(a, offset, n);
    }

    private static float pairwise(float[] a, int offset, int n) {
        if (n < 8) {
            float res = 0f;
            for (int i = 0; i < n; i++) {
                res += a[offset + i];
            }
            return res;
        }
        if (n <= BLOCK) {
            float[] r = new float[8];
            for (int j = 0; j < 8; j++) {
                r[j] = a[offset + j];
            }
            int i;
            for (i = 8; i < n - (n % 8); i += 8) {
                for (int j = 0; j < 8; j++) {
                    r[j] += a[offset + i + j];
                }
            }
            float res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < n; i++) {
                res += a[offset + i];
            }
            return res;
        }
        int n2 = n / 2;
        n2 -= n2 % 8;
        return pairwise(a, offset, n2) + pairwise(a, offset + n2, n - n2);
    }
}
