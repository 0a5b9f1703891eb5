package dev.ascent.engine.backend;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD sgemm on the incubating Vector API. Only {@link VectorSupport} loads this class, and only when
 * the module is present.
 *
 * <p>Strategy, by shape (RL nets are mostly skinny):
 * <ul>
 *   <li>The core ({@link #blocked}) is GotoBLAS-style: op(B) is cut into KC × NC blocks, each packed into
 *       per-thread scratch as strips {@link #NR} columns wide (contiguous, so the micro-kernel streams
 *       them from L1 whatever B's leading dimension or transpose), A is walked MC rows at a time so
 *       its block stays in L2, and a 4-row × 4-vector micro-kernel (16 accumulators, four A pointers:
 *       an 8-row kernel measured slower here, its eight row pointers do not fit in registers) updates C.
 *       A is read in place with any strides, so a transposed A costs nothing. Packing B^T every call
 *       replaced a content-validated cache of it: in training the weights change between uses, so the
 *       cache missed and paid for a comparison and a copy on top of the transpose.</li>
 *   <li>Wide products (C of 256 columns or more, A of 64 rows or more: the squares from 256 up) go to
 *       {@link #blocked6}: the same blocking with a 6-row kernel (24 accumulators, AVX-512 only) over a
 *       copy of A whose rows sit a constant distance apart, so one pointer reaches all six. Measured at
 *       512³: 87–89% of OpenBLAS's own time before, 92–97% after; 1024³ from 67–76% to about 92%.</li>
 *   <li>k ≤ 4 (the first layer of CartPole, the backward of a 2-action head) is one pass per row of C.</li>
 *   <li>A small row-major B (the 64×64 layers of RL nets) is read in place: it already sits in L1, and
 *       packing it would cost about as much as the product at a batch of 64.</li>
 *   <li>{@code A·B^T} with few rows of A or few columns of C (batch-1 inference, acting on a few envs,
 *       value and logit heads) is a set of vectorised dot products: no packing.</li>
 *   <li>A C narrower than one vector but tall (the first layer's weight gradient, [64,4]) is computed
 *       transposed, {@code C^T = op(B)^T op(A)^T}, so the vectors run along the long side.</li>
 * </ul>
 * Determinism: each output is a fused multiply-add chain over p in ascending order within fixed k-panels,
 * combined with alpha (and beta) the same way in vector lanes and scalar edges, so the bits depend only
 * on the shape, never on the JIT tier.
 */
final class VectorGemm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Columns per packed strip: the micro-kernel's four vectors (64 floats with AVX-512: one strip spans a hidden layer of 64). */
    private static final int NR = 4 * L;
    /**
     * Dot products end in a horizontal reduction, which is markedly cheaper on 256-bit vectors than on
     * 512-bit ones (measured here: 64 dots of length 64 take 350 ns against 480 ns).
     */
    private static final VectorSpecies<Float> D = S.length() > 8 ? FloatVector.SPECIES_256 : S;
    private static final int DL = D.length();
    /** k-panel depth: one packed strip (KC × NR floats, 32 KB with AVX-512) stays in L1 (48 KB here). */
    private static final int KC = 128;
    /** Columns per packed block: KC × NC floats (512 KB) stay in L2. */
    private static final int NC = 1024;
    /** Rows of A per block: MC × KC floats (64 KB) stay in L2 while every strip of the block passes over them. */
    private static final int MC = 128;
    /** A row-major B up to this many floats is read in place instead of packed. */
    private static final int IN_PLACE_B = 16 * 1024;
    /**
     * Rows of A per register block of {@link #kernel6x4}: 24 accumulators, 4 vectors of B and a broadcast fit in
     * AVX-512's 32 registers (AVX2, with 8 lanes, has only 16: there the 4-row kernels stay).
     */
    private static final int MR = 6;
    /** {@link #MC} for {@link #blocked6}: a multiple of {@link #MR}. */
    private static final int MC6 = 120;
    /**
     * C at least this wide, with A at least {@link #MIN_ROWS_6} rows, goes to {@link #blocked6}: then op(B) is
     * packed anyway and its copy is spread over many rows. Narrower products (the 64-wide layers of RL nets) keep
     * the 4-row kernels, which read a small B in place.
     */
    private static final int MIN_COLUMNS_6 = 256;
    private static final int MIN_ROWS_6 = 64;
    /** Inner dimensions up to this go to {@link #smallK}. */
    private static final int SMALL_K = 4;
    /** A row-major B is read in place, whatever its size, when A has at most this many rows (packing would not pay). */
    private static final int FEW_ROWS = 16;
    /** {@code A·B^T} with at most this many rows of A uses dot products instead of packing B^T. */
    private static final int DOTS_MAX_ROWS = 4;

    private static final ThreadLocal<float[]> PACK_A = ThreadLocal.withInitial(() -> new float[0]);
    private static final ThreadLocal<float[]> PACK_B = ThreadLocal.withInitial(() -> new float[0]);
    private static final ThreadLocal<float[]> SWAP_C = ThreadLocal.withInitial(() -> new float[0]);
    private static final ThreadLocal<float[]> EDGE = ThreadLocal.withInitial(() -> new float[8 * L]);
    /** The register block of {@link #kernel4x4} or {@link #kernel6x4}, rows of NR, on its way to C (see {@link #flushTile}). */
    private static final ThreadLocal<float[]> TILE = ThreadLocal.withInitial(() -> new float[MR * NR]);

    private VectorGemm() {}

    static int lanes() {
        return L;
    }

    static float[] scratch(ThreadLocal<float[]> tl, int size) {
        float[] s = tl.get();
        if (s.length < size) {
            s = new float[size];
            tl.set(s);
        }
        return s;
    }

    static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) return;
        if (k == 0 || alpha == 0f) {
            ScalarGemm.scale(m, n, beta, c, cOff, ldc);
            return;
        }
        // Dots, except when k is too short to fill a vector and C is at least one vector wide (acting on a
        // few envs with CartPole's 4 inputs): there, smallK's packing of a k × n operand costs next to nothing.
        if (transB && !transA && (m <= DOTS_MAX_ROWS || n < L) && (k > SMALL_K || n < L)) {
            ScalarGemm.scale(m, n, beta, c, cOff, ldc);
            dots(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
            return;
        }
        if (n < L && m >= 2 * L) {
            ScalarGemm.scale(m, n, beta, c, cOff, ldc);
            swapped(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
            return;
        }
        // beta == 0: the first k-panel stores into C instead of adding to a zero-filled C (one pass less).
        boolean overwrite = beta == 0f;
        if (!overwrite) ScalarGemm.scale(m, n, beta, c, cOff, ldc);
        int ars = transA ? 1 : lda, acs = transA ? lda : 1;
        if (k <= SMALL_K) smallK(m, n, k, alpha, a, aOff, ars, acs, transB, b, bOff, ldb, c, cOff, ldc, overwrite);
        else blocked(m, n, k, alpha, a, aOff, ars, acs, transB, b, bOff, ldb, c, cOff, ldc, overwrite);
    }

    /**
     * k ≤ {@link #SMALL_K} (the 4 inputs of CartPole, the backward of a 2-action head): there is nothing to
     * block, and a register block's set-up and stores would outweigh its few FMAs, so each row of C is one
     * pass over the columns with op(B)'s k rows in hand. Same FMA chain per element as the kernels.
     */
    private static void smallK(int m, int n, int k, float alpha, float[] a, int aOff, int ars, int acs,
                               boolean transB, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean first) {
        float[] src = b;
        int so = bOff, ss = ldb;
        if (transB || n % L != 0) {
            ss = roundUp(n, L);
            src = scratch(PACK_B, k * ss);
            for (int p = 0; p < k; p++) {
                int d = p * ss;
                if (transB) for (int j = 0; j < n; j++) src[d + j] = b[bOff + j * ldb + p];
                else System.arraycopy(b, bOff + p * ldb, src, d, n);
                for (int j = n; j < ss; j++) src[d + j] = 0f;
            }
            so = 0;
        }
        if (alpha == 1f && n % NR == 0) {
            for (int j = 0; j < n; j += NR) smallKStrip(m, k, a, aOff, ars, acs, src, so + j, ss, c, cOff + j, ldc, first);
            return;
        }
        int nv = n - n % L;
        FloatVector al = FloatVector.broadcast(S, alpha);
        for (int i = 0; i < m; i++) {
            int ar = aOff + i * ars, cr = cOff + i * ldc;
            switch (k) {
                case 1 -> row1(nv, a[ar], src, so, al, c, cr, first);
                case 2 -> row2(nv, a[ar], a[ar + acs], src, so, ss, al, c, cr, first);
                case 3 -> row3(nv, a[ar], a[ar + acs], a[ar + 2 * acs], src, so, ss, al, c, cr, first);
                default -> row4(nv, a[ar], a[ar + acs], a[ar + 2 * acs], a[ar + 3 * acs], src, so, ss, al, c, cr, first);
            }
            if (nv < n) {
                FloatVector acc = FloatVector.zero(S);
                for (int p = 0; p < k; p++) {
                    acc = FloatVector.fromArray(S, src, so + p * ss + nv).fma(FloatVector.broadcast(S, a[ar + p * acs]), acc);
                }
                float[] edge = EDGE.get();
                acc.intoArray(edge, 0);
                storeScalar(edge, L, 1, n - nv, alpha, c, cr + nv, ldc, first);
            }
        }
    }

    /**
     * {@link #smallK} for one strip of {@link #NR} columns with alpha = 1, one row of C per call of
     * {@link #smallKRow4} (or 1..3): four vectors per row with no inner loop, no alpha and no helper calls. Measured
     * for CartPole's first layer at a batch of 2048: 29–40 µs against 41–46 µs for the general path, and 35 µs against
     * 93 µs for the 2-action head's input gradient (2048×64×2). The same FMA chain per element, p = 0..k-1 from zero;
     * alpha = 1 stores round as {@link #store} does (acc·1 = acc, fma(acc, 1, c) = acc + c). Keeping op(B) in
     * registers across rows measured 15 µs, but C2 then compiled the loop in some runs to 20–150× slower code.
     *
     * <p>Written for C2 (JDK 17), where the Vector API is fast only once intrinsified: the row loop holds no vector
     * (a long loop gets compiled on-stack first, and a vector live across its back edge comes in boxed, of unknown
     * type), the row methods are small and called often, so C2 compiles them early, and every vector operation is
     * called on a vector fresh from a load, broadcast or arithmetic intrinsic, never on one merged from branches.
     * Each of those mistakes made this path 20 to 150 times slower in some JVM runs (seen with
     * {@code DispatchCalibration verify}, whose many shapes pollute the profiles).
     */
    private static void smallKStrip(int m, int k, float[] a, int aOff, int ars, int acs, float[] b, int bo, int bs,
                                    float[] c, int cOff, int ldc, boolean first) {
        for (int i = 0; i < m; i++) {
            int ar = aOff + i * ars, cr = cOff + i * ldc;
            switch (k) {
                case 1 -> smallKRow1(a, ar, b, bo, c, cr, first);
                case 2 -> smallKRow2(a, ar, acs, b, bo, bs, c, cr, first);
                case 3 -> smallKRow3(a, ar, acs, b, bo, bs, c, cr, first);
                default -> smallKRow4(a, ar, acs, b, bo, bs, c, cr, first);
            }
        }
    }

    private static void smallKRow1(float[] a, int ar, float[] b, int bo, float[] c, int cr, boolean first) {
        FloatVector z = FloatVector.zero(S);
        FloatVector x = FloatVector.broadcast(S, a[ar]);
        FloatVector r0 = x.fma(FloatVector.fromArray(S, b, bo), z);
        FloatVector r1 = x.fma(FloatVector.fromArray(S, b, bo + L), z);
        FloatVector r2 = x.fma(FloatVector.fromArray(S, b, bo + 2 * L), z);
        FloatVector r3 = x.fma(FloatVector.fromArray(S, b, bo + 3 * L), z);
        if (first) {
            r0.intoArray(c, cr);
            r1.intoArray(c, cr + L);
            r2.intoArray(c, cr + 2 * L);
            r3.intoArray(c, cr + 3 * L);
        } else {
            r0.add(FloatVector.fromArray(S, c, cr)).intoArray(c, cr);
            r1.add(FloatVector.fromArray(S, c, cr + L)).intoArray(c, cr + L);
            r2.add(FloatVector.fromArray(S, c, cr + 2 * L)).intoArray(c, cr + 2 * L);
            r3.add(FloatVector.fromArray(S, c, cr + 3 * L)).intoArray(c, cr + 3 * L);
        }
    }

    private static void smallKRow2(float[] a, int ar, int acs, float[] b, int bo, int bs, float[] c, int cr,
                                   boolean first) {
        FloatVector z = FloatVector.zero(S);
        FloatVector x = FloatVector.broadcast(S, a[ar]);
        FloatVector r0 = x.fma(FloatVector.fromArray(S, b, bo), z);
        FloatVector r1 = x.fma(FloatVector.fromArray(S, b, bo + L), z);
        FloatVector r2 = x.fma(FloatVector.fromArray(S, b, bo + 2 * L), z);
        FloatVector r3 = x.fma(FloatVector.fromArray(S, b, bo + 3 * L), z);
        x = FloatVector.broadcast(S, a[ar + acs]);
        int o1 = bo + bs;
        r0 = x.fma(FloatVector.fromArray(S, b, o1), r0);
        r1 = x.fma(FloatVector.fromArray(S, b, o1 + L), r1);
        r2 = x.fma(FloatVector.fromArray(S, b, o1 + 2 * L), r2);
        r3 = x.fma(FloatVector.fromArray(S, b, o1 + 3 * L), r3);
        if (first) {
            r0.intoArray(c, cr);
            r1.intoArray(c, cr + L);
            r2.intoArray(c, cr + 2 * L);
            r3.intoArray(c, cr + 3 * L);
        } else {
            r0.add(FloatVector.fromArray(S, c, cr)).intoArray(c, cr);
            r1.add(FloatVector.fromArray(S, c, cr + L)).intoArray(c, cr + L);
            r2.add(FloatVector.fromArray(S, c, cr + 2 * L)).intoArray(c, cr + 2 * L);
            r3.add(FloatVector.fromArray(S, c, cr + 3 * L)).intoArray(c, cr + 3 * L);
        }
    }

    private static void smallKRow3(float[] a, int ar, int acs, float[] b, int bo, int bs, float[] c, int cr,
                                   boolean first) {
        FloatVector z = FloatVector.zero(S);
        FloatVector x = FloatVector.broadcast(S, a[ar]);
        FloatVector r0 = x.fma(FloatVector.fromArray(S, b, bo), z);
        FloatVector r1 = x.fma(FloatVector.fromArray(S, b, bo + L), z);
        FloatVector r2 = x.fma(FloatVector.fromArray(S, b, bo + 2 * L), z);
        FloatVector r3 = x.fma(FloatVector.fromArray(S, b, bo + 3 * L), z);
        x = FloatVector.broadcast(S, a[ar + acs]);
        int o1 = bo + bs;
        r0 = x.fma(FloatVector.fromArray(S, b, o1), r0);
        r1 = x.fma(FloatVector.fromArray(S, b, o1 + L), r1);
        r2 = x.fma(FloatVector.fromArray(S, b, o1 + 2 * L), r2);
        r3 = x.fma(FloatVector.fromArray(S, b, o1 + 3 * L), r3);
        x = FloatVector.broadcast(S, a[ar + 2 * acs]);
        int o2 = bo + 2 * bs;
        r0 = x.fma(FloatVector.fromArray(S, b, o2), r0);
        r1 = x.fma(FloatVector.fromArray(S, b, o2 + L), r1);
        r2 = x.fma(FloatVector.fromArray(S, b, o2 + 2 * L), r2);
        r3 = x.fma(FloatVector.fromArray(S, b, o2 + 3 * L), r3);
        if (first) {
            r0.intoArray(c, cr);
            r1.intoArray(c, cr + L);
            r2.intoArray(c, cr + 2 * L);
            r3.intoArray(c, cr + 3 * L);
        } else {
            r0.add(FloatVector.fromArray(S, c, cr)).intoArray(c, cr);
            r1.add(FloatVector.fromArray(S, c, cr + L)).intoArray(c, cr + L);
            r2.add(FloatVector.fromArray(S, c, cr + 2 * L)).intoArray(c, cr + 2 * L);
            r3.add(FloatVector.fromArray(S, c, cr + 3 * L)).intoArray(c, cr + 3 * L);
        }
    }

    private static void smallKRow4(float[] a, int ar, int acs, float[] b, int bo, int bs, float[] c, int cr,
                                   boolean first) {
        FloatVector z = FloatVector.zero(S);
        FloatVector x = FloatVector.broadcast(S, a[ar]);
        FloatVector r0 = x.fma(FloatVector.fromArray(S, b, bo), z);
        FloatVector r1 = x.fma(FloatVector.fromArray(S, b, bo + L), z);
        FloatVector r2 = x.fma(FloatVector.fromArray(S, b, bo + 2 * L), z);
        FloatVector r3 = x.fma(FloatVector.fromArray(S, b, bo + 3 * L), z);
        x = FloatVector.broadcast(S, a[ar + acs]);
        int o1 = bo + bs;
        r0 = x.fma(FloatVector.fromArray(S, b, o1), r0);
        r1 = x.fma(FloatVector.fromArray(S, b, o1 + L), r1);
        r2 = x.fma(FloatVector.fromArray(S, b, o1 + 2 * L), r2);
        r3 = x.fma(FloatVector.fromArray(S, b, o1 + 3 * L), r3);
        x = FloatVector.broadcast(S, a[ar + 2 * acs]);
        int o2 = bo + 2 * bs;
        r0 = x.fma(FloatVector.fromArray(S, b, o2), r0);
        r1 = x.fma(FloatVector.fromArray(S, b, o2 + L), r1);
        r2 = x.fma(FloatVector.fromArray(S, b, o2 + 2 * L), r2);
        r3 = x.fma(FloatVector.fromArray(S, b, o2 + 3 * L), r3);
        x = FloatVector.broadcast(S, a[ar + 3 * acs]);
        int o3 = bo + 3 * bs;
        r0 = x.fma(FloatVector.fromArray(S, b, o3), r0);
        r1 = x.fma(FloatVector.fromArray(S, b, o3 + L), r1);
        r2 = x.fma(FloatVector.fromArray(S, b, o3 + 2 * L), r2);
        r3 = x.fma(FloatVector.fromArray(S, b, o3 + 3 * L), r3);
        if (first) {
            r0.intoArray(c, cr);
            r1.intoArray(c, cr + L);
            r2.intoArray(c, cr + 2 * L);
            r3.intoArray(c, cr + 3 * L);
        } else {
            r0.add(FloatVector.fromArray(S, c, cr)).intoArray(c, cr);
            r1.add(FloatVector.fromArray(S, c, cr + L)).intoArray(c, cr + L);
            r2.add(FloatVector.fromArray(S, c, cr + 2 * L)).intoArray(c, cr + 2 * L);
            r3.add(FloatVector.fromArray(S, c, cr + 3 * L)).intoArray(c, cr + 3 * L);
        }
    }

    private static void row1(int nv, float a0, float[] b, int bo, FloatVector al, float[] c, int cr, boolean first) {
        FloatVector z = FloatVector.zero(S), x0 = FloatVector.broadcast(S, a0);
        for (int j = 0; j < nv; j += L) store(FloatVector.fromArray(S, b, bo + j).fma(x0, z), al, c, cr + j, first);
    }

    private static void row2(int nv, float a0, float a1, float[] b, int bo, int bs, FloatVector al, float[] c, int cr, boolean first) {
        FloatVector z = FloatVector.zero(S), x0 = FloatVector.broadcast(S, a0), x1 = FloatVector.broadcast(S, a1);
        int b1 = bo + bs;
        for (int j = 0; j < nv; j += L) {
            FloatVector acc = FloatVector.fromArray(S, b, bo + j).fma(x0, z);
            acc = FloatVector.fromArray(S, b, b1 + j).fma(x1, acc);
            store(acc, al, c, cr + j, first);
        }
    }

    private static void row3(int nv, float a0, float a1, float a2, float[] b, int bo, int bs, FloatVector al, float[] c, int cr,
                             boolean first) {
        FloatVector z = FloatVector.zero(S), x0 = FloatVector.broadcast(S, a0), x1 = FloatVector.broadcast(S, a1);
        FloatVector x2 = FloatVector.broadcast(S, a2);
        int b1 = bo + bs, b2 = b1 + bs;
        for (int j = 0; j < nv; j += L) {
            FloatVector acc = FloatVector.fromArray(S, b, bo + j).fma(x0, z);
            acc = FloatVector.fromArray(S, b, b1 + j).fma(x1, acc);
            acc = FloatVector.fromArray(S, b, b2 + j).fma(x2, acc);
            store(acc, al, c, cr + j, first);
        }
    }

    private static void row4(int nv, float a0, float a1, float a2, float a3, float[] b, int bo, int bs, FloatVector al,
                             float[] c, int cr, boolean first) {
        FloatVector z = FloatVector.zero(S), x0 = FloatVector.broadcast(S, a0), x1 = FloatVector.broadcast(S, a1);
        FloatVector x2 = FloatVector.broadcast(S, a2), x3 = FloatVector.broadcast(S, a3);
        int b1 = bo + bs, b2 = b1 + bs, b3 = b2 + bs;
        for (int j = 0; j < nv; j += L) {
            FloatVector acc = FloatVector.fromArray(S, b, bo + j).fma(x0, z);
            acc = FloatVector.fromArray(S, b, b1 + j).fma(x1, acc);
            acc = FloatVector.fromArray(S, b, b2 + j).fma(x2, acc);
            acc = FloatVector.fromArray(S, b, b3 + j).fma(x3, acc);
            store(acc, al, c, cr + j, first);
        }
    }

    /** dst[cols, rows] = src[rows, cols]^T (src with leading dimension ld). */
    static void transpose(float[] src, int off, int ld, int rows, int cols, float[] dst) {
        for (int r = 0; r < rows; r++) {
            int s = off + r * ld;
            for (int q = 0; q < cols; q++) dst[q * rows + r] = src[s + q];
        }
    }

    /** C^T[n,m] = op(B)^T · op(A)^T, then added into C. */
    private static void swapped(boolean transA, boolean transB, int m, int n, int k, float alpha,
                                float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                float[] c, int cOff, int ldc) {
        // Left operand: op(B)^T, element (j,p) = op(B)(p,j).
        int lrs = transB ? ldb : 1, lcs = transB ? 1 : ldb;
        // Right operand: op(A)^T [k,m], contiguous along m when A is transposed, else packed by blocked().
        float[] ct = scratch(SWAP_C, n * m);
        blocked(n, m, k, alpha, b, bOff, lrs, lcs, !transA, a, aOff, lda, ct, 0, m, true);
        for (int i = 0; i < m; i++) {
            int cr = cOff + i * ldc;
            for (int j = 0; j < n; j++) c[cr + j] += ct[j * m + i];
        }
    }

    /**
     * C[i,j] += alpha * dot(A[i,:], B[j,:]) with both rows contiguous. Each dot is a vector FMA chain over
     * the first k - k % DL elements, one lane reduction, then the remaining elements in order; four dots run
     * side by side (four columns, or four rows when C has fewer than four columns) so that their
     * reductions, which are latency-bound, overlap.
     */
    private static void dots(int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                             float[] b, int bOff, int ldb, float[] c, int cOff, int ldc) {
        int i = 0;
        if (n < 4) {
            for (; i + 4 <= m; i += 4) {
                int ar = aOff + i * lda, cr = cOff + i * ldc;
                for (int j = 0; j < n; j++) {
                    dot4(k, alpha, b, bOff + j * ldb, a, ar, ar + lda, ar + 2 * lda, ar + 3 * lda, c, cr + j, ldc);
                }
            }
        }
        for (; i < m; i++) {
            int ar = aOff + i * lda, cr = cOff + i * ldc;
            int j = 0;
            for (; j + 4 <= n; j += 4) {
                int b0 = bOff + j * ldb;
                dot4(k, alpha, a, ar, b, b0, b0 + ldb, b0 + 2 * ldb, b0 + 3 * ldb, c, cr + j, 1);
            }
            for (; j < n; j++) c[cr + j] += alpha * dot(k, a, ar, b, bOff + j * ldb);
        }
    }

    /** c[co + q*cs] += alpha * dot(x[x0..], y[yq..]) for q = 0..3. */
    private static void dot4(int k, float alpha, float[] x, int x0, float[] y, int y0, int y1, int y2, int y3,
                             float[] c, int co, int cs) {
        int kv = k - k % DL;
        float t0 = 0f, t1 = 0f, t2 = 0f, t3 = 0f;
        if (kv > 0) { // short rows (the 4 inputs of CartPole) skip the vector part and its reductions
            FloatVector s0 = FloatVector.zero(D), s1 = s0, s2 = s0, s3 = s0;
            for (int p = 0; p < kv; p += DL) {
                FloatVector xv = FloatVector.fromArray(D, x, x0 + p);
                s0 = FloatVector.fromArray(D, y, y0 + p).fma(xv, s0);
                s1 = FloatVector.fromArray(D, y, y1 + p).fma(xv, s1);
                s2 = FloatVector.fromArray(D, y, y2 + p).fma(xv, s2);
                s3 = FloatVector.fromArray(D, y, y3 + p).fma(xv, s3);
            }
            t0 = s0.reduceLanes(VectorOperators.ADD);
            t1 = s1.reduceLanes(VectorOperators.ADD);
            t2 = s2.reduceLanes(VectorOperators.ADD);
            t3 = s3.reduceLanes(VectorOperators.ADD);
        }
        for (int p = kv; p < k; p++) {
            float xv = x[x0 + p];
            t0 += xv * y[y0 + p];
            t1 += xv * y[y1 + p];
            t2 += xv * y[y2 + p];
            t3 += xv * y[y3 + p];
        }
        c[co] += alpha * t0;
        c[co + cs] += alpha * t1;
        c[co + 2 * cs] += alpha * t2;
        c[co + 3 * cs] += alpha * t3;
    }

    /** The same sum as one lane of {@link #dot4}. */
    private static float dot(int k, float[] x, int x0, float[] y, int y0) {
        int kv = k - k % DL;
        float t = 0f;
        if (kv > 0) {
            FloatVector s = FloatVector.zero(D);
            for (int p = 0; p < kv; p += DL) s = FloatVector.fromArray(D, y, y0 + p).fma(FloatVector.fromArray(D, x, x0 + p), s);
            t = s.reduceLanes(VectorOperators.ADD);
        }
        for (int p = kv; p < k; p++) t += x[x0 + p] * y[y0 + p];
        return t;
    }

    /**
     * C (+)= alpha · A·op(B) with A(i,p) = a[aOff + i*ars + p*acs] and op(B) = B (row-major, leading
     * dimension ldb) or, when {@code transB}, B^T. {@code overwrite}: the first k-panel stores into C.
     */
    private static void blocked(int m, int n, int k, float alpha, float[] a, int aOff, int ars, int acs,
                                boolean transB, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc,
                                boolean overwrite) {
        if (L >= 16 && n >= MIN_COLUMNS_6 && m >= MIN_ROWS_6) {
            blocked6(m, n, k, alpha, a, aOff, ars, acs, transB, b, bOff, ldb, c, cOff, ldc, overwrite);
            return;
        }
        // In place also when B's rows are at most one strip long (ldb <= NR): then B already is a packed strip (the
        // weight gradient's [batch, 64] activations), and packing it was a plain copy.
        boolean inPlace = !transB && n % L == 0 && ((long) k * ldb <= IN_PLACE_B || m <= FEW_ROWS || ldb <= NR);
        int kcMax = Math.min(k, KC), ncMax = Math.min(roundUp(n, L), NC);
        float[] packed = inPlace ? null : scratch(PACK_B, kcMax * ncMax);
        for (int j0 = 0; j0 < n; j0 += NC) {
            int nc = Math.min(NC, n - j0);
            for (int p0 = 0; p0 < k; p0 += KC) {
                int kc = Math.min(KC, k - p0);
                boolean first = overwrite && p0 == 0;
                if (!inPlace) pack(transB, b, bOff, ldb, p0, kc, j0, nc, false, packed);
                for (int i0 = 0; i0 < m; i0 += MC) {
                    int mc = Math.min(MC, m - i0);
                    int ab = aOff + i0 * ars + p0 * acs, cb = cOff + i0 * ldc + j0;
                    for (int js = 0; js < nc; js += NR) {
                        int w = Math.min(NR, nc - js);
                        float[] src = inPlace ? b : packed;
                        int so = inPlace ? bOff + p0 * ldb + j0 + js : js * kc;
                        int ss = inPlace ? ldb : stripStride(w);
                        strip(mc, w, kc, alpha, a, ab, ars, acs, src, so, ss, c, cb + js, ldc, first);
                    }
                }
            }
        }
    }

    /**
     * {@link #blocked} for C with many strips of columns: op(B) packed in strips of {@link #NR} columns (the last
     * zero-padded), each block of A copied into rows {@link #KC} apart (padded with zero rows to whole groups of
     * {@link #MR}), and every block, edges included, computed by {@link #kernel6x4}. The copy of A costs one pass
     * and gives the kernel a single pointer with constant offsets for its six rows. Padding rows and columns only
     * add lanes whose results are dropped: each element of C gets the same FMA chain as in the other kernels.
     */
    private static void blocked6(int m, int n, int k, float alpha, float[] a, int aOff, int ars, int acs,
                                 boolean transB, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc,
                                 boolean overwrite) {
        int kcMax = Math.min(k, KC), ncMax = Math.min(roundUp(n, NR), NC);
        float[] bp = scratch(PACK_B, kcMax * ncMax);
        float[] ap = scratch(PACK_A, roundUp(Math.min(m, MC6), MR) * KC);
        float[] tile = TILE.get();
        for (int j0 = 0; j0 < n; j0 += NC) {
            int nc = Math.min(NC, n - j0);
            for (int p0 = 0; p0 < k; p0 += KC) {
                int kc = Math.min(KC, k - p0);
                boolean first = overwrite && p0 == 0;
                pack(transB, b, bOff, ldb, p0, kc, j0, nc, true, bp);
                for (int i0 = 0; i0 < m; i0 += MC6) {
                    int mc = Math.min(MC6, m - i0);
                    copyRows(mc, kc, a, aOff + i0 * ars + p0 * acs, ars, acs, ap);
                    for (int js = 0; js < nc; js += NR) {
                        int w = Math.min(NR, nc - js), bo = js * kc, cb = cOff + i0 * ldc + j0 + js;
                        for (int i = 0; i < mc; i += MR) {
                            kernel6x4(kc, ap, i * KC, bp, bo, tile);
                            int rows = Math.min(MR, mc - i);
                            if (rows == MR && w == NR) flushTile(tile, MR, alpha, c, cb + i * ldc, ldc, first);
                            else storeScalar(tile, NR, rows, w, alpha, c, cb + i * ldc, ldc, first);
                        }
                    }
                }
            }
        }
    }

    /** dst[i*KC + p] = A(i, p) for the rows × kc block at a[ab], then zero rows up to a whole group of {@link #MR}. */
    private static void copyRows(int rows, int kc, float[] a, int ab, int ars, int acs, float[] dst) {
        if (acs == 1) {
            for (int i = 0; i < rows; i++) System.arraycopy(a, ab + i * ars, dst, i * KC, kc);
        } else {
            // A transposed (ars = 1): read along its contiguous rows, one p at a time.
            for (int p = 0; p < kc; p++) {
                int src = ab + p * acs;
                for (int i = 0; i < rows; i++) dst[i * KC + p] = a[src + i * ars];
            }
        }
        java.util.Arrays.fill(dst, rows * KC, roundUp(rows, MR) * KC, 0f);
    }

    /** Row stride of a packed strip w columns wide: NR, or the last strip's width rounded up to whole vectors. */
    private static int stripStride(int w) {
        return w == NR ? NR : roundUp(w, L);
    }

    private static int roundUp(int x, int q) {
        return (x + q - 1) / q * q;
    }

    /**
     * Packs op(B)[p0, p0+kc) × [j0, j0+nc) into strips: strip js (a multiple of NR) starts at js*kc and holds
     * kc rows of NR columns, except the last, which holds the remaining columns in rows of NR or, when at most
     * L remain, of L (zero-padded); with {@code padToNR}, every strip has rows of NR.
     */
    private static void pack(boolean transB, float[] b, int bOff, int ldb, int p0, int kc, int j0, int nc, boolean padToNR,
                             float[] dst) {
        for (int js = 0; js < nc; js += NR) {
            int w = Math.min(NR, nc - js);
            int stride = padToNR ? NR : stripStride(w), base = js * kc;
            int col = j0 + js;
            if (!transB) {
                int src = bOff + p0 * ldb + col;
                if (w == stride) {
                    for (int p = 0; p < kc; p++, src += ldb) System.arraycopy(b, src, dst, base + p * stride, w);
                } else {
                    for (int p = 0; p < kc; p++, src += ldb) {
                        int d = base + p * stride;
                        System.arraycopy(b, src, dst, d, w);
                        for (int q = w; q < stride; q++) dst[d + q] = 0f;
                    }
                }
            } else {
                // op(B)[p, j] = b[j*ldb + p]: read B's rows (contiguous), write down a column of the strip.
                for (int q = 0; q < w; q++) {
                    int src = bOff + (col + q) * ldb + p0, d = base + q;
                    for (int p = 0; p < kc; p++) dst[d + p * stride] = b[src + p];
                }
                for (int q = w; q < stride; q++) {
                    for (int p = 0; p < kc; p++) dst[base + q + p * stride] = 0f;
                }
            }
        }
    }

    /**
     * One strip of w ≤ NR columns of C (at c[cb]) over rows [0, mc) of the A block at a[ab], B strip at
     * src[so] with row stride ss (NR or L when packed, ldb in place).
     */
    private static void strip(int mc, int w, int kc, float alpha, float[] a, int ab, int ars, int acs,
                              float[] src, int so, int ss, float[] c, int cb, int ldc, boolean first) {
        if (w == NR) {
            int i = 0;
            float[] tile = TILE.get();
            if (acs == 1) {
                for (; i + 4 <= mc; i += 4) {
                    kernel4x4Rows(kc, a, ab + i * ars, ars, src, so, ss, tile);
                    flushTile(tile, 4, alpha, c, cb + i * ldc, ldc, first);
                }
            } else {
                for (; i + 4 <= mc; i += 4) {
                    kernel4x4(kc, a, ab + i * ars, ars, acs, src, so, ss, tile);
                    flushTile(tile, 4, alpha, c, cb + i * ldc, ldc, first);
                }
            }
            for (; i < mc; i++) kernel1x4(kc, a, ab + i * ars, acs, src, so, ss, alpha, c, cb + i * ldc, first);
            return;
        }
        int jv = 0;
        if (w >= 2 * L) {
            int i = 0;
            for (; i + 4 <= mc; i += 4) kernel4x2(kc, a, ab + i * ars, ars, acs, src, so, ss, alpha, c, cb + i * ldc, ldc, first);
            for (; i < mc; i++) kernel1x2(kc, a, ab + i * ars, acs, src, so, ss, alpha, c, cb + i * ldc, first);
            jv = 2 * L;
        }
        // Single vectors, the last possibly partial: full ones go straight to C, a partial one through a small
        // buffer (the arithmetic per element is the same either way).
        for (; jv < w; jv += L) {
            int wv = Math.min(L, w - jv);
            int sov = so + jv;
            if (wv == L) {
                int i = 0;
                for (; i + 4 <= mc; i += 4) kernel4x1(kc, a, ab + i * ars, ars, acs, src, sov, ss, alpha, c, cb + jv + i * ldc, ldc, first);
                for (; i < mc; i++) kernel1x1(kc, a, ab + i * ars, acs, src, sov, ss, alpha, c, cb + jv + i * ldc, first);
            } else {
                float[] edge = EDGE.get();
                for (int i = 0; i < mc; i += 4) {
                    int rows = Math.min(4, mc - i);
                    if (rows == 4) kernel4x1(kc, a, ab + i * ars, ars, acs, src, sov, ss, 1f, edge, 0, L, true);
                    else for (int r = 0; r < rows; r++) kernel1x1(kc, a, ab + (i + r) * ars, acs, src, sov, ss, 1f, edge, r * L, true);
                    storeScalar(edge, L, rows, wv, alpha, c, cb + jv + i * ldc, ldc, first);
                }
            }
        }
    }

    /**
     * {@link #kernel4x4} for rows of A that are contiguous along k (a plain A, unpacked): indexing A with p
     * itself (scale 1) lets C2 drop the four bounds checks per step that a runtime column stride keeps. With the
     * buffered stores of {@link #flushTile}, PPO's 2048×64·64×64 products went from 170–185 µs to 125–135 µs (thread
     * CPU time), about 90% of this machine's measured FMA peak. Same FMA chain per element.
     */
    private static void kernel4x4Rows(int kc, float[] a, int a0, int lda, float[] b, int bo, int bs, float[] t) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c03 = c00, c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00, c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        int a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda;
        for (int p = 0; p < kc; p++) {
            int br = bo + p * bs;
            FloatVector b0 = FloatVector.fromArray(S, b, br);
            FloatVector b1 = FloatVector.fromArray(S, b, br + L);
            FloatVector b2 = FloatVector.fromArray(S, b, br + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, b, br + 3 * L);
            FloatVector x = FloatVector.broadcast(S, a[a0 + p]);
            c00 = b0.fma(x, c00);
            c01 = b1.fma(x, c01);
            c02 = b2.fma(x, c02);
            c03 = b3.fma(x, c03);
            x = FloatVector.broadcast(S, a[a1 + p]);
            c10 = b0.fma(x, c10);
            c11 = b1.fma(x, c11);
            c12 = b2.fma(x, c12);
            c13 = b3.fma(x, c13);
            x = FloatVector.broadcast(S, a[a2 + p]);
            c20 = b0.fma(x, c20);
            c21 = b1.fma(x, c21);
            c22 = b2.fma(x, c22);
            c23 = b3.fma(x, c23);
            x = FloatVector.broadcast(S, a[a3 + p]);
            c30 = b0.fma(x, c30);
            c31 = b1.fma(x, c31);
            c32 = b2.fma(x, c32);
            c33 = b3.fma(x, c33);
            // The block goes out from inside the loop, straight from the last step's products: after the loop C2
            // knows the accumulators only as FloatVector (loop phis), and a store on them could fail to intrinsify;
            // the accumulators were then boxed on every iteration and the update ran 20× slower, in about one JVM
            // run in four. The branch costs one compare per 16 FMAs.
            if (p == kc - 1) {
                c00.intoArray(t, 0);
                c01.intoArray(t, L);
                c02.intoArray(t, 2 * L);
                c03.intoArray(t, 3 * L);
                c10.intoArray(t, 4 * L);
                c11.intoArray(t, 5 * L);
                c12.intoArray(t, 6 * L);
                c13.intoArray(t, 7 * L);
                c20.intoArray(t, 8 * L);
                c21.intoArray(t, 9 * L);
                c22.intoArray(t, 10 * L);
                c23.intoArray(t, 11 * L);
                c30.intoArray(t, 12 * L);
                c31.intoArray(t, 13 * L);
                c32.intoArray(t, 14 * L);
                c33.intoArray(t, 15 * L);
            }
        }
    }

    private static void kernel4x4(int kc, float[] a, int a0, int ars, int acs, float[] b, int bo, int bs, float[] t) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c03 = c00, c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00, c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        int a1 = a0 + ars, a2 = a1 + ars, a3 = a2 + ars;
        for (int p = 0; p < kc; p++) {
            int br = bo + p * bs, ap = p * acs;
            FloatVector b0 = FloatVector.fromArray(S, b, br);
            FloatVector b1 = FloatVector.fromArray(S, b, br + L);
            FloatVector b2 = FloatVector.fromArray(S, b, br + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, b, br + 3 * L);
            FloatVector x = FloatVector.broadcast(S, a[a0 + ap]);
            c00 = b0.fma(x, c00);
            c01 = b1.fma(x, c01);
            c02 = b2.fma(x, c02);
            c03 = b3.fma(x, c03);
            x = FloatVector.broadcast(S, a[a1 + ap]);
            c10 = b0.fma(x, c10);
            c11 = b1.fma(x, c11);
            c12 = b2.fma(x, c12);
            c13 = b3.fma(x, c13);
            x = FloatVector.broadcast(S, a[a2 + ap]);
            c20 = b0.fma(x, c20);
            c21 = b1.fma(x, c21);
            c22 = b2.fma(x, c22);
            c23 = b3.fma(x, c23);
            x = FloatVector.broadcast(S, a[a3 + ap]);
            c30 = b0.fma(x, c30);
            c31 = b1.fma(x, c31);
            c32 = b2.fma(x, c32);
            c33 = b3.fma(x, c33);
            // Stored from inside the loop, as in kernel4x4Rows.
            if (p == kc - 1) {
                c00.intoArray(t, 0);
                c01.intoArray(t, L);
                c02.intoArray(t, 2 * L);
                c03.intoArray(t, 3 * L);
                c10.intoArray(t, 4 * L);
                c11.intoArray(t, 5 * L);
                c12.intoArray(t, 6 * L);
                c13.intoArray(t, 7 * L);
                c20.intoArray(t, 8 * L);
                c21.intoArray(t, 9 * L);
                c22.intoArray(t, 10 * L);
                c23.intoArray(t, 11 * L);
                c30.intoArray(t, 12 * L);
                c31.intoArray(t, 13 * L);
                c32.intoArray(t, 14 * L);
                c33.intoArray(t, 15 * L);
            }
        }
    }

    /**
     * C[rows, 4 vectors] (+)= alpha · the block a register kernel left in {@code t} (rows of NR), each element
     * combined as {@link #store} does. Why the block goes through a buffer: with the alpha/beta/first-panel
     * combinations of 16 stores written out, the kernel grew past C2's node budget, C2 stopped inlining the store
     * helpers, and every call left behind boxed a vector (about a quarter of the kernel's time here; once in a few
     * JVM runs the boxing spread into the loop and the update took 20× longer).
     */
    private static void flushTile(float[] t, int rows, float alpha, float[] c, int co, int ldc, boolean first) {
        FloatVector al = FloatVector.broadcast(S, alpha);
        for (int r = 0; r < rows; r++) {
            for (int v = 0; v < 4; v++) {
                FloatVector acc = FloatVector.fromArray(S, t, r * NR + v * L);
                int off = co + r * ldc + v * L;
                // alpha = 1 (every autograd product) skips the multiply: acc·1 and fma(acc, 1, c) round as acc and acc + c.
                // Each branch stores its own result: a vector merged from branches has a type C2 does not know
                // exactly, and a store on it can fall back to boxed Java code.
                if (alpha == 1f) {
                    if (first) acc.intoArray(c, off);
                    else acc.add(FloatVector.fromArray(S, c, off)).intoArray(c, off);
                } else if (first) {
                    acc.mul(al).intoArray(c, off);
                } else {
                    acc.fma(al, FloatVector.fromArray(S, c, off)).intoArray(c, off);
                }
            }
        }
    }

    /** {@link #flushTile} for a partial block (rows × cols of t, rows ts apart), one element at a time, same rounding. */
    private static void storeScalar(float[] t, int ts, int rows, int cols, float alpha, float[] c, int co, int ldc,
                                    boolean first) {
        for (int r = 0; r < rows; r++) {
            int cr = co + r * ldc;
            for (int q = 0; q < cols; q++) {
                float x = t[r * ts + q];
                c[cr + q] = first ? x * alpha : Math.fma(x, alpha, c[cr + q]);
            }
        }
    }

    /**
     * The micro-kernel of {@link #blocked6}: 6 rows × 4 vectors (24 accumulators) over a copied block of A (rows
     * {@link #KC} apart, so one index register and constant offsets reach all six) and a packed strip of B (stride
     * NR). Each loaded vector of B feeds 6 FMAs instead of 4, which also makes the kernel less sensitive to the
     * strip's alignment (a misaligned array splits every load across two cache lines; the 4-row kernel lost up to
     * 13% at 512³ to that, this one about 4%). Same FMA chain per element as {@link #kernel4x4}; stores from
     * inside the loop for the same reason.
     */
    private static void kernel6x4(int kc, float[] a, int a0, float[] b, int bo, float[] t) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c03 = c00, c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00, c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        FloatVector c40 = c00, c41 = c00, c42 = c00, c43 = c00, c50 = c00, c51 = c00, c52 = c00, c53 = c00;
        for (int p = 0; p < kc; p++) {
            int br = bo + p * NR, ar = a0 + p;
            FloatVector b0 = FloatVector.fromArray(S, b, br);
            FloatVector b1 = FloatVector.fromArray(S, b, br + L);
            FloatVector b2 = FloatVector.fromArray(S, b, br + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, b, br + 3 * L);
            FloatVector x = FloatVector.broadcast(S, a[ar]);
            c00 = b0.fma(x, c00);
            c01 = b1.fma(x, c01);
            c02 = b2.fma(x, c02);
            c03 = b3.fma(x, c03);
            x = FloatVector.broadcast(S, a[ar + 1 * KC]);
            c10 = b0.fma(x, c10);
            c11 = b1.fma(x, c11);
            c12 = b2.fma(x, c12);
            c13 = b3.fma(x, c13);
            x = FloatVector.broadcast(S, a[ar + 2 * KC]);
            c20 = b0.fma(x, c20);
            c21 = b1.fma(x, c21);
            c22 = b2.fma(x, c22);
            c23 = b3.fma(x, c23);
            x = FloatVector.broadcast(S, a[ar + 3 * KC]);
            c30 = b0.fma(x, c30);
            c31 = b1.fma(x, c31);
            c32 = b2.fma(x, c32);
            c33 = b3.fma(x, c33);
            x = FloatVector.broadcast(S, a[ar + 4 * KC]);
            c40 = b0.fma(x, c40);
            c41 = b1.fma(x, c41);
            c42 = b2.fma(x, c42);
            c43 = b3.fma(x, c43);
            x = FloatVector.broadcast(S, a[ar + 5 * KC]);
            c50 = b0.fma(x, c50);
            c51 = b1.fma(x, c51);
            c52 = b2.fma(x, c52);
            c53 = b3.fma(x, c53);
            if (p == kc - 1) {
                c00.intoArray(t, 0);
                c01.intoArray(t, L);
                c02.intoArray(t, 2 * L);
                c03.intoArray(t, 3 * L);
                c10.intoArray(t, 4 * L);
                c11.intoArray(t, 5 * L);
                c12.intoArray(t, 6 * L);
                c13.intoArray(t, 7 * L);
                c20.intoArray(t, 8 * L);
                c21.intoArray(t, 9 * L);
                c22.intoArray(t, 10 * L);
                c23.intoArray(t, 11 * L);
                c30.intoArray(t, 12 * L);
                c31.intoArray(t, 13 * L);
                c32.intoArray(t, 14 * L);
                c33.intoArray(t, 15 * L);
                c40.intoArray(t, 16 * L);
                c41.intoArray(t, 17 * L);
                c42.intoArray(t, 18 * L);
                c43.intoArray(t, 19 * L);
                c50.intoArray(t, 20 * L);
                c51.intoArray(t, 21 * L);
                c52.intoArray(t, 22 * L);
                c53.intoArray(t, 23 * L);
            }
        }
    }

    private static void kernel1x4(int kc, float[] a, int a0, int acs, float[] b, int bo, int bs,
                                  float alpha, float[] c, int co, boolean first) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0;
        for (int p = 0; p < kc; p++) {
            int br = bo + p * bs;
            FloatVector x = FloatVector.broadcast(S, a[a0 + p * acs]);
            c0 = FloatVector.fromArray(S, b, br).fma(x, c0);
            c1 = FloatVector.fromArray(S, b, br + L).fma(x, c1);
            c2 = FloatVector.fromArray(S, b, br + 2 * L).fma(x, c2);
            c3 = FloatVector.fromArray(S, b, br + 3 * L).fma(x, c3);
        }
        FloatVector al = FloatVector.broadcast(S, alpha);
        store(c0, al, c, co, first);
        store(c1, al, c, co + L, first);
        store(c2, al, c, co + 2 * L, first);
        store(c3, al, c, co + 3 * L, first);
    }

    private static void kernel4x2(int kc, float[] a, int a0, int ars, int acs, float[] b, int bo, int bs,
                                  float alpha, float[] c, int co, int ldc, boolean first) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        int a1 = a0 + ars, a2 = a1 + ars, a3 = a2 + ars;
        for (int p = 0; p < kc; p++) {
            int br = bo + p * bs, ap = p * acs;
            FloatVector b0 = FloatVector.fromArray(S, b, br);
            FloatVector b1 = FloatVector.fromArray(S, b, br + L);
            FloatVector x = FloatVector.broadcast(S, a[a0 + ap]);
            c00 = b0.fma(x, c00);
            c01 = b1.fma(x, c01);
            x = FloatVector.broadcast(S, a[a1 + ap]);
            c10 = b0.fma(x, c10);
            c11 = b1.fma(x, c11);
            x = FloatVector.broadcast(S, a[a2 + ap]);
            c20 = b0.fma(x, c20);
            c21 = b1.fma(x, c21);
            x = FloatVector.broadcast(S, a[a3 + ap]);
            c30 = b0.fma(x, c30);
            c31 = b1.fma(x, c31);
        }
        FloatVector al = FloatVector.broadcast(S, alpha);
        int r = co;
        store(c00, al, c, r, first);
        store(c01, al, c, r + L, first);
        r += ldc;
        store(c10, al, c, r, first);
        store(c11, al, c, r + L, first);
        r += ldc;
        store(c20, al, c, r, first);
        store(c21, al, c, r + L, first);
        r += ldc;
        store(c30, al, c, r, first);
        store(c31, al, c, r + L, first);
    }

    private static void kernel1x2(int kc, float[] a, int a0, int acs, float[] b, int bo, int bs,
                                  float alpha, float[] c, int co, boolean first) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0;
        for (int p = 0; p < kc; p++) {
            int br = bo + p * bs;
            FloatVector x = FloatVector.broadcast(S, a[a0 + p * acs]);
            c0 = FloatVector.fromArray(S, b, br).fma(x, c0);
            c1 = FloatVector.fromArray(S, b, br + L).fma(x, c1);
        }
        FloatVector al = FloatVector.broadcast(S, alpha);
        store(c0, al, c, co, first);
        store(c1, al, c, co + L, first);
    }

    private static void kernel4x1(int kc, float[] a, int a0, int ars, int acs, float[] b, int bo, int bs,
                                  float alpha, float[] c, int co, int ldc, boolean first) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0;
        int a1 = a0 + ars, a2 = a1 + ars, a3 = a2 + ars;
        for (int p = 0; p < kc; p++) {
            int ap = p * acs;
            FloatVector b0 = FloatVector.fromArray(S, b, bo + p * bs);
            c0 = b0.fma(FloatVector.broadcast(S, a[a0 + ap]), c0);
            c1 = b0.fma(FloatVector.broadcast(S, a[a1 + ap]), c1);
            c2 = b0.fma(FloatVector.broadcast(S, a[a2 + ap]), c2);
            c3 = b0.fma(FloatVector.broadcast(S, a[a3 + ap]), c3);
        }
        FloatVector al = FloatVector.broadcast(S, alpha);
        store(c0, al, c, co, first);
        store(c1, al, c, co + ldc, first);
        store(c2, al, c, co + 2 * ldc, first);
        store(c3, al, c, co + 3 * ldc, first);
    }

    private static void kernel1x1(int kc, float[] a, int a0, int acs, float[] b, int bo, int bs,
                                  float alpha, float[] c, int co, boolean first) {
        FloatVector c0 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            c0 = FloatVector.fromArray(S, b, bo + p * bs).fma(FloatVector.broadcast(S, a[a0 + p * acs]), c0);
        }
        store(c0, FloatVector.broadcast(S, alpha), c, co, first);
    }

    private static void store(FloatVector acc, FloatVector alpha, float[] c, int off, boolean first) {
        if (first) acc.mul(alpha).intoArray(c, off);
        else acc.fma(alpha, FloatVector.fromArray(S, c, off)).intoArray(c, off);
    }
}
