package dev.ascent.backend.openblas;

import dev.ascent.engine.ops.Conv2dGeometry;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The decision table's format and lookup, and the shipped policy's decisions at the shapes that matter most. */
class DispatchPolicyTest {
    // m grid {1, 4}, n grid {1, 16}, k grid {2, 8}: 4 decisions per row, n-major.
    private static final String SMALL = String.join("\n",
            "# test table", "m 1 4", "n 1 16", "k 2 8",
            "NN 1 nJnJ", "NN 4 nnnn", "TN 1 JJJJ", "TN 4 JJJJ", "NT 1 nnnn", "NT 4 JJJn", "TT 1 nnnn", "TT 4 nnnn", "");

    @Test
    void lookupTakesTheNearestGridPointOnALogScale() {
        GemmDispatchTable t = GemmDispatchTable.parse(SMALL);
        assertEquals("test table\n", t.header());
        // NN m=1: n=1 -> (k=2 n, k=8 J); n=16 -> (k=2 n, k=8 J)
        assertTrue(t.nativeFaster(false, false, 1, 1, 2));
        assertFalse(t.nativeFaster(false, false, 1, 1, 8));
        assertTrue(t.nativeFaster(false, false, 1, 1, 3));   // log2(3)=1.58: nearer 2 than 8
        assertTrue(t.nativeFaster(false, false, 1, 1, 5));   // 5 rounds to 4, equally far from 2 and 8: ties go to the smaller
        assertFalse(t.nativeFaster(false, false, 1, 1, 6));  // log2(6)=2.58 rounds to 3 (8)
        assertFalse(t.nativeFaster(false, false, 1, 1000, 100)); // beyond the grid: the edge decides
        assertTrue(t.nativeFaster(false, false, 3, 1, 100));  // m=3 -> 4
        assertFalse(t.nativeFaster(true, false, 4, 16, 8));   // TN
        assertTrue(t.nativeFaster(false, true, 4, 16, 8));    // NT m=4 last cell
        assertFalse(t.nativeFaster(false, true, 4, 16, 2));
        assertTrue(t.nativeFaster(true, true, 1 << 30, 1 << 30, 1 << 30));
    }

    @Test
    void malformedTablesAreRejectedWithTheLine() {
        assertThrows(IllegalArgumentException.class, () -> GemmDispatchTable.parse("m 1 3\nn 1\nk 1\n"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GemmDispatchTable.parse("m 1\nn 1 2\nk 1\nNN 1 n\n"));
        assertTrue(e.getMessage().contains("line 4"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GemmDispatchTable.parse("m 1\nn 1\nk 1\nNN 1 n\nTN 1 n\nNT 1 x\n"));
        assertTrue(e.getMessage().contains("neither"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GemmDispatchTable.parse("m 1\nn 1\nk 1\nNN 1 n\n"));
        assertTrue(e.getMessage().contains("lacks"), e.getMessage());
    }

    @Test
    void formatAndParseRoundTrip() {
        boolean[][][] d = new boolean[4][2][4];
        d[2][1][3] = true;
        d[0][0][0] = true;
        String text = GemmDispatchTable.format(List.of("hello"), new int[] {1, 4}, new int[] {1, 16}, new int[] {2, 8}, d);
        GemmDispatchTable t = GemmDispatchTable.parse(text);
        assertTrue(t.nativeFaster(false, false, 1, 1, 2));
        assertTrue(t.nativeFaster(false, true, 4, 16, 8));
        assertFalse(t.nativeFaster(false, true, 4, 16, 2));
        assertEquals(2.0 / 32, t.nativeShare(), 1e-12);
    }

    @Test
    void shippedTableLoadsAndDecidesTheHeadlineShapes() {
        DispatchPolicy p = DispatchPolicy.forJavaKernel(true);
        GemmDispatchTable t = p.gemmTable();
        assertTrue(t.header().contains("Machine:"), t.header());
        // Large problems: OpenBLAS, copies and all. (Up to about 512³ the Java kernels are level with OpenBLAS
        // plus its staging copies, and the calibration decides.)
        assertTrue(p.gemmOnNative(false, false, 1024, 1024, 1024));
        assertTrue(p.gemmOnNative(false, false, 2048, 2048, 2048));
        // PPO's 64-wide products at batch 2048: the Java 4x4 kernel runs them in 125-137 us, OpenBLAS with the
        // copies in 150-190 (session 3's calibration), so they stay in Java.
        assertFalse(p.gemmOnNative(false, true, 2048, 64, 64));
        assertFalse(p.gemmOnNative(false, false, 2048, 64, 64));
        // Batch-1 inference: copying the weight matrix in costs more than the whole Java matrix-vector product
        // (1x256x256: Java 4 us, OpenBLAS with the copy 11 us), and a 2-logit head is all fixed cost.
        assertFalse(p.gemmOnNative(false, true, 1, 256, 256));
        assertFalse(p.gemmOnNative(false, true, 1, 2, 64));
        // Without the Vector API, everything goes native.
        DispatchPolicy scalar = DispatchPolicy.forJavaKernel(false);
        assertTrue(scalar.gemmOnNative(false, true, 1, 64, 64));
    }

    @Test
    void largeProductsGoToOpenBlasWhenItHasMoreThanOneThread() throws Exception {
        OpenBlasLibrary.ensureLoaded();
        DispatchPolicy p = DispatchPolicy.forJavaKernel(true);
        // The Atari CNN's fc1 input gradient: the single-threaded table sends it to Java.
        assertFalse(p.gemmOnNative(false, false, 32, 3136, 512));
        try {
            OpenBlasLibrary.setThreads(2);
            assertTrue(p.gemmOnNative(false, false, 32, 3136, 512));
            assertFalse(p.gemmOnNative(false, true, 2048, 64, 64), "PPO's layers stay with the table");
            assertFalse(p.gemmOnNative(false, true, 1, 256, 256), "small products stay with the table");
        } finally {
            OpenBlasLibrary.setThreads(1);
        }
        assertFalse(p.gemmOnNative(false, false, 32, 3136, 512));
    }

    @Test
    void tinyConvolutionsStayInJava() {
        DispatchPolicy p = DispatchPolicy.forJavaKernel(true);
        assertFalse(p.convOnNative(new Conv2dGeometry(1, 1, 5, 5, 2, 3, 3, 1, 1, 0, 0)));
        assertTrue(p.convOnNative(new Conv2dGeometry(32, 4, 84, 84, 32, 8, 8, 4, 4, 0, 0)));
    }
}
