package dev.panamax.samples.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Reads IDX files (the MNIST format), gzip-compressed or not, of unsigned bytes.
 *
 * <p>Format: a 4-byte magic {@code 0x00 0x00 0x08 rank} (type 0x08 = unsigned byte), then
 * {@code rank} big-endian 32-bit sizes, then the bytes in row-major order. Every inconsistency is
 * an {@link IOException} naming the file; a header announcing more data than the file holds is
 * reported when the data ends, and sizes are bounded before anything is allocated.
 */
public final class Idx {

    /** The most bytes one IDX file may announce (1 GiB) before reading is refused. */
    static final long MAX_BYTES = 1L << 30;

    /**
     * The contents of one IDX file.
     *
     * @param shape the sizes from the header
     * @param data  the elements, row-major, as unsigned values 0..255 stored in bytes
     */
    public record Array(int[] shape, byte[] data) {
        /** The element count. */
        public int count() {
            return data.length;
        }
    }

    private Idx() {
    }

    /**
     * Reads an unsigned-byte IDX file of the expected rank, limited to the first {@code limit}
     * entries along dimension 0 (all when {@code limit < 0}).
     *
     * @throws IOException if the file is missing, truncated, of the wrong type or rank, or too large
     */
    public static Array read(Path file, int expectedRank, int limit) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such file");
        }
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            InputStream in = b0 == 0x1f && b1 == 0x8b ? new BufferedInputStream(new GZIPInputStream(raw)) : raw;
            DataInputStream data = new DataInputStream(in);
            int magic;
            try {
                magic = data.readInt();
            } catch (EOFException e) {
                throw new IOException(file + ": empty or truncated IDX header", e);
            }
            int type = (magic >>> 8) & 0xff;
            int rank = magic & 0xff;
            if ((magic >>> 16) != 0 || type != 0x08) {
                throw new IOException(file + ": bad IDX magic number 0x" + Integer.toHexString(magic)
                        + " (expected 0x0000080" + expectedRank + ": unsigned bytes, rank " + expectedRank + ")");
            }
            if (rank != expectedRank) {
                throw new IOException(file + ": IDX rank " + rank + ", expected " + expectedRank);
            }
            int[] shape = new int[rank];
            long total = 1;
            try {
                for (int d = 0; d < rank; d++) {
                    shape[d] = data.readInt();
                    if (shape[d] < 0) {
                        throw new IOException(file + ": negative size " + shape[d] + " in the IDX header");
                    }
                }
            } catch (EOFException e) {
                throw new IOException(file + ": truncated IDX header", e);
            }
            if (limit >= 0 && rank > 0) {
                shape[0] = Math.min(shape[0], limit);
            }
            for (int s : shape) {
                total *= s;
                if (total > MAX_BYTES) {
                    throw new IOException(file + ": the IDX header announces " + Arrays.toString(shape)
                            + " elements, more than the " + MAX_BYTES + "-byte limit");
                }
            }
            byte[] out = new byte[(int) total];
            int read = 0;
            while (read < out.length) {
                int n = data.read(out, read, out.length - read);
                if (n < 0) {
                    throw new IOException(file + ": truncated: the header announces " + Arrays.toString(shape)
                            + " (" + out.length + " bytes) but the data ends after " + read + " bytes");
                }
                read += n;
            }
            return new Array(shape, out);
        } catch (java.util.zip.ZipException e) {
            throw new IOException(file + ": corrupt gzip data: " + e.getMessage(), e);
        }
    }
}
