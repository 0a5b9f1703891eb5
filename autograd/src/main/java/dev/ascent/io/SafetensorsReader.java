package dev.ascent.io;

import dev.ascent.engine.NDArray;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses and validates a safetensors file before allocating anything sized by it. The order of checks
 * follows the format: the 8-byte header length (capped, and checked against the real size), the UTF-8
 * JSON header, each tensor entry, then the layout of the data section (offsets sorted, contiguous from 0,
 * no overlap, no gap, ending exactly at the end of the file, each range exactly shape × element size).
 * Only then are tensors read (F32 as {@link NDArray}s, U8 as {@link ByteTensor}s). Every failure is a {@link SafetensorsFormatException} naming the byte offset
 * or the tensor.
 */
final class SafetensorsReader {
    private static final String METADATA_KEY = "__metadata__";
    private static final int CHUNK_BYTES = 1 << 20;

    private SafetensorsReader() {}

    private record Entry(String name, SafetensorsDtype dtype, int[] shape, long begin, long end) {}

    static Safetensors.Contents read(ByteSource src) throws IOException {
        long size = src.size();
        if (size < 8) throw fail("truncated file: " + size + " bytes, but the header length alone takes 8 (bytes 0..7)");
        ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        src.read(0, lenBuf);
        long n = lenBuf.getLong(0); // unsigned: a negative value is above 2^63, i.e. absurd as well
        if (n < 0 || n > Safetensors.MAX_HEADER_BYTES) {
            throw fail("header length " + Long.toUnsignedString(n) + " (bytes 0..7) exceeds the " + Safetensors.MAX_HEADER_BYTES + "-byte limit");
        }
        if (n > size - 8) {
            throw fail("header length " + n + " (bytes 0..7) goes past the end of the file: only " + (size - 8) + " bytes follow");
        }
        if (n < 2) throw fail("header length " + n + " (bytes 0..7) is too small for a JSON object");
        ByteBuffer headerBuf = ByteBuffer.allocate((int) n);
        src.read(8, headerBuf);
        String header = decodeUtf8(headerBuf.array());
        if (header.charAt(0) != '{') throw fail("header at byte 8 must start with '{', found byte 0x" + Integer.toHexString(headerBuf.get(0) & 0xff));

        Map<String, Object> json;
        try {
            json = Json.parseObject(header);
        } catch (IllegalArgumentException e) {
            throw new SafetensorsFormatException("invalid JSON in the header (bytes 8.." + (8 + n - 1) + "; offsets below count characters from byte 8): "
                    + e.getMessage(), e);
        }

        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, Object> e : json.entrySet()) {
            if (e.getKey().equals(METADATA_KEY)) metadata = readMetadata(e.getValue());
            else entries.add(readEntry(e.getKey(), e.getValue()));
        }

        long dataStart = 8 + n, dataLength = size - dataStart;
        entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long covered = 0;
        String previous = null;
        for (Entry t : entries) {
            if (t.begin() > covered) {
                throw fail("data section has a gap: bytes " + covered + ".." + (t.begin() - 1) + " (file offsets " + (dataStart + covered) + "..)"
                        + " belong to no tensor (before tensor '" + t.name() + "')");
            }
            if (t.begin() < covered) {
                throw fail("tensor '" + t.name() + "' data_offsets [" + t.begin() + ", " + t.end() + "] overlap tensor '" + previous
                        + "', which ends at " + covered);
            }
            if (t.end() > dataLength) {
                throw fail("tensor '" + t.name() + "' data_offsets [" + t.begin() + ", " + t.end() + "] go past the end of the data section ("
                        + dataLength + " bytes, file offsets " + dataStart + ".." + (size - 1) + ")");
            }
            covered = t.end();
            previous = t.name();
        }
        if (covered != dataLength) {
            throw fail("data section is " + dataLength + " bytes (file offsets " + dataStart + "..), but the tensors cover only " + covered
                    + "; the last " + (dataLength - covered) + " bytes belong to no tensor");
        }

