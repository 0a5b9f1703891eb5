package dev.ascent.engine;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkspaceTest {
    @Test
    void buffersAreRecycledAcrossIterations() {
        NDArray x = NDArray.arange(16).reshape(4, 4);
        float[] first;
        try (Workspace ws = Workspace.open()) {
            NDArray y = x.mul(2f);
            first = y.data();
            assertEquals(30f, y.get(3, 3));
            assertEquals(1, ws.size());
        }
        try (Workspace ws = Workspace.open()) {
            NDArray z = x.add(1f);
            assertSame(first, z.data(), "the second iteration should reuse the first one's buffer");
            assertEquals(16f, z.get(3, 3)); // and overwrite it completely
        }
    }

    @Test
    void zeroInitialisedKernelsGetZeroedRecycledBuffers() {
        NDArray src = NDArray.ones(1, 2);
        NDArray idx = NDArray.of(new float[] {1, 1}, 1, 2);
        for (int i = 0; i < 3; i++) {
            try (Workspace ws = Workspace.open()) {
                NDArray garbage = NDArray.full(7f, 1, 3).mul(1f); // leaves 7s in a pooled [3] buffer
                assertEquals(7f, garbage.get(0, 0));
            }
            try (Workspace ws = Workspace.open()) {
                assertArrayEquals(new float[] {0, 2, 0}, src.scatterAdd(1, idx, 1, 3).data());
            }
        }
    }

    @Test
    void escapedArraysAndTheirViewsFailLoudly() {
        NDArray kept, view, copy;
        try (Workspace ws = Workspace.open()) {
            kept = NDArray.arange(6).mul(1f);
            view = kept.reshape(2, 3);
            copy = kept.copy();
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, kept::data);
        assertTrue(e.getMessage().contains("Workspace"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> view.get(1, 1));
        assertThrows(IllegalStateException.class, () -> view.add(1f));
        assertEquals(5f, copy.get(5), "copies live on the heap");
        assertTrue(view.toString().contains("released"));
    }

    @Test
    void nestedScopesAndFactoriesOutsideThePool() {
        NDArray outer, inner, factory;
        try (Workspace a = Workspace.open()) {
            outer = NDArray.arange(3).mul(1f);
            try (Workspace b = Workspace.open()) {
                inner = NDArray.arange(3).mul(2f);
                factory = NDArray.zeros(3);
            }
            assertThrows(IllegalStateException.class, inner::data);
            assertEquals(2f, outer.get(2), "the outer scope is still open");
        }
        assertThrows(IllegalStateException.class, outer::data);
        assertEquals(0f, factory.get(0), "factories allocate on the heap, even inside a workspace");
    }

    @Test
    void manyDistinctSizesArePooledAndReused() {
        java.util.Map<Integer, float[]> first = new java.util.HashMap<>();
        try (Workspace ws = Workspace.open()) {
            for (int n = 1; n <= 300; n++) first.put(n, NDArray.zeros(n).add(1f).data());
        }
        try (Workspace ws = Workspace.open()) {
            for (int n = 300; n >= 1; n--) {
                NDArray a = NDArray.zeros(n).add(2f);
                assertSame(first.get(n), a.data(), "size " + n);
                assertEquals(2f, a.get(n - 1));
            }
        }
    }

    @Test
    void closingOutOfOrderIsRejected() {
        Workspace a = Workspace.open();
        Workspace b = Workspace.open();
        assertThrows(IllegalStateException.class, a::close);
        b.close();
        a.close();
    }
}
