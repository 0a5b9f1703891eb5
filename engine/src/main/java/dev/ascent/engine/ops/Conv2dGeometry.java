package dev.ascent.engine.ops;

import java.util.Arrays;

/**
 * Everything a 2-D convolution kernel needs to know about its operands, NCHW and OIHW, computed once
 * and checked once so that kernels can index without re-validating.
 */
public record Conv2dGeometry(int batch, int inChannels, int height, int width,
                             int outChannels, int kernelH, int kernelW,
                             int strideH, int strideW, int padH, int padW) {

    public Conv2dGeometry {
        if (strideH <= 0 || strideW <= 0) throw new IllegalArgumentException("conv2d: stride must be positive, got " + strideH + "x" + strideW);
        if (padH < 0 || padW < 0) throw new IllegalArgumentException("conv2d: padding must be >= 0, got " + padH + "x" + padW);
        // Fields are not assigned yet inside a compact constructor: compute from the parameters.
        if ((height + 2 * padH - kernelH) < 0 || (width + 2 * padW - kernelW) < 0) {
            throw new IllegalArgumentException("conv2d: kernel " + kernelH + "x" + kernelW + " with padding " + padH + "x" + padW
                    + " does not fit the input " + height + "x" + width);
        }
    }

    /** Validates shapes {@code x=[N,C,H,W]} and {@code w=[O,C,KH,KW]}. */
    public static Conv2dGeometry of(int[] x, int[] w, int strideH, int strideW, int padH, int padW) {
        if (x.length != 4 || w.length != 4) {
            throw new IllegalArgumentException("conv2d: expected input [N,C,H,W] and weight [O,C,KH,KW], got "
                    + Arrays.toString(x) + " and " + Arrays.toString(w));
        }
        if (x[1] != w[1]) {
            throw new IllegalArgumentException("conv2d: input " + Arrays.toString(x) + " has " + x[1]
                    + " channels but weight " + Arrays.toString(w) + " expects " + w[1]);
        }
        return new Conv2dGeometry(x[0], x[1], x[2], x[3], w[0], w[2], w[3], strideH, strideW, padH, padW);
    }

    public int outHeight() {
        return (height + 2 * padH - kernelH) / strideH + 1;
    }

    public int outWidth() {
        return (width + 2 * padW - kernelW) / strideW + 1;
    }

    public int[] inputShape() {
        return new int[] {batch, inChannels, height, width};
    }

    public int[] weightShape() {
        return new int[] {outChannels, inChannels, kernelH, kernelW};
    }

    public int[] outputShape() {
        return new int[] {batch, outChannels, outHeight(), outWidth()};
    }

    /** Rows of the im2col matrix: one per (channel, kernel row, kernel column). */
    public int patchSize() {
        return inChannels * kernelH * kernelW;
    }

    /**
     * The first output index {@code o} whose input index {@code o·stride + offset} is not below zero. With
     * {@link #endInside}, it bounds the run of outputs that read inside the image for one kernel tap
     * ({@code offset} = tap - padding), so copy loops need no test per element.
     */
    public static int firstInside(int offset, int stride) {
        return offset >= 0 ? 0 : (-offset + stride - 1) / stride;
    }

    /** One past the last output index below {@code count} whose input index {@code o·stride + offset} is below {@code size}. */
    public static int endInside(int offset, int stride, int size, int count) {
        int last = size - 1 - offset; // o·stride <= last
        if (last < 0) return 0;
        return Math.min(count, last / stride + 1);
    }
}
