package dev.ascent.backend.cuda;

import dev.ascent.engine.ops.Conv2dGeometry;
import org.bytedeco.cuda.cudnn.cudnnContext;
import org.bytedeco.cuda.cudnn.cudnnConvolutionBwdDataAlgoPerf_t;
import org.bytedeco.cuda.cudnn.cudnnConvolutionBwdFilterAlgoPerf_t;
import org.bytedeco.cuda.cudnn.cudnnConvolutionFwdAlgoPerf_t;
import org.bytedeco.cuda.cudnn.cudnnConvolutionStruct;
import org.bytedeco.cuda.cudnn.cudnnFilterStruct;
import org.bytedeco.cuda.cudnn.cudnnTensorStruct;
import org.bytedeco.javacpp.IntPointer;

import static dev.ascent.backend.cuda.CudaStatus.cudnn;
import static org.bytedeco.cuda.global.cudnn.CUDNN_CROSS_CORRELATION;
import static org.bytedeco.cuda.global.cudnn.CUDNN_DATA_FLOAT;
import static org.bytedeco.cuda.global.cudnn.CUDNN_FMA_MATH;
import static org.bytedeco.cuda.global.cudnn.CUDNN_STATUS_SUCCESS;
import static org.bytedeco.cuda.global.cudnn.CUDNN_TENSOR_NCHW;
import static org.bytedeco.cuda.global.cudnn.cudnnCreateConvolutionDescriptor;
import static org.bytedeco.cuda.global.cudnn.cudnnCreateFilterDescriptor;
import static org.bytedeco.cuda.global.cudnn.cudnnCreateTensorDescriptor;
import static org.bytedeco.cuda.global.cudnn.cudnnDestroyConvolutionDescriptor;
import static org.bytedeco.cuda.global.cudnn.cudnnDestroyFilterDescriptor;
import static org.bytedeco.cuda.global.cudnn.cudnnDestroyTensorDescriptor;
import static org.bytedeco.cuda.global.cudnn.cudnnGetConvolutionBackwardDataAlgorithm_v7;
import static org.bytedeco.cuda.global.cudnn.cudnnGetConvolutionBackwardFilterAlgorithm_v7;
import static org.bytedeco.cuda.global.cudnn.cudnnGetConvolutionForwardAlgorithm_v7;
import static org.bytedeco.cuda.global.cudnn.cudnnSetConvolution2dDescriptor;
import static org.bytedeco.cuda.global.cudnn.cudnnSetConvolutionMathType;
import static org.bytedeco.cuda.global.cudnn.cudnnSetFilter4dDescriptor;
import static org.bytedeco.cuda.global.cudnn.cudnnSetTensor4dDescriptor;

/**
 * The cuDNN descriptors and algorithm choices for one {@link Conv2dGeometry}, made once and cached per thread
 * (a training loop sees the same few geometries every step).
 *
 * <p>Algorithms come from cuDNN's heuristics ({@code *_v7}), first in its ranking whose workspace fits
 * {@link #MAX_WORKSPACE_BYTES}. Math is {@code CUDNN_FMA_MATH}: plain FP32, no TF32 tensor cores, so results agree
 * with the CPU backends within float32 tolerance, which the conformance suite demands.
 */
// cuDNN 9 marks its legacy convolution API deprecated in favour of the graph API; the legacy calls remain
// supported throughout 9.x and are a fraction of the code. Moving to the graph API is noted in native/README.md.
@SuppressWarnings("deprecation")
final class ConvPlan implements AutoCloseable {
    static final long MAX_WORKSPACE_BYTES = 256L << 20;
    private static final int CANDIDATES = 8;

    final cudnnTensorStruct x = new cudnnTensorStruct(), y = new cudnnTensorStruct();
    final cudnnFilterStruct w = new cudnnFilterStruct();
    final cudnnConvolutionStruct conv = new cudnnConvolutionStruct();
    final int forwardAlgo, backwardDataAlgo, backwardFilterAlgo;
    final long forwardWorkspace, backwardDataWorkspace, backwardFilterWorkspace;
    private boolean xMade, yMade, wMade, convMade;

