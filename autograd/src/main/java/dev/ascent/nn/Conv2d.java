package dev.ascent.nn;

import dev.ascent.autograd.Tensor;
import dev.ascent.engine.NDArray;
import dev.ascent.engine.Rng;

/**
 * 2-D convolution (cross-correlation) over NCHW input, as {@code torch.nn.Conv2d} with groups = 1 and
 * dilation = 1: weight {@code [out, in, kh, kw]}, bias {@code [out]}. Default initialisation is
 * PyTorch's: weight and bias U(-1/√fan_in, 1/√fan_in) with fan_in = in·kh·kw.
 */
public final class Conv2d extends Module {
    private final int inChannels, outChannels, kernelH, kernelW, strideH, strideW, padH, padW;
    private final Tensor weight, bias;

    /** Square kernel, stride and padding, with a bias (the Atari network's layers). */
    public Conv2d(int inChannels, int outChannels, int kernel, int stride, int padding, Rng rng) {
        this(inChannels, outChannels, kernel, kernel, stride, stride, padding, padding, true, rng);
    }

    public Conv2d(int inChannels, int outChannels, int kernelH, int kernelW, int strideH, int strideW,
                  int padH, int padW, boolean bias, Rng rng) {
        if (inChannels <= 0 || outChannels <= 0 || kernelH <= 0 || kernelW <= 0 || strideH <= 0 || strideW <= 0 || padH < 0 || padW < 0) {
            throw new IllegalArgumentException("Conv2d: channels, kernel and stride must be positive and padding non-negative, got in="
                    + inChannels + ", out=" + outChannels + ", kernel=" + kernelH + "x" + kernelW + ", stride=" + strideH + "x" + strideW
                    + ", padding=" + padH + "x" + padW);
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernelH = kernelH;
        this.kernelW = kernelW;
        this.strideH = strideH;
        this.strideW = strideW;
        this.padH = padH;
        this.padW = padW;
        this.weight = registerParameter("weight", Tensor.param(NDArray.zeros(outChannels, inChannels, kernelH, kernelW)));
        this.bias = bias ? registerParameter("bias", Tensor.param(NDArray.zeros(outChannels))) : null;
        resetParameters(rng);
    }

    /** PyTorch's {@code reset_parameters}: weight and bias U(-1/√fan_in, 1/√fan_in). */
    public void resetParameters(Rng rng) {
        Init.kaimingUniform(weight, Math.sqrt(5), FanMode.FAN_IN, Nonlinearity.LEAKY_RELU, rng);
        if (bias != null) {
            double bound = 1 / Math.sqrt(Init.fans(weight.shape()).fanIn());
            Init.uniform(bias, -bound, bound, rng);
        }
    }

    @Override
    protected Tensor compute(Tensor input) {
        if (input.rank() != 4 || input.dim(1) != inChannels) {
            throw new IllegalArgumentException("Conv2d: expected input [N, " + inChannels + ", H, W], got " + java.util.Arrays.toString(input.shape()));
        }
        Tensor y = input.conv2d(weight, strideH, strideW, padH, padW);
        return bias == null ? y : y.add(bias.reshape(1, outChannels, 1, 1));
    }

    public Tensor weight() {
        return weight;
    }

    public Tensor bias() {
        return bias;
    }

    public int inChannels() {
        return inChannels;
    }

    public int outChannels() {
        return outChannels;
    }

    /** Kernel height and width (K-FAC unfolds inputs into patches of this size). */
    public int[] kernelSize() {
        return new int[] {kernelH, kernelW};
    }

    public int[] stride() {
        return new int[] {strideH, strideW};
    }

    public int[] padding() {
        return new int[] {padH, padW};
    }

    /** The output spatial size for an input of {@code h × w}. */
    public int[] outputSize(int h, int w) {
        return new int[] {(h + 2 * padH - kernelH) / strideH + 1, (w + 2 * padW - kernelW) / strideW + 1};
    }

    @Override
    protected String extraRepr() {
        return inChannels + ", " + outChannels + ", kernel_size=(" + kernelH + ", " + kernelW + "), stride=(" + strideH + ", " + strideW
                + "), padding=(" + padH + ", " + padW + "), bias=" + (bias != null);
    }
}
