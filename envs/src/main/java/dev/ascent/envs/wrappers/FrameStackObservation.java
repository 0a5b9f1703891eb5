package dev.ascent.envs.wrappers;

import dev.ascent.envs.Env;
import dev.ascent.envs.ResetResult;
import dev.ascent.envs.StepResult;
import dev.ascent.envs.spaces.Box;
import java.util.Arrays;
import java.util.Map;

/**
 * Stacks the last {@code stackSize} observations ({@code stateful_observation.py} {@code FrameStackObservation},
 * Gymnasium 1.x): an observation of shape {@code S} becomes {@code (stackSize, S...)}, oldest first, newest
 * last. At reset the missing history is padded with the reset observation ({@code padding_type="reset"}, the
 * default), zeros ({@code "zero"}, clamped into the space like Gymnasium's {@code create_zero_array}) or a given
 * observation.
 */
public final class FrameStackObservation extends Wrapper {

    /** How the history is filled at reset. */
    public enum Padding {
        /** Repeat the reset observation (Gymnasium's default). */
        RESET,
        /** A zero-like observation of the space. */
        ZERO,
        /** A custom observation given to the constructor. */
        CUSTOM
    }

    private final int stackSize;
    private final int frameSize;
    private final Padding padding;
    private final float[] paddingValue;
    private final Box observationSpace;
    /** Ring buffer of frames; {@code head} is the slot of the oldest. */
    private final float[] frames;
    private int head;

    /** Stacks {@code stackSize} frames padded with the reset observation. */
    public FrameStackObservation(Env env, int stackSize) {
        this(env, stackSize, Padding.RESET, null);
    }

    /**
     * @param env the environment
     * @param stackSize number of frames, positive
     * @param padding padding type
     * @param customPadding the padding observation for {@link Padding#CUSTOM} (must be in the observation space),
     *     else null
     */
    public FrameStackObservation(Env env, int stackSize, Padding padding, float[] customPadding) {
        super(env);
        if (stackSize <= 0) {
            throw new IllegalArgumentException("The stack_size needs to be greater than zero, actual value: " + stackSize);
        }
        Box inner = env.observationSpace();
        this.stackSize = stackSize;
        this.frameSize = inner.size();
        this.padding = padding;
        if (padding == Padding.CUSTOM) {
            if (customPadding == null || !inner.contains(customPadding)) {
                throw new IllegalArgumentException("Unexpected `padding_type`: custom padding "
                        + Arrays.toString(customPadding) + " is not an instance of env observation (" + inner + ")");
            }
            this.paddingValue = customPadding.clone();
        } else {
            this.paddingValue = zeroLike(inner);
        }
        // batch_space: the bounds repeated along a new leading axis.
        int[] shape = inner.shape();
        int[] stackedShape = new int[shape.length + 1];
        stackedShape[0] = stackSize;
        System.arraycopy(shape, 0, stackedShape, 1, shape.length);
        float[] low = new float[stackSize * frameSize];
        float[] high = new float[stackSize * frameSize];
        float[] innerLow = inner.low();
        float[] innerHigh = inner.high();
        for (int k = 0; k < stackSize; k++) {
            System.arraycopy(innerLow, 0, low, k * frameSize, frameSize);
            System.arraycopy(innerHigh, 0, high, k * frameSize, frameSize);
        }
        this.observationSpace = new Box(low, high, stackedShape, inner.dtype());
        this.frames = new float[stackSize * frameSize];
        for (int k = 0; k < stackSize; k++) {
            System.arraycopy(paddingValue, 0, frames, k * frameSize, frameSize);
        }
    }

    /** {@code create_zero_array}: zeros, raised to low where low > 0 and lowered to high where high < 0. */
    private static float[] zeroLike(Box box) {
        float[] z = new float[box.size()];
        for (int i = 0; i < z.length; i++) {
            if (box.low(i) > 0) {
                z[i] = box.low(i);
            }
            if (box.high(i) < 0) {
                z[i] = box.high(i);
            }
        }
        return z;
    }

    /** Number of stacked frames. */
    public int stackSize() {
        return stackSize;
    }

    @Override
    public Box observationSpace() {
        return observationSpace;
    }

    @Override
    public ResetResult reset(Long seed, Map<String, Object> options) {
        ResetResult r = env.reset(seed, options);
        float[] pad = padding == Padding.RESET ? r.observation() : paddingValue;
        for (int k = 0; k < stackSize - 1; k++) {
            push(pad);
        }
        push(r.observation());
        return r.withObservation(stacked());
    }

    @Override
    public StepResult step(int action) {
        StepResult r = env.step(action);
        push(r.observation());
        return r.withObservation(stacked());
    }

    @Override
    public StepResult step(float[] action) {
        StepResult r = env.step(action);
        push(r.observation());
        return r.withObservation(stacked());
    }

    private void push(float[] frame) {
        if (frame.length != frameSize) {
            throw new IllegalStateException("observation has " + frame.length + " values, expected " + frameSize);
        }
        System.arraycopy(frame, 0, frames, head * frameSize, frameSize);
        head = (head + 1) % stackSize;
    }

    /** A new array with the frames oldest first. */
    private float[] stacked() {
        float[] out = new float[stackSize * frameSize];
        int tail = (stackSize - head) * frameSize;
        System.arraycopy(frames, head * frameSize, out, 0, tail);
        System.arraycopy(frames, 0, out, tail, head * frameSize);
        return out;
    }
}
