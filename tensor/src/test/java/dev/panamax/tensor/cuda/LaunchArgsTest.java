package dev.panamax.tensor.cuda;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LaunchArgsTest {

    @Test
    void valuesAreLaidOutAtTheirCAlignment() {
        LaunchArgs a = LaunchArgs.start().i32(7).shape(new int[] {2, 3}).strides(new int[] {3, 1}).u8((byte) 1)
                .f64(2.5).f32(1.5f).pointer(0x1234L);
        assertEquals(7, a.count());
        ByteBuffer b = ByteBuffer.wrap(a.valueBytes()).order(ByteOrder.nativeOrder());
        assertEquals(7, b.getInt(0));
        assertEquals(2, b.getInt(4), "rank");
        assertEquals(2, b.getInt(8));
        assertEquals(3, b.getInt(12));
        assertEquals(1, b.getInt(16), "padding dims are 1");
        assertEquals(3, b.getInt(40), "strides follow the 36-byte shape");
        assertEquals(1, b.getInt(44));
        assertEquals(0, b.getInt(48), "padding strides are 0");
        assertEquals(1, b.get(72), "the byte after the 32-byte strides");
        assertEquals(2.5, b.getDouble(80), "doubles align to 8");
        assertEquals(1.5f, b.getFloat(88));
        assertEquals(0x1234L, b.getLong(96));
        assertEquals(104, b.capacity());
        assertEquals(0, LaunchArgs.start().count(), "start() empties the block");
    }
}
