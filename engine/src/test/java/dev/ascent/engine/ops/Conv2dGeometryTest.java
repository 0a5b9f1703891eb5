package dev.ascent.engine.ops;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class Conv2dGeometryTest {
    @Test
    void insideRunIsExactlyTheOutputsThatReadInsideTheImage() {
        // Brute force over offsets, strides, sizes and counts: [firstInside, endInside) holds exactly the o with
        // 0 <= o·stride + offset < size.
        for (int offset = -6; offset <= 6; offset++)
            for (int stride = 1; stride <= 4; stride++)
                for (int size = 1; size <= 9; size++)
                    for (int count = 1; count <= 9; count++) {
                        int lo = Conv2dGeometry.firstInside(offset, stride), hi = Conv2dGeometry.endInside(offset, stride, size, count);
                        for (int o = 0; o < count; o++) {
                            int i = o * stride + offset;
                            boolean inside = i >= 0 && i < size;
                            assertEquals(inside, o >= lo && o < hi,
                                    "offset=" + offset + " stride=" + stride + " size=" + size + " o=" + o);
                        }
                    }
    }
}
