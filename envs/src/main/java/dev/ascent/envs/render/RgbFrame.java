package dev.ascent.envs.render;

import java.awt.image.BufferedImage;
import java.util.Arrays;

/**
 * An RGB image, what {@code Env.render()} returns (Gymnasium's {@code rgb_array}: an {@code (H, W, 3)} uint8 array).
 * Pixels are packed {@code 0xRRGGBB} ints, row-major from the top-left corner.
 *
 * @param width width in pixels
 * @param height height in pixels
 * @param rgb {@code width * height} packed pixels; owned by the frame, do not modify
 */
public record RgbFrame(int width, int height, int[] rgb) {

    /** Validates the dimensions. */
    public RgbFrame {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("frame size must be positive, got " + width + "x" + height);
        }
        if (rgb.length != width * height) {
            throw new IllegalArgumentException("frame needs " + width * height + " pixels, got " + rgb.length);
        }
    }

    /**
     * Copies the pixels of an image.
     *
     * @param image any image
     * @return the frame
     */
    public static RgbFrame of(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] pixels = image.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] &= 0xFFFFFF;
        }
        return new RgbFrame(w, h, pixels);
    }

    /** The packed {@code 0xRRGGBB} pixel at column {@code x}, row {@code y} (0 = top). */
    public int rgbAt(int x, int y) {
        return rgb[y * width + x];
    }

    /** A new {@link BufferedImage#TYPE_INT_RGB} image with these pixels. */
    public BufferedImage toBufferedImage() {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, width, height, rgb, 0, width);
        return image;
    }

    /**
     * The pixels as Gymnasium lays them out: {@code (H, W, 3)} bytes, row-major, channels R, G, B.
     *
     * @return {@code height * width * 3} unsigned bytes
     */
    public byte[] toHwcBytes() {
        byte[] out = new byte[rgb.length * 3];
        for (int i = 0; i < rgb.length; i++) {
            int p = rgb[i];
            out[3 * i] = (byte) (p >>> 16);
            out[3 * i + 1] = (byte) (p >>> 8);
            out[3 * i + 2] = (byte) p;
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RgbFrame f && f.width == width && f.height == height && Arrays.equals(f.rgb, rgb);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + Arrays.hashCode(rgb);
    }

    @Override
    public String toString() {
        return "RgbFrame[" + width + "x" + height + "]";
    }
}
