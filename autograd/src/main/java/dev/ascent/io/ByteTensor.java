package dev.ascent.io;

import dev.ascent.engine.Shapes;

import java.util.Arrays;

/**
 * An unsigned 8-bit tensor as a checkpoint stores it (safetensors dtype {@code U8}, PyTorch's
 * {@code torch.uint8}): a shape and its row-major bytes, each read as 0..255 ({@code b & 0xff}).
 * Why a type of its own: pixel observations in a replay buffer are bytes, and written as float32 they would
 * take four times the space on disk. The engine computes only in float32, so this type only carries data.
 */
public record ByteTensor(int[] shape, byte[] data) {
    public ByteTensor {
        if (shape == null || data == null) throw new IllegalArgumentException("ByteTensor: shape and data must be non-null");
        long n = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("ByteTensor: negative dimension in shape " + Arrays.toString(shape));
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("ByteTensor: shape " + Shapes.str(shape) + " holds " + n + " elements, but " + data.length + " bytes were given");
        }
        shape = shape.clone();
    }

    /** A copy of {@code data} (so later writes to the caller's array do not change it) with {@code shape}. */
    public static ByteTensor copyOf(byte[] data, int... shape) {
        return new ByteTensor(shape, data.clone());
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ByteTensor b && Arrays.equals(shape, b.shape) && Arrays.equals(data, b.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "ByteTensor" + Shapes.str(shape);
    }
}
