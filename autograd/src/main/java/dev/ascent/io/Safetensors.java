package dev.ascent.io;

import dev.ascent.engine.NDArray;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.Map;

/**
 * Reads and writes the <a href="https://github.com/huggingface/safetensors">safetensors</a> format of the
 * Hugging Face and PyTorch ecosystems: an unsigned 64-bit little-endian header length N, N bytes of UTF-8
 * JSON mapping each tensor name to {@code {"dtype", "shape", "data_offsets": [begin, end]}} (offsets
 * relative to the data section) plus an optional {@code "__metadata__"} object of strings, then the raw
 * little-endian data.
 *
 * <p>Files written here load with Python's {@code safetensors.torch.load_file} (the layout is the
 * reference writer's, see {@link SafetensorsWriter}); writes are atomic ({@link AtomicFiles}). Any valid
 * file whose tensors are F32 or U8 loads here; everything else, including hostile input, is rejected with a
 * {@link SafetensorsFormatException} (an {@link IOException}) saying what is wrong and where, after
 * validation and before any allocation sized by the file's claims.
 */
public final class Safetensors {
    /** The largest header accepted, as in the reference implementation (100 MB). */
    public static final long MAX_HEADER_BYTES = 100_000_000L;

    private Safetensors() {}

    /**
     * The tensors of a file, F32 ones as {@link NDArray}s and U8 ones as {@link ByteTensor}s (each in data
     * order, which for files written here is name order), and its metadata.
     */
    public record Contents(Map<String, NDArray> tensors, Map<String, ByteTensor> byteTensors, Map<String, String> metadata) {
        public Contents {
            tensors = Collections.unmodifiableMap(tensors);
            byteTensors = Collections.unmodifiableMap(byteTensors);
            metadata = Collections.unmodifiableMap(metadata);
        }
    }

    /** Writes {@code tensors} and {@code metadata} (may be null or empty) to {@code path}, atomically. */
    public static void write(Path path, Map<String, NDArray> tensors, Map<String, String> metadata) throws IOException {
        write(path, tensors, Map.of(), metadata);
    }

    /** Writes F32 {@code tensors}, U8 {@code byteTensors} (names distinct from the F32 ones) and {@code metadata}, atomically. */
    public static void write(Path path, Map<String, NDArray> tensors, Map<String, ByteTensor> byteTensors, Map<String, String> metadata) throws IOException {
        SafetensorsWriter w = new SafetensorsWriter(tensors, byteTensors, metadata);
        AtomicFiles.write(path, w::writeTo);
    }

    /** The file's bytes in memory. */
    public static byte[] toBytes(Map<String, NDArray> tensors, Map<String, String> metadata) {
        return toBytes(tensors, Map.of(), metadata);
    }

    /** The file's bytes in memory, with U8 tensors too. */
    public static byte[] toBytes(Map<String, NDArray> tensors, Map<String, ByteTensor> byteTensors, Map<String, String> metadata) {
        return new SafetensorsWriter(tensors, byteTensors, metadata).toBytes();
    }

    /** Reads and validates a file. */
    public static Contents read(Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            try {
                return SafetensorsReader.read(ByteSource.of(ch));
            } catch (SafetensorsFormatException e) {
                throw new SafetensorsFormatException(path + ": " + e.getMessage(), e);
            }
        }
    }

    /** Parses and validates a file held in memory. */
    public static Contents read(byte[] bytes) throws IOException {
        return SafetensorsReader.read(ByteSource.of(bytes));
    }
}