    ConvPlan(cudnnContext handle, Conv2dGeometry g) {
        try {
            cudnn(cudnnCreateTensorDescriptor(x), "cudnnCreateTensorDescriptor");
            xMade = true;
            cudnn(cudnnSetTensor4dDescriptor(x, CUDNN_TENSOR_NCHW, CUDNN_DATA_FLOAT, g.batch(), g.inChannels(), g.height(), g.width()),
                    "cudnnSetTensor4dDescriptor(x)");
            cudnn(cudnnCreateTensorDescriptor(y), "cudnnCreateTensorDescriptor");
            yMade = true;
            cudnn(cudnnSetTensor4dDescriptor(y, CUDNN_TENSOR_NCHW, CUDNN_DATA_FLOAT, g.batch(), g.outChannels(), g.outHeight(), g.outWidth()),
                    "cudnnSetTensor4dDescriptor(y)");
            cudnn(cudnnCreateFilterDescriptor(w), "cudnnCreateFilterDescriptor");
            wMade = true;
            cudnn(cudnnSetFilter4dDescriptor(w, CUDNN_DATA_FLOAT, CUDNN_TENSOR_NCHW, g.outChannels(), g.inChannels(), g.kernelH(), g.kernelW()),
                    "cudnnSetFilter4dDescriptor");
            cudnn(cudnnCreateConvolutionDescriptor(conv), "cudnnCreateConvolutionDescriptor");
            convMade = true;
            cudnn(cudnnSetConvolution2dDescriptor(conv, g.padH(), g.padW(), g.strideH(), g.strideW(), 1, 1,
                    CUDNN_CROSS_CORRELATION, CUDNN_DATA_FLOAT), "cudnnSetConvolution2dDescriptor");
            cudnn(cudnnSetConvolutionMathType(conv, CUDNN_FMA_MATH), "cudnnSetConvolutionMathType");

            try (IntPointer found = new IntPointer(1);
                 cudnnConvolutionFwdAlgoPerf_t fwd = new cudnnConvolutionFwdAlgoPerf_t(CANDIDATES);
                 cudnnConvolutionBwdDataAlgoPerf_t bwdData = new cudnnConvolutionBwdDataAlgoPerf_t(CANDIDATES);
                 cudnnConvolutionBwdFilterAlgoPerf_t bwdFilter = new cudnnConvolutionBwdFilterAlgoPerf_t(CANDIDATES)) {
                cudnn(cudnnGetConvolutionForwardAlgorithm_v7(handle, x, w, conv, y, CANDIDATES, found, fwd),
                        "cudnnGetConvolutionForwardAlgorithm_v7");
                int i = pick(found.get(), j -> fwd.position(j).status(), j -> fwd.position(j).memory(), "forward", g);
                forwardAlgo = fwd.position(i).algo();
                forwardWorkspace = fwd.position(i).memory();

                cudnn(cudnnGetConvolutionBackwardDataAlgorithm_v7(handle, w, y, conv, x, CANDIDATES, found, bwdData),
                        "cudnnGetConvolutionBackwardDataAlgorithm_v7");
                i = pick(found.get(), j -> bwdData.position(j).status(), j -> bwdData.position(j).memory(), "backward-data", g);
                backwardDataAlgo = bwdData.position(i).algo();
                backwardDataWorkspace = bwdData.position(i).memory();

                cudnn(cudnnGetConvolutionBackwardFilterAlgorithm_v7(handle, x, y, conv, w, CANDIDATES, found, bwdFilter),
                        "cudnnGetConvolutionBackwardFilterAlgorithm_v7");
                i = pick(found.get(), j -> bwdFilter.position(j).status(), j -> bwdFilter.position(j).memory(), "backward-filter", g);
                backwardFilterAlgo = bwdFilter.position(i).algo();
                backwardFilterWorkspace = bwdFilter.position(i).memory();
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private static int pick(int count, java.util.function.IntUnaryOperator status, java.util.function.IntToLongFunction memory,
                            String which, Conv2dGeometry g) {
        for (int j = 0; j < count; j++) {
            if (status.applyAsInt(j) == CUDNN_STATUS_SUCCESS && memory.applyAsLong(j) <= MAX_WORKSPACE_BYTES) return j;
        }
        throw new CudaException("cuDNN offers no " + which + " algorithm within " + (MAX_WORKSPACE_BYTES >> 20) + " MiB of workspace for " + g);
    }

    long maxWorkspace() {
        return Math.max(forwardWorkspace, Math.max(backwardDataWorkspace, backwardFilterWorkspace));
    }

    @Override
    public void close() {
        if (xMade) cudnnDestroyTensorDescriptor(x);
        if (yMade) cudnnDestroyTensorDescriptor(y);
        if (wMade) cudnnDestroyFilterDescriptor(w);
        if (convMade) cudnnDestroyConvolutionDescriptor(conv);
        xMade = yMade = wMade = convMade = false;
    }
}
