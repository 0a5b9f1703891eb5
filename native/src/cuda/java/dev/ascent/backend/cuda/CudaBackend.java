package dev.ascent.backend.cuda;

import dev.ascent.backend.scratch.ThreadScratchPool;
import dev.ascent.engine.backend.Backend;
import dev.ascent.engine.backend.GemmChecks;
import dev.ascent.engine.ops.Conv2dGeometry;
import org.bytedeco.cuda.cudart.cudaDeviceProp;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;

import static dev.ascent.backend.cuda.CudaStatus.cublas;
import static dev.ascent.backend.cuda.CudaStatus.cuda;
import static dev.ascent.backend.cuda.CudaStatus.cudnn;
import static org.bytedeco.cuda.global.cublas.CUBLAS_OP_N;
import static org.bytedeco.cuda.global.cublas.CUBLAS_OP_T;
import static org.bytedeco.cuda.global.cublas.cublasSgemmStridedBatched;
import static org.bytedeco.cuda.global.cublas.cublasSgemm_v2;
import static org.bytedeco.cuda.global.cudart.cudaGetDeviceCount;
import static org.bytedeco.cuda.global.cudart.cudaGetDeviceProperties;
import static org.bytedeco.cuda.global.cudart.cudaMemcpyAsync;
import static org.bytedeco.cuda.global.cudart.cudaMemcpyDeviceToHost;
import static org.bytedeco.cuda.global.cudart.cudaMemcpyHostToDevice;
import static org.bytedeco.cuda.global.cudnn.cudnnConvolutionBackwardData;
import static org.bytedeco.cuda.global.cudnn.cudnnConvolutionBackwardFilter;
import static org.bytedeco.cuda.global.cudnn.cudnnConvolutionForward;
import static org.bytedeco.cuda.global.cudnn.cudnnGetVersion;

/**
 * The CUDA backend: sgemm through cuBLAS and the three convolution kernels through cuDNN, on one device
 * ({@code -Dascent.cuda.device=N}, default 0).
 *
 * <p><b>Data path and its limit.</b> The engine keeps tensors on the Java heap, and the {@link Backend} SPI passes
 * {@code float[]}. So every call stages its operands through pinned host memory to device buffers, runs the
 * kernel, and copies the result back: two PCIe transfers per op. That is correct and bounded (buffers are pooled
 * per thread, nothing is allocated per call once warm), and it pays off for large convolutions and gemms, where
 * compute dwarfs the transfer; for small RL networks the transfers dominate and the CPU backends win. Removing the
 * transfers needs device-resident tensors: an NDArray whose storage can be a device buffer, elementwise and
 * reduction kernels on the device (NVRTC-compiled or cuDNN op-tensor) so activations never come back to the heap,
 * and explicit host↔device moves at the edges (observations in, actions out). See the README.
 *
 * <p>Row-major sgemm on column-major cuBLAS: a row-major matrix read column-major is its transpose, so
 * {@code C = op(A)·op(B)} is computed as {@code C^T = op(B)^T·op(A)^T}, i.e. cuBLAS gets (B, A) and (n, m).
 *
 * <p><b>Unverified on hardware</b> at the time of writing: the development machine had no GPU. The tests tagged
 * {@code gpu} (the engine's conformance suite and a memory soak) run when a device is present.
 */
// cuDNN 9 marks its legacy convolution API deprecated in favour of the graph API; the legacy calls remain
// supported throughout 9.x and are a fraction of the code. Moving to the graph API is noted in native/README.md.
@SuppressWarnings("deprecation")
public final class CudaBackend implements Backend, AutoCloseable {
    /** System property selecting the device ordinal. */
    public static final String DEVICE_PROPERTY = "ascent.cuda.device";

    private final int device;
    private final String deviceName;
    private final ThreadScratchPool<CudaThreadContext> contexts;

    private CudaBackend(int device, String deviceName) {
        this.device = device;
        this.deviceName = deviceName;
        this.contexts = new ThreadScratchPool<>("this CUDA backend", owner -> new CudaThreadContext(owner, device));
    }