        Map<String, NDArray> tensors = new LinkedHashMap<>();
        Map<String, ByteTensor> byteTensors = new LinkedHashMap<>();
        for (Entry t : entries) {
            if (t.dtype() != SafetensorsDtype.F32 && t.dtype() != SafetensorsDtype.U8) {
                throw fail("tensor '" + t.name() + "' has dtype " + t.dtype() + "; Ascent reads only F32 and U8 tensors (convert the file, e.g. with tensor.float())");
            }
        }
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (Entry t : entries) {
            if (t.dtype() == SafetensorsDtype.U8) {
                byte[] bytes = new byte[(int) (t.end() - t.begin())];
                src.read(dataStart + t.begin(), ByteBuffer.wrap(bytes));
                byteTensors.put(t.name(), new ByteTensor(t.shape(), bytes));
                continue;
            }
            int count = (int) ((t.end() - t.begin()) / 4);
            float[] values = new float[count];
            long at = dataStart + t.begin();
            for (int done = 0; done < count; ) {
                int k = Math.min(count - done, CHUNK_BYTES / 4);
                chunk.clear().limit(k * 4);
                src.read(at, chunk);
                chunk.flip();
                chunk.asFloatBuffer().get(values, done, k);
                done += k;
                at += 4L * k;
            }
            tensors.put(t.name(), NDArray.wrap(values, t.shape()));
        }
        return new Safetensors.Contents(tensors, byteTensors, metadata);
    }

    private static String decodeUtf8(byte[] bytes) throws SafetensorsFormatException {
        try {
            CharBuffer cb = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return cb.toString();
        } catch (CharacterCodingException e) {
            throw new SafetensorsFormatException("header (bytes 8.." + (8 + bytes.length - 1) + ") is not valid UTF-8: " + e, e);
        }
    }

    private static Map<String, String> readMetadata(Object v) throws SafetensorsFormatException {
        if (!(v instanceof Map)) throw fail("__metadata__ must be an object of strings, got " + describe(v));
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
            if (!(e.getValue() instanceof String)) {
                throw fail("__metadata__ entry '" + e.getKey() + "' must be a string, got " + describe(e.getValue()));
            }
            out.put((String) e.getKey(), (String) e.getValue());
        }
        return out;
    }

    private static Entry readEntry(String name, Object v) throws SafetensorsFormatException {
        if (!(v instanceof Map)) throw fail("tensor '" + name + "': expected an object with dtype, shape and data_offsets, got " + describe(v));
        Map<?, ?> m = (Map<?, ?>) v;
        Object dt = m.get("dtype");
        if (!(dt instanceof String)) throw fail("tensor '" + name + "': dtype must be a string, got " + describe(dt));
        SafetensorsDtype dtype = SafetensorsDtype.parse((String) dt);
        if (dtype == null) {
            throw fail("tensor '" + name + "': unknown dtype '" + dt + "' (the format defines " + Arrays.toString(SafetensorsDtype.values()) + ")");
        }
        long[] shape = naturals(name, "shape", m.get("shape"));
        long[] offsets = naturals(name, "data_offsets", m.get("data_offsets"));
        if (offsets.length != 2) throw fail("tensor '" + name + "': data_offsets must be [begin, end], got " + offsets.length + " numbers");
        if (offsets[1] < offsets[0]) throw fail("tensor '" + name + "': data_offsets [" + offsets[0] + ", " + offsets[1] + "] end before they begin");
        long elements = 1;
        for (long d : shape) {
            elements = multiply(name, elements, d);
        }
        long bytes = multiply(name, elements, dtype.bytes);
        if (bytes != offsets[1] - offsets[0]) {
            throw fail("tensor '" + name + "': shape " + Arrays.toString(shape) + " of " + dtype + " needs " + bytes + " bytes, but data_offsets ["
                    + offsets[0] + ", " + offsets[1] + "] span " + (offsets[1] - offsets[0]));
        }
        if (elements > Integer.MAX_VALUE - 8) {
            throw fail("tensor '" + name + "': " + elements + " elements do not fit one Java array");
        }
        int[] ishape = new int[shape.length];
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] > Integer.MAX_VALUE) throw fail("tensor '" + name + "': dimension " + shape[i] + " does not fit an int");
            ishape[i] = (int) shape[i];
        }
        return new Entry(name, dtype, ishape, offsets[0], offsets[1]);
    }

    private static long multiply(String name, long a, long b) throws SafetensorsFormatException {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            throw fail("tensor '" + name + "': shape overflows 64 bits");
        }
    }

    private static long[] naturals(String name, String field, Object v) throws SafetensorsFormatException {
        if (!(v instanceof List)) throw fail("tensor '" + name + "': " + field + " must be a list of non-negative integers, got " + describe(v));
        List<?> list = (List<?>) v;
        if (list.size() > 1024) throw fail("tensor '" + name + "': " + field + " has " + list.size() + " entries");
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            Object x = list.get(i);
            if (!(x instanceof Long) || (Long) x < 0) {
                throw fail("tensor '" + name + "': " + field + "[" + i + "] must be a non-negative integer below 10^18, got " + describe(x));
            }
            out[i] = (Long) x;
        }
        return out;
    }

    private static String describe(Object v) {
        if (v == null) return "null";
        String s = v instanceof String ? "\"" + v + "\"" : String.valueOf(v);
        if (s.length() > 60) s = s.substring(0, 60) + "…";
        return v.getClass().getSimpleName() + " " + s;
    }

    private static SafetensorsFormatException fail(String message) {
        return new SafetensorsFormatException("safetensors: " + message);
    }
}
