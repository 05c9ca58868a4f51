package dev.panamax.tensor;

/**
 * The element types a {@link Tensor} can hold.
 *
 * <p>Promotion between dtypes follows PyTorch: categories rank {@code BOOL < INT64 < FLOAT32/FLOAT64};
 * within the float category the wider type wins. See {@link Tensor} for how zero-dimensional tensors
 * and Java scalars take part.
 */
public enum DType {
    /** IEEE 754 single precision, 4 bytes. */
    FLOAT32(4, Category.FLOAT),
    /** IEEE 754 double precision, 8 bytes. */
    FLOAT64(8, Category.FLOAT),
    /** Signed 64-bit integer, for labels and indices. */
    INT64(8, Category.INT),
    /** Boolean masks, one byte per element (0 or 1). */
    BOOL(1, Category.BOOL);

    /** The promotion category of a dtype, lowest first. */
    public enum Category { BOOL, INT, FLOAT }

    private final int byteSize;
    private final Category category;

    DType(int byteSize, Category category) {
        this.byteSize = byteSize;
        this.category = category;
    }

    /** The size of one element in bytes. */
    public int byteSize() {
        return byteSize;
    }

    /** The promotion category of this dtype. */
    public Category category() {
        return category;
    }

    /** Whether this is a floating-point dtype. */
    public boolean isFloatingPoint() {
        return category == Category.FLOAT;
    }

    /** The lower-case name PyTorch uses, e.g. {@code float32}. */
    public String pyName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The dtype of an operation between two tensors of these dtypes, ignoring dimensionality.
     *
     * @return the higher category's dtype, or the wider one within the same category
     */
    public static DType promote(DType a, DType b) {
        if (a == b) {
            return a;
        }
        if (a.category != b.category) {
            return a.category.compareTo(b.category) > 0 ? a : b;
        }
        return a.byteSize >= b.byteSize ? a : b;
    }
}
