package dev.ascent.io;

import dev.ascent.engine.NDArray;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Lays out a safetensors file the way the reference implementation does, so that files are byte-for-byte
 * reproducible and load with {@code safetensors.torch.load_file}:
 * <ul>
 *   <li>tensors ordered as the reference orders them: by dtype, widest first (F32 before U8, which keeps
 *       every tensor aligned to its element size), then by name (byte-wise on UTF-8, Rust's string order);
 *       data packed back to back from offset 0;</li>
 *   <li>the header is compact JSON: {@code __metadata__} first (keys sorted) when there is any, then one
 *       {@code {"dtype":"F32","shape":[...],"data_offsets":[begin,end]}} per tensor in data order;</li>
 *   <li>the header is padded with spaces to a multiple of 8 bytes, so the data starts 8-aligned;</li>
 *   <li>the header length is an unsigned 64-bit little-endian integer, values are little-endian float32.</li>
 * </ul>
 */
final class SafetensorsWriter {
    private static final int CHUNK_FLOATS = 1 << 16;

    private final byte[] header;
    private final List<Item> ordered;

    /** One tensor to write: float32 values or bytes. */
    private record Item(String name, NDArray floats, ByteTensor bytes) {
        SafetensorsDtype dtype() {
            return floats != null ? SafetensorsDtype.F32 : SafetensorsDtype.U8;
        }

        int[] shape() {
            return floats != null ? floats.shape() : bytes.shape();
        }

        long byteLength() {
            return floats != null ? 4L * floats.size() : bytes.data().length;
        }
    }

    SafetensorsWriter(Map<String, NDArray> tensors, Map<String, ByteTensor> byteTensors, Map<String, String> metadata) {
        List<Item> entries = new ArrayList<>();
        for (Map.Entry<String, NDArray> e : tensors.entrySet()) entries.add(new Item(e.getKey(), e.getValue(), null));
        if (byteTensors != null) {
            for (Map.Entry<String, ByteTensor> e : byteTensors.entrySet()) {
                if (tensors.containsKey(e.getKey())) throw new IllegalArgumentException("safetensors: tensor name '" + e.getKey() + "' is used twice");
                entries.add(new Item(e.getKey(), null, e.getValue()));
            }
        }
        for (Item e : entries) {
            String name = e.name();
            if (name == null || name.isEmpty()) throw new IllegalArgumentException("safetensors: tensor names must be non-empty");
            if (name.equals("__metadata__")) throw new IllegalArgumentException("safetensors: '__metadata__' is reserved and cannot name a tensor");
            if (e.floats() == null && e.bytes() == null) throw new IllegalArgumentException("safetensors: tensor '" + name + "' is null");
            requireEncodable("tensor name", name);
        }
        // The reference's order: wider dtypes first (its dtype enum is declared narrow to wide, like ours), then by name.
        entries.sort(Comparator.comparing(Item::dtype, Comparator.reverseOrder())
                .thenComparing((a, b) -> Arrays.compareUnsigned(utf8(a.name()), utf8(b.name()))));

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
        for (Item e : entries) {
            long bytes = e.byteLength();
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("dtype", e.dtype().name());
            info.put("shape", e.shape());
            info.put("data_offsets", new long[] {offset, offset + bytes});
            json.put(e.name(), info);
            ordered.add(e);
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
        for (Item e : ordered) n += e.byteLength();
        return n;
    }

    void writeTo(WritableByteChannel out) throws IOException {
        ByteBuffer lead = ByteBuffer.allocate(8 + header.length).order(ByteOrder.LITTLE_ENDIAN);
        lead.putLong(header.length).put(header).flip();
        writeFully(out, lead);
        ByteBuffer buf = ByteBuffer.allocate(4 * CHUNK_FLOATS).order(ByteOrder.LITTLE_ENDIAN);
        for (Item e : ordered) {
            if (e.bytes() != null) {
                writeFully(out, ByteBuffer.wrap(e.bytes().data()));
                continue;
            }
            float[] d = e.floats().data();
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
        for (Item e : ordered) {
            if (e.bytes() != null) {
                all.put(e.bytes().data());
            } else {
                all.asFloatBuffer().put(e.floats().data()); // a view starting at the current position; advance past it
                all.position(all.position() + 4 * e.floats().size());
            }
        }
        return all.array();
    }

    private static void writeFully(WritableByteChannel out, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) out.write(b);
    }
}
