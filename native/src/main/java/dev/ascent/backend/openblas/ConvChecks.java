package dev.ascent.backend.openblas;

import dev.ascent.engine.ops.Conv2dGeometry;

/** Array-length checks for the convolution kernels, so a short array fails before any native work starts. */
final class ConvChecks {
    private ConvChecks() {}

    static void forward(float[] x, float[] w, float[] y, Conv2dGeometry g) {
        require("conv2d input x", x, inputSize(g));
        require("conv2d weight w", w, weightSize(g));
        require("conv2d output y", y, outputSize(g));
    }

    static void inputGrad(float[] dy, float[] w, float[] dx, Conv2dGeometry g) {
        require("conv2d input-gradient dy", dy, outputSize(g));
        require("conv2d input-gradient weight w", w, weightSize(g));
        require("conv2d input-gradient dx", dx, inputSize(g));
    }

    static void weightGrad(float[] x, float[] dy, float[] dw, Conv2dGeometry g) {
        require("conv2d weight-gradient input x", x, inputSize(g));
        require("conv2d weight-gradient dy", dy, outputSize(g));
        require("conv2d weight-gradient dw", dw, weightSize(g));
    }

    static long inputSize(Conv2dGeometry g) {
        return (long) g.batch() * g.inChannels() * g.height() * g.width();
    }

    static long weightSize(Conv2dGeometry g) {
        return (long) g.outChannels() * g.patchSize();
    }

    static long outputSize(Conv2dGeometry g) {
        return (long) g.batch() * g.outChannels() * g.outHeight() * g.outWidth();
    }

    private static void require(String what, float[] a, long size) {
        if (a.length < size) {
            throw new IllegalArgumentException(what + " has " + a.length + " elements but the geometry needs " + size);
        }
    }
}
