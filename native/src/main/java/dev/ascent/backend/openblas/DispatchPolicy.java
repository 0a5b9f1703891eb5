package dev.ascent.backend.openblas;

import dev.ascent.engine.ops.Conv2dGeometry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which kernel the dispatching {@link OpenBlasBackend} runs, per operation and shape. Deterministic: the same
 * shape always goes the same way (so a run is reproducible), decided from measurements, not at run time.
 *
 * <ul>
 *   <li><b>gemm, Vector API available:</b> the measured {@link GemmDispatchTable} shipped in this jar
 *       ({@code -Dascent.openblas.dispatchTable=FILE} substitutes one calibrated on another machine).</li>
 *   <li><b>gemm, more than one BLAS thread:</b> products of at least {@value #PARALLEL_MIN_MULTIPLY_ADDS}
 *       multiply-adds go to OpenBLAS, which splits them over its threads; the table was measured single-threaded.</li>
 *   <li><b>gemm, scalar Java only:</b> always OpenBLAS. The scalar loops reach about 5 GFLOPS; staged OpenBLAS
 *       beats them from the smallest shapes up, so no table is needed.</li>
 *   <li><b>convolution:</b> OpenBLAS (shifted gemms or batched im2col, see {@code NativeConv2d}) from
 *       {@value #CONV_MIN_FLOPS} flops up; below that, the engine's Java convolution ({@code Im2colConvolution}).</li>
 * </ul>
 */
public final class DispatchPolicy {
    /** System property naming a dispatch-table file to use instead of the shipped one. */
    public static final String TABLE_PROPERTY = "ascent.openblas.dispatchTable";
    /**
     * Convolutions below this many flops (2·N·O·OH·OW·C·KH·KW) stay in Java. Measured: the native convolution is
     * faster from a 2×8×8 input with 4 3×3 filters (5 Kflop: 0.9 µs against 1.5 µs forward) up; only at a few hundred
     * flops is the Java one faster for some of the three kernels, by 0.1 µs.
     */
    public static final long CONV_MIN_FLOPS = 1L << 10;
    /**
     * With more than one BLAS thread, gemms of at least this many multiply-adds (m·n·k) go to OpenBLAS whatever the
     * table says. The table is measured with 1 BLAS thread, where Java wins many mid-size shapes, but the Java kernel
     * is single-threaded: at 2 threads OpenBLAS splits such a product over both cores and finishes it in a little over
     * half the time (the Atari CNN's fc1 input gradient, 32·3136·512, runs on Java at 1 thread). 2^24 (256·256·256,
     * about 130 µs on one core) is far above the cost of waking the second BLAS thread, and leaves PPO's 64-wide
     * layers at batch 2048 (2^23), where the Java kernel is level with 2-thread OpenBLAS plus its copies, to the table.
     */
    public static final long PARALLEL_MIN_MULTIPLY_ADDS = 1L << 24;

    private final GemmDispatchTable table; // null: always native

    private DispatchPolicy(GemmDispatchTable table) {
        this.table = table;
    }

    static DispatchPolicy forJavaKernel(boolean vectorApi) {
        return new DispatchPolicy(vectorApi ? loadTable() : null);
    }

    private static GemmDispatchTable loadTable() {
        String file = System.getProperty(TABLE_PROPERTY);
        if (file == null || file.isBlank()) return SHIPPED.TABLE;
        try {
            return GemmDispatchTable.parse(Files.readString(Path.of(file)));
        } catch (IOException e) {
            throw new IllegalArgumentException(TABLE_PROPERTY + "=" + file + " cannot be read: " + e, e);
        }
    }

    /** Holder: the shipped table is parsed once, on first use. */
    private static final class SHIPPED {
        static final GemmDispatchTable TABLE = GemmDispatchTable.shipped();
    }

    /** True when this gemm should run on OpenBLAS, false for the pure-Java kernel. */
    public boolean gemmOnNative(boolean transA, boolean transB, int m, int n, int k) {
        return table == null || table.nativeFaster(transA, transB, m, n, k) || parallelOnNative(m, n, k);
    }

    /** True when OpenBLAS has more than one thread and the product is large enough to split (see {@link #PARALLEL_MIN_MULTIPLY_ADDS}). */
    static boolean parallelOnNative(int m, int n, int k) {
        return OpenBlasLibrary.threadsSet() > 1 && (long) m * n * k >= PARALLEL_MIN_MULTIPLY_ADDS;
    }

    /** True when this convolution (forward or either gradient) should run on OpenBLAS. */
    public boolean convOnNative(Conv2dGeometry g) {
        double flops = 2.0 * g.batch() * g.outChannels() * g.outHeight() * g.outWidth() * g.patchSize();
        return flops >= CONV_MIN_FLOPS;
    }

    /** The gemm table in use, or null when every gemm goes native. */
    public GemmDispatchTable gemmTable() {
        return table;
    }

    @Override
    public String toString() {
        return table == null ? "gemm: always OpenBLAS; conv: OpenBLAS from " + CONV_MIN_FLOPS + " flops"
                : String.format("gemm: measured table (%.0f%% of grid cells native); conv: OpenBLAS from %d flops",
                100 * table.nativeShare(), CONV_MIN_FLOPS);
    }
}
