package dev.ascent.algorithms;

import dev.ascent.algorithms.common.ReplayBuffer;
import dev.ascent.engine.Rng;
import dev.ascent.envs.spaces.Box;
import dev.ascent.envs.spaces.DType;
import dev.ascent.io.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplayBufferTest {
    private static final Box PIXELS = new Box(0f, 255f, DType.UINT8, 2, 3, 3);

    /** Observation k of the test stream: every byte value occurs, including those with the sign bit set. */
    private static float[] frame(int k) {
        float[] o = new float[PIXELS.size()];
        for (int j = 0; j < o.length; j++) o[j] = (k * 37 + j * 29) % 256;
        return o;
    }

    /** Fills a buffer with transitions whose reward is the frame's number, so a sampled row identifies itself. */
    private static ReplayBuffer filled(Box space, int capacity, int transitions) {
        ReplayBuffer b = new ReplayBuffer(capacity, space, 1);
        for (int k = 0; k < transitions; k++) b.add(frame(k), frame(k + 1), 0, new float[] {k % 3}, 0, k, k % 5 == 0);
        return b;
    }

    private static void assertSamplesMatchFrames(ReplayBuffer b) {
        ReplayBuffer.Batch batch = b.sample(64, new Rng(3));
        int n = PIXELS.size();
        float[] o = batch.observations().data(), no = batch.nextObservations().data();
        for (int r = 0; r < 64; r++) {
            int k = (int) batch.rewards().data()[r];
            assertArrayEquals(frame(k), java.util.Arrays.copyOfRange(o, r * n, (r + 1) * n), 0f, "s of transition " + k);
            assertArrayEquals(frame(k + 1), java.util.Arrays.copyOfRange(no, r * n, (r + 1) * n), 0f, "s' of transition " + k);
            assertEquals(k % 3, batch.actions().data()[r]);
            assertEquals(k % 5 == 0 ? 1f : 0f, batch.terminated().data()[r]);
        }
    }

    /** A uint8 space is stored as bytes; sampling gives back the exact values 0…255 as floats, after wrap-around too. */
    @Test
    void uint8ObservationsAreStoredAsBytesAndSampledExactly() {
        ReplayBuffer b = filled(PIXELS, 50, 120);
        assertTrue(b.storesBytes());
        assertEquals(50, b.size());
        assertSamplesMatchFrames(b);
        // The oldest 70 transitions were overwritten.
        ReplayBuffer.Batch batch = b.sample(500, new Rng(4));
        for (float k : batch.rewards().data()) assertTrue(k >= 70, "transition " + k + " should have been overwritten");
    }

    /** Float spaces stay float32, bounds of 0 and 255 included (only the dtype promises integers). */
    @Test
    void floatSpacesStayFloat() {
        assertFalse(new ReplayBuffer(4, new Box(0f, 255f, 2, 3, 3), 1).storesBytes());
        assertFalse(new ReplayBuffer(4, 18, 1).storesBytes());
    }

    /**
     * A checkpoint round trip of a byte buffer, through a file, restores a buffer that samples identically; the
     * frames are stored as U8, one byte per value.
     */
    @Test
    void byteBufferCheckpointRoundTrip(@TempDir Path dir) throws IOException {
        ReplayBuffer a = filled(PIXELS, 50, 80);
        Checkpoint.Builder cb = Checkpoint.builder();
        a.save(cb, "rb");
        cb.build().write(dir.resolve("c.safetensors"));
        Checkpoint read = Checkpoint.read(dir.resolve("c.safetensors"));
        assertArrayEquals(new int[] {50, 18}, read.byteTensor("rb.observations").shape());
        assertArrayEquals(new int[] {50, 18}, read.byteTensor("rb.next_observations").shape());
        assertFalse(read.tensors().containsKey("rb.observations"), "frames are not also stored as F32");
        ReplayBuffer b = new ReplayBuffer(50, PIXELS, 1);
        b.restore(read, "rb");
        assertEquals(a.size(), b.size());
        ReplayBuffer.Batch x = a.sample(32, new Rng(5)), y = b.sample(32, new Rng(5));
        assertArrayEquals(x.observations().data(), y.observations().data(), 0f);
        assertArrayEquals(x.nextObservations().data(), y.nextObservations().data(), 0f);
        assertArrayEquals(x.rewards().data(), y.rewards().data(), 0f);
        assertSamplesMatchFrames(b);
    }

    /** A byte buffer refuses values a uint8 observation cannot hold, naming the value. */
    @Test
    void byteBufferRefusesNonBytes() {
        ReplayBuffer b = new ReplayBuffer(4, PIXELS, 1);
        for (float bad : new float[] {-1f, 256f, 0.5f, Float.NaN}) {
            float[] o = frame(0);
            o[7] = bad;
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.add(o, frame(1), 0, new float[] {0}, 0, 0, false));
            assertTrue(e.getMessage().contains(Float.toString(bad)) && e.getMessage().contains("[0, 255]"), e.getMessage());
        }
    }
}