    /**
     * Loads the CUDA runtime, cuBLAS and cuDNN and opens a context on the device, or explains why it cannot.
     * Every failure, including {@code UnsatisfiedLinkError} and {@code NoClassDefFoundError}, becomes a
     * {@link CudaUnavailableException}: the caller falls back, the JVM does not die.
     */
    public static CudaBackend create() throws CudaUnavailableException {
        CudaBackend backend = null;
        try {
            Loader.load(org.bytedeco.cuda.global.cudart.class);
            Loader.load(org.bytedeco.cuda.global.cublas.class);
            Loader.load(org.bytedeco.cuda.global.cudnn.class);
            int[] count = new int[1];
            int status = cudaGetDeviceCount(count);
            if (status != 0 || count[0] == 0) throw new CudaUnavailableException("no CUDA device (cudaGetDeviceCount: status " + status + ", " + count[0] + " devices)");
            int device = Integer.getInteger(DEVICE_PROPERTY, 0);
            if (device < 0 || device >= count[0]) throw new CudaUnavailableException(DEVICE_PROPERTY + "=" + device + " but there are " + count[0] + " devices");
            String name;
            try (cudaDeviceProp props = new cudaDeviceProp()) {
                cuda(cudaGetDeviceProperties(props, device), "cudaGetDeviceProperties");
                name = props.name().getString();
            }
            backend = new CudaBackend(device, name);
            // Open this thread's context now, so a broken cuBLAS/cuDNN install fails here, not in the first op.
            backend.contexts.acquire().exit();
            return backend;
        } catch (CudaUnavailableException e) {
            if (backend != null) backend.close();
            throw e;
        } catch (Throwable t) {
            if (backend != null) {
                try {
                    backend.close();
                } catch (Throwable ignored) {
                    // already failing; report the first cause
                }
            }
            throw new CudaUnavailableException("CUDA could not be initialised: " + t, t);
        }
    }

    @Override
    public String name() {
        return "cuda";
    }

    @Override
    public String description() {
        return "cuda (" + deviceName + ", device " + device + ", cuDNN " + cudnnGetVersion() + ")";
    }

    @Override
    public String toString() {
        return description();
    }

