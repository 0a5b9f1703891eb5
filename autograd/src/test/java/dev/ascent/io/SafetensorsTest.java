package dev.ascent.io;

import dev.ascent.engine.NDArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The safetensors format, checked against files assembled byte by byte from the published specification
 * (huggingface/safetensors README: u64 little-endian header size N, N bytes of JSON starting with '{' and
 * optionally space-padded, then the byte buffer that data_offsets index, C order, little-endian), and
 * every class of corrupt input named in the issue.
 */
class SafetensorsTest {
    @TempDir
    Path dir;

    /** u64 LE length, the header padded with spaces to {@code padTo}, then raw bytes. */
    static byte[] file(String header, int padTo, byte[] data) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        int n = padTo <= 1 ? h.length : (h.length + padTo - 1) / padTo * padTo;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < 8; i++) out.write((int) ((long) n >>> (8 * i)) & 0xff);
        out.writeBytes(h);
        for (int i = h.length; i < n; i++) out.write(' ');
        out.writeBytes(data);
        return out.toByteArray();
    }

    static byte[] hex(String s) {
        String[] parts = s.trim().split("\\s+");
        byte[] b = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) b[i] = (byte) Integer.parseInt(parts[i], 16);
        return b;
    }

    static byte[] floatsLe(float... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) b.putFloat(f);
        return b.array();
    }

    @Test
    void writerProducesTheSpecifiedLayoutByteForByte() throws IOException {
        // Two tensors and metadata. Expected file: header in the reference writer's form (metadata first,
        // tensors sorted by name, compact JSON, padded with spaces to a multiple of 8), then
        // 1.0f = 0x3F800000, -2.5f = 0xC0200000, 3.0f = 0x40400000 as little-endian bytes.
        String header = "{\"__metadata__\":{\"step\":\"7\"},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[8,12]}}";
        byte[] expected = file(header, 8, hex("00 00 80 3f  00 00 20 c0  00 00 40 40"));
        assertEquals(135, header.length());
        assertEquals(8 + 136 + 12, expected.length, "the 135-byte header is padded with one space to 136");
        assertEquals(' ', expected[8 + 135]);

        Map<String, NDArray> tensors = new LinkedHashMap<>();
        tensors.put("b", NDArray.scalar(3f)); // insertion order must not matter: names are sorted
        tensors.put("a", NDArray.vector(1f, -2.5f));
        assertArrayEquals(expected, Safetensors.toBytes(tensors, Map.of("step", "7")));

        Path f = dir.resolve("fixture.safetensors");
        Safetensors.write(f, tensors, Map.of("step", "7"));
        assertArrayEquals(expected, Files.readAllBytes(f));

        Safetensors.Contents c = Safetensors.read(expected);
        assertEquals(List.of("a", "b"), List.copyOf(c.tensors().keySet()));
        assertArrayEquals(new float[] {1f, -2.5f}, c.tensors().get("a").data());
        assertArrayEquals(new int[0], c.tensors().get("b").shape());
        assertEquals(3f, c.tensors().get("b").item());
        assertEquals(Map.of("step", "7"), c.metadata());
    }

    @Test
    void u8TensorsFollowTheF32OnesAndRoundTrip() throws IOException {
        // The reference writer orders by dtype, widest first, then by name: F32 "z" before U8 "a". Bytes keep
        // their full 0..255 range (0xff is 255, not -1).
        String header = "{\"z\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"a\":{\"dtype\":\"U8\",\"shape\":[2,2],\"data_offsets\":[4,8]}}";
        byte[] expected = file(header, 8, hex("00 00 80 3f  00 07 80 ff"));
        Map<String, NDArray> floats = Map.of("z", NDArray.vector(1f));
        Map<String, ByteTensor> bytes = Map.of("a", ByteTensor.copyOf(new byte[] {0, 7, (byte) 128, (byte) 255}, 2, 2));
        assertArrayEquals(expected, Safetensors.toBytes(floats, bytes, null));

        Path f = dir.resolve("u8.safetensors");
        Safetensors.write(f, floats, bytes, null);
        Safetensors.Contents c = Safetensors.read(f);
        assertEquals(List.of("z"), List.copyOf(c.tensors().keySet()));
        assertEquals(bytes.get("a"), c.byteTensors().get("a"));
        assertEquals(255, c.byteTensors().get("a").data()[3] & 0xff);

        assertThrows(IllegalArgumentException.class, () -> Safetensors.toBytes(floats, Map.of("z", ByteTensor.copyOf(new byte[1], 1)), null),
                "one name for an F32 and a U8 tensor");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ByteTensor(new int[] {2, 2}, new byte[3]));
        assertTrue(e.getMessage().contains("[2, 2]") && e.getMessage().contains("3 bytes"), e.getMessage());
    }

    @Test
    void referenceExampleFromTheFormatRepository() throws IOException {
        // The format repository's own example: "attn.0" F32 [1,2,3] = 0..5; its 64-byte header needs no padding.
        String header = "{\"attn.0\":{\"dtype\":\"F32\",\"shape\":[1,2,3],\"data_offsets\":[0,24]}}";
        assertEquals(64, header.length());
        byte[] expected = file(header, 8, floatsLe(0, 1, 2, 3, 4, 5));
        assertArrayEquals(hex("40 00 00 00 00 00 00 00"), java.util.Arrays.copyOf(expected, 8));
        assertArrayEquals(expected, Safetensors.toBytes(Map.of("attn.0", NDArray.of(new float[] {0, 1, 2, 3, 4, 5}, 1, 2, 3)), null));
        // Without tensors the header is "{}" padded to 8.
        assertArrayEquals(file("{}", 8, new byte[0]), Safetensors.toBytes(Map.of(), Map.of()));
        assertEquals(0, Safetensors.read(file("{}", 8, new byte[0])).tensors().size());
    }

    @Test
    void readsAnyValidF32FileWhateverItsStyle() throws IOException {
        // Another writer's choices: whitespace and newlines, metadata last, keys in another order, JSON order
        // not data order, an unknown extra field, an empty tensor, a scalar, no alignment padding.
        String header = "{\n  \"z\": {\"data_offsets\": [0, 4], \"shape\": [], \"dtype\": \"F32\", \"extra\": true},\n"
                + "  \"empty\": {\"dtype\": \"F32\", \"shape\": [3, 0], \"data_offsets\": [12, 12]},\n"
                + "  \"m\": {\"dtype\": \"F32\", \"shape\": [2, 1], \"data_offsets\": [4, 12]},\n"
                + "  \"__metadata__\": {\"format\": \"pt\", \"note\": \"\\u00e9t\\u00e9 \\\"quoted\\\"\"}\n}";
        byte[] bytes = file(header, 1, floatsLe(9f, Float.NaN, Float.NEGATIVE_INFINITY));
        Safetensors.Contents c = Safetensors.read(bytes);
        assertEquals(List.of("z", "m", "empty"), List.copyOf(c.tensors().keySet()), "data order");
        assertEquals(9f, c.tensors().get("z").item());
        assertTrue(Float.isNaN(c.tensors().get("m").data()[0]), "NaN and infinities are data, not errors");
        assertEquals(Float.NEGATIVE_INFINITY, c.tensors().get("m").data()[1]);
        assertArrayEquals(new int[] {3, 0}, c.tensors().get("empty").shape());
        assertEquals("été \"quoted\"", c.metadata().get("note"));
        // Round trip through our writer keeps values bit for bit (NaN payload included).
        byte[] again = Safetensors.toBytes(c.tensors(), c.metadata());
        Safetensors.Contents d = Safetensors.read(again);
        assertEquals(Float.floatToRawIntBits(Float.NaN), Float.floatToRawIntBits(d.tensors().get("m").data()[0]));
        assertEquals(c.metadata(), d.metadata());
    }

    @Test
    void namesSortByUtf8BytesAsTheReferenceWriterDoes() throws IOException {
        // U+FF21 (EF BC A1 in UTF-8) sorts before U+1F600 (F0 9F 98 80) as bytes, after it as UTF-16 chars.
        Map<String, NDArray> t = new LinkedHashMap<>();
        t.put("\uD83D\uDE00", NDArray.scalar(1));
        t.put("\uFF21", NDArray.scalar(2));
        t.put("B", NDArray.scalar(3));
        assertEquals(List.of("B", "\uFF21", "\uD83D\uDE00"), List.copyOf(Safetensors.read(Safetensors.toBytes(t, null)).tensors().keySet()));
    }

    @Test
    void writerRejectsWhatTheFormatCannotHold() {
        assertThrows(IllegalArgumentException.class, () -> Safetensors.toBytes(Map.of("__metadata__", NDArray.scalar(1)), null));
        assertThrows(IllegalArgumentException.class, () -> Safetensors.toBytes(Map.of("", NDArray.scalar(1)), null));
        assertThrows(IllegalArgumentException.class, () -> Safetensors.toBytes(Map.of("bad\uD800name", NDArray.scalar(1)), null));
        assertThrows(IllegalArgumentException.class, () -> Safetensors.toBytes(Map.of(), Map.of("k", "\uDC00")));
        Map<String, String> nullValue = new LinkedHashMap<>();
        nullValue.put("k", null);
        assertThrows(IllegalArgumentException.class, () -> Safetensors.toBytes(Map.of(), nullValue));
    }

    // ---------------------------------------------------------------- corrupt input

    private static void rejects(byte[] bytes, String... fragments) {
        SafetensorsFormatException e = assertThrows(SafetensorsFormatException.class, () -> Safetensors.read(bytes));
        for (String f : fragments) assertTrue(e.getMessage().contains(f), "message should contain '" + f + "': " + e.getMessage());
    }

    private static String t(String name, String dtype, String shape, long begin, long end) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":[" + begin + "," + end + "]}";
    }

    @Test
    void truncatedFiles() {
        byte[] good = Safetensors.toBytes(Map.of("w", NDArray.vector(1, 2, 3)), null);
        rejects(new byte[0], "truncated", "0 bytes");
        rejects(java.util.Arrays.copyOf(good, 5), "truncated", "bytes 0..7");
        rejects(java.util.Arrays.copyOf(good, 20), "header length", "past the end of the file");
        rejects(java.util.Arrays.copyOf(good, good.length - 1), "tensor 'w'", "past the end of the data section");
    }

    @Test
    void headerLengthBeyondTheFileOrAbsurd() {
        byte[] good = Safetensors.toBytes(Map.of("w", NDArray.vector(1, 2, 3)), null);
        byte[] huge = good.clone();
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putLong(0, -1L); // 2^64 - 1
        rejects(huge, "18446744073709551615", "limit");
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 200_000_000L);
        rejects(huge, "200000000", "limit");
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1_000_000L);
        rejects(huge, "1000000", "past the end");
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1L);
        rejects(huge, "too small");
    }

    @Test
    void invalidHeaderText() {
        rejects(file("{\"w\":{\"dtype\":\"F32\",", 8, new byte[0]), "invalid JSON");
        rejects(file("[1,2]", 8, new byte[0]), "must start with '{'");
        rejects(file(" {}", 1, new byte[0]), "must start with '{'");
        rejects(file("{} x", 1, new byte[0]), "invalid JSON", "trailing");
        byte[] latin1 = file("{\"\u00e9\":1}", 1, new byte[0]);
        latin1[10] = (byte) 0xe9; // a lone Latin-1 byte is not UTF-8
        rejects(latin1, "not valid UTF-8");
        rejects(file("{\"__metadata__\":{\"step\":7}}", 8, new byte[0]), "__metadata__", "step", "must be a string");
        rejects(file("{\"__metadata__\":[\"a\"]}", 8, new byte[0]), "__metadata__");
        rejects(file("{\"w\":5}", 8, new byte[0]), "tensor 'w'", "expected an object");
        rejects(file("{" + "\"w\":".repeat(1) + "[".repeat(10_000) + "]".repeat(10_000) + "}", 8, new byte[0]), "nesting");
    }

    @Test
    void duplicateNames() {
        rejects(file("{" + t("w", "F32", "[1]", 0, 4) + "," + t("w", "F32", "[1]", 4, 8) + "}", 8, floatsLe(1, 2)), "duplicate key \"w\"");
    }

    @Test
    void offsetsOutOfRangeOverlappingOrNotCovering() {
        byte[] two = floatsLe(1, 2);
        rejects(file("{" + t("w", "F32", "[2]", 0, 8) + "," + t("v", "F32", "[1]", 8, 12) + "}", 8, two), "tensor 'v'", "past the end of the data section");
        rejects(file("{" + t("w", "F32", "[2]", 0, 8) + "," + t("v", "F32", "[1]", 4, 8) + "}", 8, floatsLe(1, 2, 3)), "overlap");
        rejects(file("{" + t("w", "F32", "[1]", 4, 8) + "}", 8, two), "gap", "bytes 0..3", "tensor 'w'");
        rejects(file("{" + t("w", "F32", "[1]", 0, 4) + "}", 8, two), "cover only 4", "last 4 bytes");
        rejects(file("{" + t("w", "F32", "[1]", 8, 4) + "}", 8, two), "tensor 'w'", "end before they begin");
        rejects(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4,8]}}", 8, two), "tensor 'w'", "[begin, end]");
        rejects(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,-4]}}", 8, two), "tensor 'w'", "non-negative");
        rejects(file("{" + t("w", "F32", "[2]", 0, 99999999999999999L) + "}", 8, two), "tensor 'w'");
    }

    @Test
    void shapeTimesDtypeSizeMustEqualTheByteLength() {
        rejects(file("{" + t("w", "F32", "[3]", 0, 8) + "}", 8, floatsLe(1, 2)), "tensor 'w'", "needs 12 bytes", "span 8");
        rejects(file("{" + t("w", "F32", "[2.0]", 0, 8) + "}", 8, floatsLe(1, 2)), "tensor 'w'", "shape[0]");
        rejects(file("{" + t("w", "F32", "[\"2\"]", 0, 8) + "}", 8, floatsLe(1, 2)), "tensor 'w'", "shape[0]");
        rejects(file("{" + t("w", "F32", "[4294967296,4294967296,4294967296]", 0, 8) + "}", 8, floatsLe(1, 2)), "tensor 'w'", "overflows");
        rejects(file("{" + t("w", "F32", "[4294967296,0]", 0, 0) + "}", 8, new byte[0]), "tensor 'w'", "does not fit an int");
        rejects(file("{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,8]}}", 8, floatsLe(1, 2)), "tensor 'w'", "shape");
    }

    @Test
    void unknownAndUnsupportedDtypes() {
        rejects(file("{" + t("w", "F33", "[2]", 0, 8) + "}", 8, floatsLe(1, 2)), "tensor 'w'", "unknown dtype 'F33'");
        rejects(file("{" + t("h", "F16", "[4]", 0, 8) + "}", 8, floatsLe(1, 2)), "tensor 'h'", "dtype F16", "only F32");
        // A valid mixed file: layout is validated with each dtype's size before the dtype is refused.
        rejects(file("{" + t("a", "F32", "[1]", 0, 4) + "," + t("i", "I64", "[1]", 4, 12) + "}", 8, floatsLe(1, 2, 3)), "tensor 'i'", "I64");
        rejects(file("{" + t("w", "F32", "[2]", 0, 8).replace("\"F32\"", "3") + "}", 8, floatsLe(1, 2)), "tensor 'w'", "dtype must be a string");
    }

    @Test
    void writesAreAtomic() throws IOException {
        Path f = dir.resolve("ckpt.safetensors");
        Safetensors.write(f, Map.of("w", NDArray.vector(1, 2)), null);
        Safetensors.write(f, Map.of("w", NDArray.vector(3, 4)), null); // replaces
        assertArrayEquals(new float[] {3, 4}, Safetensors.read(f).tensors().get("w").data());

        byte[] before = Files.readAllBytes(f);
        IOException boom = assertThrows(IOException.class, () -> AtomicFiles.write(f, ch -> {
            ch.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            throw new IOException("disk full");
        }));
        assertEquals("disk full", boom.getMessage());
        assertArrayEquals(before, Files.readAllBytes(f), "a failed write leaves the previous file intact");
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of("ckpt.safetensors"), s.map(p -> p.getFileName().toString()).collect(Collectors.toList()), "no temporary files left");
        }
        SafetensorsFormatException e = assertThrows(SafetensorsFormatException.class, () -> {
            Files.write(f, new byte[] {1, 2});
            Safetensors.read(f);
        });
        assertTrue(e.getMessage().startsWith(f.toString()), "file errors name the file: " + e.getMessage());
    }
}
