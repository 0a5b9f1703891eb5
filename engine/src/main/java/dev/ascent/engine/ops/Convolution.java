package dev.ascent.engine.ops;

import dev.ascent.engine.NDArray;
import dev.ascent.engine.Workspace;
import dev.ascent.engine.backend.Backends;

/**
 * 2-D convolution (cross-correlation, as in PyTorch) in NCHW with OIHW weights, and its two gradient
 * kernels. The three form a closed set under differentiation, which is what lets autograd take
 * gradients of gradients through a conv net:
 * d conv(x,w) = (inputGrad(g,w), weightGrad(x,g)); d inputGrad(g,w) = (conv(h,w), weightGrad(h,g));
 * d weightGrad(x,g) = (inputGrad(g,h), conv(x,h)).
 */
public final class Convolution {
    private Convolution() {}

    public static NDArray conv2d(NDArray x, NDArray w, int strideH, int strideW, int padH, int padW) {
        Conv2dGeometry g = Conv2dGeometry.of(x.shape(), w.shape(), strideH, strideW, padH, padW);
        return conv2d(x, w, g);
    }

    public static NDArray conv2d(NDArray x, NDArray w, Conv2dGeometry g) {
        require("conv2d input", x, g.inputShape());
        require("conv2d weight", w, g.weightShape());
        float[] y = Workspace.floats(g.batch() * g.outChannels() * g.outHeight() * g.outWidth());
        Backends.active().conv2d(x.data(), w.data(), y, g);
        return NDArray.output(y, g.outputShape());
    }

    public static NDArray inputGrad(NDArray dy, NDArray w, Conv2dGeometry g) {
        require("conv2d input-gradient dy", dy, g.outputShape());
        require("conv2d input-gradient weight", w, g.weightShape());
        float[] dx = Workspace.floats(g.batch() * g.inChannels() * g.height() * g.width());
        Backends.active().conv2dInputGrad(dy.data(), w.data(), dx, g);
        return NDArray.output(dx, g.inputShape());
    }

    public static NDArray weightGrad(NDArray x, NDArray dy, Conv2dGeometry g) {
        require("conv2d weight-gradient input", x, g.inputShape());
        require("conv2d weight-gradient dy", dy, g.outputShape());
        float[] dw = Workspace.floats(g.outChannels() * g.patchSize());
        Backends.active().conv2dWeightGrad(x.data(), dy.data(), dw, g);
        return NDArray.output(dw, g.weightShape());
    }

    private static void require(String what, NDArray a, int[] shape) {
        if (!a.hasShape(shape)) {
            throw new IllegalArgumentException(what + ": expected shape " + java.util.Arrays.toString(shape) + ", got " + java.util.Arrays.toString(a.shape()));
        }
    }
}
