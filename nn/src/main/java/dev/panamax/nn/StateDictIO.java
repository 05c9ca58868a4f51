package dev.panamax.nn;

import dev.panamax.tensor.DType;
import dev.panamax.tensor.Tensor;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and writes named tensors in Panamax's state-dict file format.
 *
 * <p>Format (big-endian): magic {@code "PNMXSD01"}; entry count (int); per entry: name (UTF),
 * dtype name (UTF), rank (int), sizes (ints), then the elements as doubles (float dtypes) or longs
 * (int64, bool).
 */
public final class StateDictIO {

    private static final String MAGIC = "PNMXSD01";
    private static final int MAX_RANK = 64;

    private StateDictIO() {
    }

    /** Writes {@code state} to {@code file}, replacing it. */
    public static void write(Path file, Map<String, Tensor> state) throws IOException {
        try (var out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            out.writeBytes(MAGIC);
            out.writeInt(state.size());
            for (var e : state.entrySet()) {
                Tensor t = e.getValue();
                out.writeUTF(e.getKey());
                out.writeUTF(t.dtype().name());
                int[] shape = t.shape();
                out.writeInt(shape.length);
                for (int s : shape) {
                    out.writeInt(s);
                }
                if (t.dtype().isFloatingPoint()) {
                    for (double v : t.toDoubleArray()) {
                        out.writeDouble(v);
                    }
                } else {
                    for (long v : t.toLongArray()) {
                        out.writeLong(v);
                    }
                }
            }
        }
    }

    /**
     * Reads a file written by {@link #write}.
     *
     * @throws IOException if the file is missing, truncated or not in this format
     */
    public static Map<String, Tensor> read(Path file) throws IOException {
        long size = Files.size(file);
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        try (var in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            byte[] magic = new byte[MAGIC.length()];
            in.readFully(magic);
            if (!MAGIC.equals(new String(magic, java.nio.charset.StandardCharsets.US_ASCII))) {
                throw new IOException(file + ": not a Panamax state dict (bad magic)");
            }
            int count = in.readInt();
            if (count < 0) {
                throw new IOException(file + ": negative entry count " + count);
            }
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                DType dt;
                try {
                    dt = DType.valueOf(in.readUTF());
                } catch (IllegalArgumentException e) {
                    throw new IOException(file + ": unknown dtype for entry '" + name + "'", e);
                }
                int rank = in.readInt();
                if (rank < 0 || rank > MAX_RANK) {
                    throw new IOException(file + ": invalid rank " + rank + " for entry '" + name + "'");
                }
                int[] shape = new int[rank];
                long n = 1;
                for (int d = 0; d < rank; d++) {
                    shape[d] = in.readInt();
                    if (shape[d] < 0) {
                        throw new IOException(file + ": negative size in entry '" + name + "'");
                    }
                    n *= shape[d];
                    if (n * 8 > size) {
                        throw new IOException(file + ": entry '" + name + "' announces more data than the file holds");
                    }
                }
                if (dt.isFloatingPoint()) {
                    double[] v = new double[(int) n];
                    for (int k = 0; k < n; k++) {
                        v[k] = in.readDouble();
                    }
                    out.put(name, Tensor.of(v).reshape(shape).to(dt));
                } else {
                    long[] v = new long[(int) n];
                    for (int k = 0; k < n; k++) {
                        v[k] = in.readLong();
                    }
                    Tensor t = Tensor.of(v).reshape(shape);
                    out.put(name, dt == DType.BOOL ? t.ne(0) : t);
                }
            }
        } catch (EOFException e) {
            throw new IOException(file + ": truncated state dict", e);
        }
        return out;
    }
}