    // ---------------------------------------------------------------- gemm

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc) {
        sgemmBatched(transA, transB, m, n, k, alpha, a, aOff, lda, 0, b, bOff, ldb, 0, beta, c, cOff, ldc, 0, 1);
    }

    @Override
    public void sgemmBatched(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOff, int lda, int strideA,
                             float[] b, int bOff, int ldb, int strideB,
                             float beta, float[] c, int cOff, int ldc, int strideC, int batch) {
        ensureOpen();
        if (batch < 0) throw new IllegalArgumentException("sgemmBatched: negative batch " + batch);
        if (batch == 0) return;
        GemmChecks.check(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        if (batch > 1) {
            long last = batch - 1L;
            long la = aOff + last * strideA, lb = bOff + last * strideB, lc = cOff + last * strideC;
            if (la != (int) la || lb != (int) lb || lc != (int) lc) throw new IllegalArgumentException("sgemmBatched: offsets overflow an int");
            GemmChecks.check(transA, transB, m, n, k, a, (int) la, lda, b, (int) lb, ldb, c, (int) lc, ldc);
        }
        if (m == 0 || n == 0) return;
        if (k == 0 || alpha == 0f) {
            for (int i = 0; i < batch; i++) scale(m, n, beta, c, cOff + i * strideC, ldc);
            return;
        }
        int aRows = transA ? k : m, aCols = transA ? m : k, bRows = transB ? n : k, bCols = transB ? k : n;
        long aSize = (long) aRows * aCols, bSize = (long) bRows * bCols, cSize = (long) m * n;
        int aCopies = strideA == 0 ? 1 : batch, bCopies = strideB == 0 ? 1 : batch;
        CudaThreadContext ctx = contexts.acquire();
        try {
            PinnedBuffer ha = ctx.host(CudaThreadContext.A), hb = ctx.host(CudaThreadContext.B), hc = ctx.host(CudaThreadContext.C);
            FloatPointer pa = ha.reserve(aSize * aCopies), pb = hb.reserve(bSize * bCopies), pc = hc.reserve(cSize * batch);
            FloatPointer da = ctx.device(CudaThreadContext.A).reserve(aSize * aCopies);
            FloatPointer db = ctx.device(CudaThreadContext.B).reserve(bSize * bCopies);
            FloatPointer dc = ctx.device(CudaThreadContext.C).reserve(cSize * batch);
            for (int i = 0; i < aCopies; i++) ha.putMatrix(i * aSize, a, aOff + i * strideA, lda, aRows, aCols);
            for (int i = 0; i < bCopies; i++) hb.putMatrix(i * bSize, b, bOff + i * strideB, ldb, bRows, bCols);
            toDevice(ctx, da, pa, aSize * aCopies);
            toDevice(ctx, db, pb, bSize * bCopies);
            if (beta != 0f) {
                for (int i = 0; i < batch; i++) hc.putMatrix(i * cSize, c, cOff + i * strideC, ldc, m, n);
                toDevice(ctx, dc, pc, cSize * batch);
            }
            ctx.scalarA.put(0, alpha);
            ctx.scalarB.put(0, beta);
            int opA = transA ? CUBLAS_OP_T : CUBLAS_OP_N, opB = transB ? CUBLAS_OP_T : CUBLAS_OP_N;
            // Column-major view: C^T[n,m] = op(B)^T · op(A)^T, with the packed leading dimensions.
            if (batch == 1) {
                cublas(cublasSgemm_v2(ctx.cublas, opB, opA, n, m, k, ctx.scalarA, db, bCols, da, aCols, ctx.scalarB, dc, n),
                        "cublasSgemm");
            } else {
                cublas(cublasSgemmStridedBatched(ctx.cublas, opB, opA, n, m, k, ctx.scalarA,
                        db, bCols, strideB == 0 ? 0 : bSize, da, aCols, strideA == 0 ? 0 : aSize,
                        ctx.scalarB, dc, n, cSize, batch), "cublasSgemmStridedBatched");
            }
            toHost(ctx, pc, dc, cSize * batch);
            ctx.synchronize();
            for (int i = 0; i < batch; i++) hc.getMatrix(i * cSize, c, cOff + i * strideC, ldc, m, n);
        } finally {
            ctx.exit();
        }
    }

    private static void scale(int m, int n, float beta, float[] c, int cOff, int ldc) {
        if (beta == 1f) return;
        for (int i = 0; i < m; i++) {
            int r = cOff + i * ldc;
            if (beta == 0f) java.util.Arrays.fill(c, r, r + n, 0f);
            else for (int j = 0; j < n; j++) c[r + j] *= beta;
        }
    }

    private static void toDevice(CudaThreadContext ctx, Pointer device, Pointer host, long floats) {
        cuda(cudaMemcpyAsync(device, host, floats * Float.BYTES, cudaMemcpyHostToDevice, ctx.stream), "cudaMemcpyAsync(H2D)");
    }

    private static void toHost(CudaThreadContext ctx, Pointer host, Pointer device, long floats) {
        cuda(cudaMemcpyAsync(host, device, floats * Float.BYTES, cudaMemcpyDeviceToHost, ctx.stream), "cudaMemcpyAsync(D2H)");
    }

    // ---------------------------------------------------------------- convolution (cuDNN)

    @Override
    public void conv2d(float[] x, float[] w, float[] y, Conv2dGeometry g) {
        ensureOpen();
        int xs = size(x, inputSize(g), "x"), ws = size(w, weightSize(g), "w"), ys = size(y, outputSize(g), "y");
        if (ys == 0) return;
        CudaThreadContext ctx = contexts.acquire();
        try {
            ConvPlan plan = ctx.plan(g);
            FloatPointer dx = stageIn(ctx, CudaThreadContext.A, x, xs);
            FloatPointer dw = stageIn(ctx, CudaThreadContext.B, w, ws);
            FloatPointer dy = ctx.device(CudaThreadContext.C).reserve(ys);
            FloatPointer work = ctx.workspace(plan.forwardWorkspace);
            cudnn(cudnnConvolutionForward(ctx.cudnn, ctx.one, plan.x, dx, plan.w, dw, plan.conv, plan.forwardAlgo,
                    work, plan.forwardWorkspace, ctx.zero, plan.y, dy), "cudnnConvolutionForward");
            stageOut(ctx, CudaThreadContext.C, dy, y, ys);
        } finally {
            ctx.exit();
        }
    }

    @Override
    public void conv2dInputGrad(float[] dy, float[] w, float[] dx, Conv2dGeometry g) {
        ensureOpen();
        int ys = size(dy, outputSize(g), "dy"), ws = size(w, weightSize(g), "w"), xs = size(dx, inputSize(g), "dx");
        if (xs == 0) return;
        if (ys == 0) {
            java.util.Arrays.fill(dx, 0, xs, 0f);
            return;
        }
        CudaThreadContext ctx = contexts.acquire();
        try {
            ConvPlan plan = ctx.plan(g);
            FloatPointer ddy = stageIn(ctx, CudaThreadContext.A, dy, ys);
            FloatPointer dw = stageIn(ctx, CudaThreadContext.B, w, ws);
            FloatPointer ddx = ctx.device(CudaThreadContext.C).reserve(xs);
            FloatPointer work = ctx.workspace(plan.backwardDataWorkspace);
            cudnn(cudnnConvolutionBackwardData(ctx.cudnn, ctx.one, plan.w, dw, plan.y, ddy, plan.conv, plan.backwardDataAlgo,
                    work, plan.backwardDataWorkspace, ctx.zero, plan.x, ddx), "cudnnConvolutionBackwardData");
            stageOut(ctx, CudaThreadContext.C, ddx, dx, xs);
        } finally {
            ctx.exit();
        }
    }

    @Override
    public void conv2dWeightGrad(float[] x, float[] dy, float[] dw, Conv2dGeometry g) {
        ensureOpen();
        int xs = size(x, inputSize(g), "x"), ys = size(dy, outputSize(g), "dy"), ws = size(dw, weightSize(g), "dw");
        if (ws == 0) return;
        if (ys == 0) {
            java.util.Arrays.fill(dw, 0, ws, 0f);
            return;
        }
        CudaThreadContext ctx = contexts.acquire();
        try {
            ConvPlan plan = ctx.plan(g);
            FloatPointer dX = stageIn(ctx, CudaThreadContext.A, x, xs);
            FloatPointer dDy = stageIn(ctx, CudaThreadContext.B, dy, ys);
            FloatPointer dDw = ctx.device(CudaThreadContext.C).reserve(ws);
            FloatPointer work = ctx.workspace(plan.backwardFilterWorkspace);
            cudnn(cudnnConvolutionBackwardFilter(ctx.cudnn, ctx.one, plan.x, dX, plan.y, dDy, plan.conv, plan.backwardFilterAlgo,
                    work, plan.backwardFilterWorkspace, ctx.zero, plan.w, dDw), "cudnnConvolutionBackwardFilter");
            stageOut(ctx, CudaThreadContext.C, dDw, dw, ws);
        } finally {
            ctx.exit();
        }
    }

    private static FloatPointer stageIn(CudaThreadContext ctx, int slot, float[] src, int len) {
        PinnedBuffer host = ctx.host(slot);
        FloatPointer h = host.reserve(len);
        host.put(0, src, 0, len);
        FloatPointer d = ctx.device(slot).reserve(len);
        toDevice(ctx, d, h, len);
        return d;
    }

    private static void stageOut(CudaThreadContext ctx, int slot, FloatPointer device, float[] dst, int len) {
        PinnedBuffer host = ctx.host(slot);
        FloatPointer h = host.reserve(len);
        toHost(ctx, h, device, len);
        ctx.synchronize();
        host.get(0, dst, 0, len);
    }

    private static long inputSize(Conv2dGeometry g) {
        return (long) g.batch() * g.inChannels() * g.height() * g.width();
    }

    private static long weightSize(Conv2dGeometry g) {
        return (long) g.outChannels() * g.patchSize();
    }

    private static long outputSize(Conv2dGeometry g) {
        return (long) g.batch() * g.outChannels() * g.outHeight() * g.outWidth();
    }

    private static int size(float[] a, long need, String what) {
        if (need > a.length) throw new IllegalArgumentException("conv2d: " + what + " has " + a.length + " elements but the geometry needs " + need);
        return (int) need;
    }

    // ---------------------------------------------------------------- memory

    private void ensureOpen() {
        if (contexts.isClosed()) throw new IllegalStateException("this CUDA backend has been closed");
    }

    /** Device and pinned host bytes held by all threads' contexts. */
    public long scratchBytes() {
        return contexts.bytes();
    }

    /** Frees the calling thread's stream, handles and buffers now. */
    public void releaseThreadScratch() {
        contexts.releaseCurrentThread();
    }

    /** Frees every thread's device memory, handles and streams (waiting for kernels in flight). */
    @Override
    public void close() {
        contexts.close();
    }
}
