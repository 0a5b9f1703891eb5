package dev.ascent.io;

import dev.ascent.engine.NDArray;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Files written by the reference implementation itself (Python {@code safetensors} 0.8.0, Rust core,
 * {@code safetensors.numpy.save}), embedded as base64: Ascent reads them, and writes the same contents
 * byte for byte. The reverse direction (the reference {@code load_file} reading an Ascent checkpoint with
 * model, optimizer state, NaN/-inf/-0, a non-ASCII name, empty and 0-d tensors and escaped metadata, bit
 * for bit) was checked with the same library when this test was written; it is not repeated here because
 * the build has no Python.
 */
class SafetensorsInteropTest {
    /**
     * {@code save({"policy.0.weight": arange(6).reshape(3,2)*0.5-1, "policy.0.bias": [1.5,-2,0.25],
     * "scalar": array(3.0), "empty": zeros((2,0)), "été": [1e-38,-7.5]}, metadata={"format": "pt"})}, all float32.
     */
    private static final String REFERENCE_F32 = "YAEAAAAAAAB7Il9fbWV0YWRhdGFfXyI6eyJmb3JtYXQiOiJwdCJ9LCJlbXB0eSI6eyJkdHlwZSI6IkYzMiIsInNoYXBlIjpbMiwwXSwiZGF0YV9vZmZzZXRzIjpbMCwwXX0sInBvbGljeS4wLmJpYXMiOnsiZHR5cGUiOiJGMzIiLCJzaGFwZSI6WzNdLCJkYXRhX29mZnNldHMiOlswLDEyXX0sInBvbGljeS4wLndlaWdodCI6eyJkdHlwZSI6IkYzMiIsInNoYXBlIjpbMywyXSwiZGF0YV9vZmZzZXRzIjpbMTIsMzZdfSwic2NhbGFyIjp7ImR0eXBlIjoiRjMyIiwic2hhcGUiOltdLCJkYXRhX29mZnNldHMiOlszNiw0MF19LCLDqXTDqSI6eyJkdHlwZSI6IkYzMiIsInNoYXBlIjpbMl0sImRhdGFfb2Zmc2V0cyI6WzQwLDQ4XX19ICAgICAgAADAPwAAAMAAAIA+AACAvwAAAL8AAAAAAAAAPwAAgD8AAMA/AABAQO7jbAAAAPDA";

    /** {@code save({"half": float16 [1, 2], "ids": int64 [7], "w": float32 [0.5]})}. */
    private static final String REFERENCE_MIXED = "qAAAAAAAAAB7ImlkcyI6eyJkdHlwZSI6Ikk2NCIsInNoYXBlIjpbMV0sImRhdGFfb2Zmc2V0cyI6WzAsOF19LCJ3Ijp7ImR0eXBlIjoiRjMyIiwic2hhcGUiOlsxXSwiZGF0YV9vZmZzZXRzIjpbOCwxMl19LCJoYWxmIjp7ImR0eXBlIjoiRjE2Iiwic2hhcGUiOlsyXSwiZGF0YV9vZmZzZXRzIjpbMTIsMTZdfX0HAAAAAAAAAAAAAD8APABA";

    private static Map<String, NDArray> referenceTensors() {
        Map<String, NDArray> t = new LinkedHashMap<>();
        t.put("policy.0.weight", NDArray.of(new float[] {-1, -0.5f, 0, 0.5f, 1, 1.5f}, 3, 2));
        t.put("policy.0.bias", NDArray.vector(1.5f, -2, 0.25f));
        t.put("scalar", NDArray.scalar(3));
        t.put("empty", NDArray.zeros(2, 0));
        t.put("\u00e9t\u00e9", NDArray.vector(1e-38f, -7.5f));
        return t;
    }

    @Test
    void readsWhatTheReferenceWriterWrote() throws IOException {
        Safetensors.Contents c = Safetensors.read(Base64.getDecoder().decode(REFERENCE_F32));
        assertEquals(List.of("empty", "policy.0.bias", "policy.0.weight", "scalar", "\u00e9t\u00e9"), List.copyOf(c.tensors().keySet()));
        for (Map.Entry<String, NDArray> e : referenceTensors().entrySet()) {
            NDArray got = c.tensors().get(e.getKey());
            assertArrayEquals(e.getValue().shape(), got.shape(), e.getKey());
            assertArrayEquals(e.getValue().data(), got.data(), e.getKey());
        }
        assertEquals(Map.of("format", "pt"), c.metadata());
    }

    @Test
    void writesTheSameBytesAsTheReferenceWriter() {
        byte[] reference = Base64.getDecoder().decode(REFERENCE_F32);
        assertArrayEquals(reference, Safetensors.toBytes(referenceTensors(), Map.of("format", "pt")));
    }

    @Test
    void refusesOtherDtypesByName() {
        SafetensorsFormatException e = assertThrows(SafetensorsFormatException.class,
                () -> Safetensors.read(Base64.getDecoder().decode(REFERENCE_MIXED)));
        assertTrue(e.getMessage().contains("tensor 'ids' has dtype I64") && e.getMessage().contains("only F32"), e.getMessage());
    }
}
