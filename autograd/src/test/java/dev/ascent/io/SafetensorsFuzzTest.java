package dev.ascent.io;

import dev.ascent.engine.NDArray;
import dev.ascent.engine.Rng;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Seeded random mutations of a valid file, in memory: each must either load or be rejected with one of the
 * documented exception types (an {@link IOException}, i.e. {@link SafetensorsFormatException}, or an
 * {@link IllegalArgumentException}); never an index exception, an OutOfMemoryError or a hang.
 */
class SafetensorsFuzzTest {
    private static final int ITERATIONS = 10_000;
    private static final byte[] JSON_BYTES = "{}[]\",:-.0123456789eE \\ntfalse".getBytes(StandardCharsets.US_ASCII);

    private static byte[] validFile() {
        Rng rng = new Rng(1);
        Map<String, NDArray> t = new LinkedHashMap<>();
        t.put("policy.0.weight", NDArray.normal(rng, 0, 1, 4, 3));
        t.put("policy.0.bias", NDArray.normal(rng, 0, 1, 4));
        t.put("optimizer.state.0.step", NDArray.scalar(3));
        t.put("empty", NDArray.zeros(2, 0));
        t.put("x", NDArray.normal(rng, 0, 1, 1, 2, 1));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "pt");
        meta.put("global_step", "12345");
        Map<String, ByteTensor> frames = Map.of("frames", ByteTensor.copyOf(new byte[] {0, 1, 2, 3, (byte) 254, (byte) 255}, 2, 3));
        return Safetensors.toBytes(t, frames, meta);
    }

    @Test
    void tenThousandMutationsLoadOrFailCleanly() {
        byte[] base = validFile();
        int headerEnd = 8 + (int) ByteBuffer.wrap(base).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        int[] outcome = new int[2];
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            Rng rng = new Rng(20240601);
            for (int it = 0; it < ITERATIONS; it++) {
                byte[] b = base;
                int mutations = 1 + rng.nextInt(3);
                StringBuilder log = new StringBuilder();
                for (int m = 0; m < mutations; m++) b = mutate(b, headerEnd, rng, log);
                try {
                    Safetensors.Contents c = Safetensors.read(b);
                    for (NDArray a : c.tensors().values()) assertTrue(a.size() >= 0);
                    for (ByteTensor a : c.byteTensors().values()) assertTrue(a.data().length >= 0);
                    outcome[0]++;
                } catch (IOException | IllegalArgumentException expected) {
                    outcome[1]++;
                } catch (Throwable t) {
                    fail("iteration " + it + " (" + log + ") threw " + t, t);
                }
            }
        });
        // Both paths must be exercised, or the fuzz is not testing anything.
        assertTrue(outcome[0] > 200 && outcome[1] > 2000, "loaded " + outcome[0] + ", rejected " + outcome[1]);
    }

    private static byte[] mutate(byte[] in, int headerEnd, Rng rng, StringBuilder log) {
        byte[] b = in.clone();
        int len = b.length;
        int hEnd = Math.min(headerEnd, len);
        switch (rng.nextInt(10)) {
            case 0: { // flip one bit anywhere
                if (len == 0) return b;
                int i = rng.nextInt(len);
                b[i] ^= (byte) (1 << rng.nextInt(8));
                log.append("flip@").append(i).append(' ');
                return b;
            }
            case 1: { // random byte anywhere
                if (len == 0) return b;
                int i = rng.nextInt(len);
                b[i] = (byte) rng.nextInt(256);
                log.append("byte@").append(i).append(' ');
                return b;
            }
            case 2: case 3: { // a JSON-significant character inside the header
                if (hEnd <= 8) return b;
                int i = 8 + rng.nextInt(hEnd - 8);
                b[i] = JSON_BYTES[rng.nextInt(JSON_BYTES.length)];
                log.append("json@").append(i).append(' ');
                return b;
            }
            case 4: { // rewrite a digit run in the header (shapes and offsets)
                if (hEnd <= 8) return b;
                int i = 8 + rng.nextInt(hEnd - 8);
                while (i < hEnd && (b[i] < '0' || b[i] > '9')) i++;
                if (i >= hEnd) return b;
                String digits = Long.toString(rng.nextInt(5) == 0 ? rng.nextLong() >>> rng.nextInt(64) : rng.nextInt(64));
                byte[] d = digits.getBytes(StandardCharsets.US_ASCII);
                int j = i;
                while (j < hEnd && b[j] >= '0' && b[j] <= '9') j++;
                log.append("digits@").append(i).append('=').append(digits).append(' ');
                return splice(b, i, j, d);
            }
            case 5: { // truncate
                int n = rng.nextInt(len + 1);
                log.append("truncate@").append(n).append(' ');
                return Arrays.copyOf(b, n);
            }
            case 6: { // append garbage
                byte[] extra = new byte[1 + rng.nextInt(16)];
                for (int i = 0; i < extra.length; i++) extra[i] = (byte) rng.nextInt(256);
                log.append("append").append(extra.length).append(' ');
                return splice(b, len, len, extra);
            }
            case 7: { // delete or duplicate a range
                if (len == 0) return b;
                int i = rng.nextInt(len), n = 1 + rng.nextInt(Math.min(16, len - i));
                boolean delete = rng.nextInt(2) == 0;
                log.append(delete ? "delete@" : "dup@").append(i).append('+').append(n).append(' ');
                return delete ? splice(b, i, i + n, new byte[0]) : splice(b, i, i, Arrays.copyOfRange(b, i, i + n));
            }
            case 8: { // header length field: off by a little, or anything
                if (len < 8) return b;
                ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
                long v = rng.nextInt(3) == 0 ? rng.nextLong() : bb.getLong(0) + rng.nextInt(33) - 16;
                bb.putLong(0, v);
                log.append("length=").append(v).append(' ');
                return b;
            }
            default: { // swap two bytes of the header
                if (hEnd <= 9) return b;
                int i = 8 + rng.nextInt(hEnd - 8), j = 8 + rng.nextInt(hEnd - 8);
                byte t = b[i];
                b[i] = b[j];
                b[j] = t;
                log.append("swap@").append(i).append(',').append(j).append(' ');
                return b;
            }
        }
    }

    private static byte[] splice(byte[] b, int from, int to, byte[] insert) {
        byte[] out = new byte[b.length - (to - from) + insert.length];
        System.arraycopy(b, 0, out, 0, from);
        System.arraycopy(insert, 0, out, from, insert.length);
        System.arraycopy(b, to, out, from + insert.length, b.length - to);
        return out;
    }
}
