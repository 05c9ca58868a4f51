package dev.panamax.tensor.cuda;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IndexingTest {

    @Test
    void contiguousOperandsMergeIntoOneDimension() {
        Indexing ix = Indexing.of(new int[] {2, 3, 4}, new int[] {12, 4, 1}, new int[] {12, 4, 1});
        assertArrayEquals(new int[] {24}, ix.shape());
        assertArrayEquals(new int[] {1}, ix.strides()[0]);
        assertTrue(ix.contiguous());
    }

    @Test
    void sizeOneDimensionsAreDroppedAndScalarsAreContiguous() {
        Indexing ix = Indexing.of(new int[] {1, 1}, new int[] {5, 9});
        assertEquals(0, ix.rank());
        assertTrue(ix.contiguous());
        ix = Indexing.of(new int[] {3, 1, 4}, new int[] {4, 99, 1});
        assertArrayEquals(new int[] {12}, ix.shape());
    }

    @Test
    void broadcastAndTransposedOperandsKeepTheirDimensions() {
        // a [2,3] + b broadcast from [3]: b's stride 0 on dim 0 blocks the merge
        Indexing ix = Indexing.of(new int[] {2, 3}, new int[] {3, 1}, new int[] {0, 1}, new int[] {3, 1});
        assertArrayEquals(new int[] {2, 3}, ix.shape());
        assertArrayEquals(new int[] {0, 1}, ix.strides()[1]);
        assertFalse(ix.contiguous());
        // a transposed view against a contiguous output
        ix = Indexing.of(new int[] {4, 5}, new int[] {1, 4}, new int[] {5, 1});
        assertArrayEquals(new int[] {4, 5}, ix.shape());
        // broadcast along every dim merges to one stride-0 dimension
        ix = Indexing.of(new int[] {4, 5}, new int[] {0, 0}, new int[] {5, 1});
        assertArrayEquals(new int[] {20}, ix.shape());
        assertArrayEquals(new int[] {0}, ix.strides()[0]);
        assertFalse(ix.contiguous());
    }

    @Test
    void partialMergesKeepRowMajorOrder() {
        // [2,3,4] narrowed on the last dim to 2 elements: dims 0 and 1 merge, dim 2 stays
        Indexing ix = Indexing.of(new int[] {2, 3, 2}, new int[] {12, 4, 1});
        assertArrayEquals(new int[] {6, 2}, ix.shape());
        assertArrayEquals(new int[] {4, 1}, ix.strides()[0]);
    }
}
