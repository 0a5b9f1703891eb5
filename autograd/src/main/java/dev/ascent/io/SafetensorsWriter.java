package dev.ascent.io;

import dev.ascent.engine.NDArray;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Lays out a safetensors file the way the reference implementation does, so that files are byte-for-byte
 * reproducible and load with {@code safetensors.torch.load_file}:
 * <ul>
 *   <li>tensors ordered by name (byte-wise on UTF-8, Rust's string order; all are F32, so the reference's
 *       primary sort by dtype alignment does not reorder them), data packed back to back from offset 0;</li>
 *   <li>the header is compact JSON: {@code __metadata__} first (keys sorted) when there is any, then one
 *       {@code {"dtype":"F32","shape":[...],"data_offsets":[begin,end]}} per tensor in data order;</li>
 *   <li>the header is padded with spaces to a multiple of 8 bytes, so the data starts 8-aligned;</li>
 *   <li>the header length is an unsigned 64-bit little-endian integer, values are little-endian float32.</li>
 * </ul>
 */
final class SafetensorsWriter {
    private static final int CHUNK_FLOATS = 1 << 16;

    private final byte[] header;
    private final List<NDArray> ordered;

    SafetensorsWriter(Map<String, NDArray> tensors, Map<String, String> metadata) {
        List<Map.Entry<String, NDArray>> entries = new ArrayList<>(tensors.entrySet());
        for (Map.Entry<String, NDArray> e : entries) {
            String name = e.getKey();
            if (name == null || name.isEmpty()) throw new IllegalArgumentException("safetensors: tensor names must be non-empty");
            if (name.equals("__metadata__")) throw new IllegalArgumentException("safetensors: '__metadata__' is reserved and cannot name a tensor");
            if (e.getValue() == null) throw new IllegalArgumentException("safetensors: tensor '" + name + "' is null");
            requireEncodable("tensor name", name);
        }
        entries.sort((a, b) -> Arrays.compareUnsigned(utf8(a.getKey()), utf8(b.getKey())));

        Map<String, Object> json = new LinkedHashMap<>();
        if (metadata != null && !metadata.isEmpty()) {
            Map<String, Object> meta = new TreeMap<>();
            for (Map.Entry<String, String> m : metadata.entrySet()) {
                if (m.getKey() == null || m.getValue() == null) throw new IllegalArgumentException("safetensors: metadata keys and values must be non-null strings");
                requireEncodable("metadata key", m.getKey());
                requireEncodable("metadata value", m.getValue());
                meta.put(m.getKey(), m.getValue());
            }
            json.put("__metadata__", meta);
        }
        ordered = new ArrayList<>();
        long offset = 0;
        for (Map.Entry<String, NDArray> e : entries) {
            NDArray a = e.getValue();
            long bytes = 4L * a.size();
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("dtype", "F32");
            info.put("shape", a.shape());
            info.put("data_offsets", new long[] {offset, offset + bytes});
            json.put(e.getKey(), info);
            ordered.add(a);
            offset += bytes;
        }
        byte[] raw = utf8(Json.write(json));
        int padded = (raw.length + 7) / 8 * 8;
        header = Arrays.copyOf(raw, padded);
        Arrays.fill(header, raw.length, padded, (byte) ' ');
        if (header.length > Safetensors.MAX_HEADER_BYTES) {
            throw new IllegalArgumentException("safetensors: the header would be " + header.length + " bytes, above the readers' limit of "
                    + Safetensors.MAX_HEADER_BYTES);
        }
    }

    /** A lone surrogate has no UTF-8 encoding; {@code getBytes} would silently turn it into '?'. */
    private static void requireEncodable(String what, String s) {
        if (!StandardCharsets.UTF_8.newEncoder().canEncode(s)) {
            throw new IllegalArgumentException("safetensors: " + what + " '" + s + "' contains an unpaired surrogate and cannot be written as UTF-8");
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Total file size. */
    long size() {
        long n = 8 + header.length;
        for (NDArray a : ordered) n += 4L * a.size();
        return n;
    }

    void writeTo(WritableByteChannel out) throws IOException {
        ByteBuffer lead = ByteBuffer.allocate(8 + header.length).order(ByteOrder.LITTLE_ENDIAN);
        lead.putLong(header.length).put(header).flip();
        writeFully(out, lead);
        ByteBuffer buf = ByteBuffer.allocate(4 * CHUNK_FLOATS).order(ByteOrder.LITTLE_ENDIAN);
        for (NDArray a : ordered) {
            float[] d = a.data();
            for (int at = 0; at < d.length; at += CHUNK_FLOATS) {
                int k = Math.min(CHUNK_FLOATS, d.length - at);
                buf.clear();
                buf.asFloatBuffer().put(d, at, k); // raw bits, NaN payloads included
                buf.limit(4 * k);
                writeFully(out, buf);
            }
        }
    }

    byte[] toBytes() {
        long n = size();
        if (n > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("safetensors: " + n + " bytes do not fit one array; write to a file instead");
        ByteBuffer all = ByteBuffer.allocate((int) n).order(ByteOrder.LITTLE_ENDIAN);
        all.putLong(header.length).put(header);
        for (NDArray a : ordered) {
            all.asFloatBuffer().put(a.data()); // a view starting at the current position; advance past it
            all.position(all.position() + 4 * a.size());
        }
        return all.array();
    }

    private static void writeFully(WritableByteChannel out, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) out.write(b);
    }
}
