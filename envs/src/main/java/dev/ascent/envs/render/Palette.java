package dev.ascent.envs.render;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.util.Arrays;
import java.util.List;

/**
 * A 256-colour palette shared by all frames of an animation: the most frequent colours of the frames (all of them
 * when there are at most 256, which is typical for rendered environments), every other colour mapped to its
 * nearest palette entry. Much faster than ImageIO's per-frame palette builder and stable from frame to frame.
 */
final class Palette {

    private static final int MAX_COLORS = 256;
    private static final int EMPTY = -1;

    private final IndexColorModel colorModel;
    // Open-addressing map colour -> palette index for every colour seen.
    private final int[] keys;
    private final int[] values;
    private final int mask;

    private Palette(IndexColorModel colorModel, int[] keys, int[] values) {
        this.colorModel = colorModel;
        this.keys = keys;
        this.values = values;
        this.mask = keys.length - 1;
    }

    /** Builds the palette from the frames' colour histogram. */
    static Palette of(List<RgbFrame> frames) {
        int capacity = 1 << 12;
        int[] keys = new int[capacity];
        int[] counts = new int[capacity];
        Arrays.fill(keys, EMPTY);
        int distinct = 0;
        for (RgbFrame f : frames) {
            for (int p : f.rgb()) {
                int slot = find(keys, p);
                if (keys[slot] == EMPTY) {
                    keys[slot] = p;
                    distinct++;
                    if (distinct * 2 > keys.length) {
                        int[][] grown = grow(keys, counts);
                        keys = grown[0];
                        counts = grown[1];
                        slot = find(keys, p);
                    }
                }
                counts[slot]++;
            }
        }
        // Rank the colours by frequency and keep the top 256.
        long[] ranked = new long[distinct];
        int k = 0;
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != EMPTY) {
                ranked[k++] = ((long) counts[i] << 32) | (keys[i] & 0xFFFFFFFFL);
            }
        }
        Arrays.sort(ranked);
        int size = Math.min(MAX_COLORS, distinct);
        int[] palette = new int[size];
        for (int i = 0; i < size; i++) {
            palette[i] = (int) ranked[distinct - 1 - i];
        }
        int[] values = new int[keys.length];
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != EMPTY) {
                values[i] = nearest(palette, keys[i]);
            }
        }
        byte[] r = new byte[MAX_COLORS];
        byte[] g = new byte[MAX_COLORS];
        byte[] b = new byte[MAX_COLORS];
        for (int i = 0; i < size; i++) {
            r[i] = (byte) (palette[i] >>> 16);
            g[i] = (byte) (palette[i] >>> 8);
            b[i] = (byte) palette[i];
        }
        return new Palette(new IndexColorModel(8, MAX_COLORS, r, g, b), keys, values);
    }

    private static int find(int[] keys, int color) {
        int m = keys.length - 1;
        int slot = mix(color) & m;
        while (keys[slot] != EMPTY && keys[slot] != color) {
            slot = (slot + 1) & m;
        }
        return slot;
    }

    private static int mix(int x) {
        int h = x * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    private static int[][] grow(int[] keys, int[] counts) {
        int[] newKeys = new int[keys.length * 2];
        int[] newCounts = new int[keys.length * 2];
        Arrays.fill(newKeys, EMPTY);
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != EMPTY) {
                int slot = find(newKeys, keys[i]);
                newKeys[slot] = keys[i];
                newCounts[slot] = counts[i];
            }
        }
        return new int[][] {newKeys, newCounts};
    }

    private static int nearest(int[] palette, int color) {
        int best = 0;
        int bestDistance = Integer.MAX_VALUE;
        int r = (color >>> 16) & 0xFF;
        int g = (color >>> 8) & 0xFF;
        int b = color & 0xFF;
        for (int i = 0; i < palette.length; i++) {
            int dr = r - ((palette[i] >>> 16) & 0xFF);
            int dg = g - ((palette[i] >>> 8) & 0xFF);
            int db = b - (palette[i] & 0xFF);
            int d = 2 * dr * dr + 4 * dg * dg + 3 * db * db; // rough perceptual weights
            if (d < bestDistance) {
                bestDistance = d;
                best = i;
            }
        }
        return best;
    }

    /** The frame as an 8-bit indexed image with this palette. */
    BufferedImage index(RgbFrame frame) {
        BufferedImage image = new BufferedImage(frame.width(), frame.height(), BufferedImage.TYPE_BYTE_INDEXED,
                colorModel);
        byte[] data = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        int[] rgb = frame.rgb();
        for (int i = 0; i < rgb.length; i++) {
            data[i] = (byte) values[find(keys, rgb[i] & 0xFFFFFF)];
        }
        return image;
    }

    @Override
    public String toString() {
        return "Palette[" + colorModel.getMapSize() + " colours, mask " + mask + "]";
    }
}
