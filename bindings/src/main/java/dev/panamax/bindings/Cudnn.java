package dev.panamax.bindings;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import dev.panamax.bindings.cudnn.cudnn_h;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;

/**
 * Status-checked access to cuDNN 9 (libcudnn.so.9): handles, strided tensor descriptors and the tensor operations.
 *
 * <p>Methods call the function of the same name in {@link cudnn_h} and throw {@link CudaException}
 * unless it returns {@code CUDNN_STATUS_SUCCESS}; the exception's detail is cuDNN's last error
 * message for the thread. As in C, the scaling factors alpha and beta are host pointers to a
 * float for float and half tensors and to a double for double tensors; {@link #scalar} makes one.
 * Descriptors and handles are {@link MemorySegment}s of length zero.
 *
 * {@snippet :
 * Cudnn dnn = Cudnn.get();
 * MemorySegment handle = dnn.create();
 * MemorySegment x = dnn.createTensorDescriptor();
 * dnn.setTensorNdDescriptor(x, cudnn_h.CUDNN_DATA_FLOAT(), new int[] {n, c, 1}, new int[] {c, 1, 1});
 * try (Arena arena = Arena.ofConfined()) {
 *     MemorySegment one = Cudnn.scalar(arena, cudnn_h.CUDNN_DATA_FLOAT(), 1);
 *     MemorySegment zero = Cudnn.scalar(arena, cudnn_h.CUDNN_DATA_FLOAT(), 0);
 *     dnn.softmaxForward(handle, cudnn_h.CUDNN_SOFTMAX_ACCURATE(), cudnn_h.CUDNN_SOFTMAX_MODE_CHANNEL(),
 *             one, x, input, zero, x, output);
 * }
 * }
 */
public final class Cudnn {

    /** The functions this façade calls; {@link #get()} checks that the library exports all of them. */
    static final String[] SYMBOLS = {
            "cudnnActivationBackward", "cudnnActivationForward", "cudnnAddTensor", "cudnnCreate",
            "cudnnCreateActivationDescriptor", "cudnnCreateOpTensorDescriptor", "cudnnCreateReduceTensorDescriptor",
            "cudnnCreateTensorDescriptor", "cudnnDestroy", "cudnnDestroyActivationDescriptor",
            "cudnnDestroyOpTensorDescriptor", "cudnnDestroyReduceTensorDescriptor", "cudnnDestroyTensorDescriptor",
            "cudnnGetErrorString", "cudnnGetLastErrorString", "cudnnGetReductionIndicesSize",
            "cudnnGetReductionWorkspaceSize", "cudnnGetStream", "cudnnGetTensorSizeInBytes", "cudnnGetVersion",
            "cudnnOpTensor", "cudnnReduceTensor", "cudnnScaleTensor", "cudnnSetActivationDescriptor",
            "cudnnSetOpTensorDescriptor", "cudnnSetReduceTensorDescriptor", "cudnnSetStream", "cudnnSetTensor",
            "cudnnSetTensorNdDescriptor", "cudnnSoftmaxBackward", "cudnnSoftmaxForward", "cudnnTransformTensor"};

    private static Cudnn system;

    private final NativeLibraries libraries;
    private final long versionNumber;

    private Cudnn(NativeLibraries libraries) {
        this.libraries = libraries;
        libraries.require(CudaLibrary.CUDNN);
        libraries.requireSymbols(CudaLibrary.CUDNN, SYMBOLS);
        this.versionNumber = cudnn_h.cudnnGetVersion();
        libraries.recordVersion(CudaLibrary.CUDNN, version());
    }

    /**
     * Returns cuDNN over {@link NativeLibraries#system()}, loading libcudnn.so.9 on the first call.
     *
     * @throws IllegalStateException if libcudnn.so.9 cannot be found or loaded, or lacks a function this class calls
     */
    public static synchronized Cudnn get() {
        if (system == null) {
            system = new Cudnn(NativeLibraries.system());
        }
        return system;
    }

    /** Returns the loaded library's version, such as {@code 9.13.0}. */
    public String version() {
        return versionNumber / 10000 + "." + versionNumber % 10000 / 100 + "." + versionNumber % 100;
    }

    /** Allocates a host scaling factor holding value as a double for CUDNN_DATA_DOUBLE, else as a float. */
    public static MemorySegment scalar(SegmentAllocator allocator, int dataType, double value) {
        return dataType == cudnn_h.CUDNN_DATA_DOUBLE()
                ? allocator.allocateFrom(JAVA_DOUBLE, value)
                : allocator.allocateFrom(JAVA_FLOAT, (float) value);
    }

    /** Creates a handle on the current device. */
    public MemorySegment create() {
        return OutParams.address(this::check, cudnn_h::cudnnCreate, "cudnnCreate");
    }

    /** Destroys a handle. */
    public void destroy(MemorySegment handle) {
        check(cudnn_h.cudnnDestroy(handle), "cudnnDestroy");
    }

    /** Makes a handle's operations run on a stream (NULL: the default stream). */
    public void setStream(MemorySegment handle, MemorySegment stream) {
        check(cudnn_h.cudnnSetStream(handle, stream), "cudnnSetStream");
    }

    /** Returns a handle's stream. */
    public MemorySegment stream(MemorySegment handle) {
        return OutParams.address(this::check, s -> cudnn_h.cudnnGetStream(handle, s), "cudnnGetStream");
    }

    /** Creates a tensor descriptor. */
    public MemorySegment createTensorDescriptor() {
        return OutParams.address(this::check, cudnn_h::cudnnCreateTensorDescriptor, "cudnnCreateTensorDescriptor");
    }

    /** Describes a tensor by data type, 3 to 8 dimensions and a stride in elements per dimension. */
    public void setTensorNdDescriptor(MemorySegment descriptor, int dataType, int[] dims, int[] strides) {
        if (dims.length != strides.length) {
            throw new IllegalArgumentException(dims.length + " dimensions but " + strides.length + " strides");
        }
        try (Arena arena = Arena.ofConfined()) {
            check(cudnn_h.cudnnSetTensorNdDescriptor(descriptor, dataType, dims.length,
                    arena.allocateFrom(JAVA_INT, dims), arena.allocateFrom(JAVA_INT, strides)),
                    "cudnnSetTensorNdDescriptor(type " + dataType + ", dims " + java.util.Arrays.toString(dims)
                            + ", strides " + java.util.Arrays.toString(strides) + ")");
        }
    }

    /** Returns the bytes a tensor's descriptor spans in memory. */
    public long tensorSizeInBytes(MemorySegment descriptor) {
        return OutParams.longValue(this::check, size -> cudnn_h.cudnnGetTensorSizeInBytes(descriptor, size),
                "cudnnGetTensorSizeInBytes");
    }

    /** Destroys a tensor descriptor. */
    public void destroyTensorDescriptor(MemorySegment descriptor) {
        check(cudnn_h.cudnnDestroyTensorDescriptor(descriptor), "cudnnDestroyTensorDescriptor");
    }

    /** Creates an activation descriptor. */
    public MemorySegment createActivationDescriptor() {
        return OutParams.address(this::check, cudnn_h::cudnnCreateActivationDescriptor, "cudnnCreateActivationDescriptor");
    }

    /** Sets an activation's mode ({@code CUDNN_ACTIVATION_*}), NaN propagation and coefficient. */
    public void setActivationDescriptor(MemorySegment descriptor, int mode, int nanPropagation, double coef) {
        check(cudnn_h.cudnnSetActivationDescriptor(descriptor, mode, nanPropagation, coef),
                "cudnnSetActivationDescriptor(mode " + mode + ", coef " + coef + ")");
    }

    /** Destroys an activation descriptor. */
    public void destroyActivationDescriptor(MemorySegment descriptor) {
        check(cudnn_h.cudnnDestroyActivationDescriptor(descriptor), "cudnnDestroyActivationDescriptor");
    }

    /** Creates an op-tensor descriptor. */
    public MemorySegment createOpTensorDescriptor() {
        return OutParams.address(this::check, cudnn_h::cudnnCreateOpTensorDescriptor, "cudnnCreateOpTensorDescriptor");
    }

    /** Sets an op-tensor's operation ({@code CUDNN_OP_TENSOR_*}), compute type and NaN propagation. */
    public void setOpTensorDescriptor(MemorySegment descriptor, int op, int computeType, int nanPropagation) {
        check(cudnn_h.cudnnSetOpTensorDescriptor(descriptor, op, computeType, nanPropagation),
                "cudnnSetOpTensorDescriptor(op " + op + ", type " + computeType + ")");
    }

    /** Destroys an op-tensor descriptor. */
    public void destroyOpTensorDescriptor(MemorySegment descriptor) {
        check(cudnn_h.cudnnDestroyOpTensorDescriptor(descriptor), "cudnnDestroyOpTensorDescriptor");
    }

    /** Creates a reduction descriptor. */
    public MemorySegment createReduceTensorDescriptor() {
        return OutParams.address(this::check, cudnn_h::cudnnCreateReduceTensorDescriptor,
                "cudnnCreateReduceTensorDescriptor");
    }

    /** Sets a reduction's operation ({@code CUDNN_REDUCE_TENSOR_*}), compute type, NaN propagation and indices. */
    public void setReduceTensorDescriptor(MemorySegment descriptor, int op, int computeType, int nanPropagation,
            int indices, int indicesType) {
        check(cudnn_h.cudnnSetReduceTensorDescriptor(descriptor, op, computeType, nanPropagation, indices, indicesType),
                "cudnnSetReduceTensorDescriptor(op " + op + ", type " + computeType + ", indices " + indices + ")");
    }

    /** Destroys a reduction descriptor. */
    public void destroyReduceTensorDescriptor(MemorySegment descriptor) {
        check(cudnn_h.cudnnDestroyReduceTensorDescriptor(descriptor), "cudnnDestroyReduceTensorDescriptor");
    }

    /** Returns the workspace bytes a reduction of a into c needs. */
    public long reductionWorkspaceSize(MemorySegment handle, MemorySegment reduce, MemorySegment aDesc,
            MemorySegment cDesc) {
        return OutParams.longValue(this::check, size -> cudnn_h.cudnnGetReductionWorkspaceSize(handle, reduce, aDesc,
                cDesc, size), "cudnnGetReductionWorkspaceSize");
    }

    /** Returns the index bytes a reduction of a into c writes when it computes indices. */
    public long reductionIndicesSize(MemorySegment handle, MemorySegment reduce, MemorySegment aDesc,
            MemorySegment cDesc) {
        return OutParams.longValue(this::check, size -> cudnn_h.cudnnGetReductionIndicesSize(handle, reduce, aDesc,
                cDesc, size), "cudnnGetReductionIndicesSize");
    }

    /** Computes C = alpha * reduce(A) + beta * C over the dimensions where C has size 1. */
    public void reduceTensor(MemorySegment handle, MemorySegment reduce, MemorySegment indices, long indicesBytes,
            MemorySegment workspace, long workspaceBytes, MemorySegment alpha, MemorySegment aDesc, MemorySegment a,
            MemorySegment beta, MemorySegment cDesc, MemorySegment c) {
        check(cudnn_h.cudnnReduceTensor(handle, reduce, indices, indicesBytes, workspace, workspaceBytes, alpha, aDesc, a,
                beta, cDesc, c), "cudnnReduceTensor");
    }

    /** Computes y = alpha * activation(x) + beta * y. */
    public void activationForward(MemorySegment handle, MemorySegment activation, MemorySegment alpha,
            MemorySegment xDesc, MemorySegment x, MemorySegment beta, MemorySegment yDesc, MemorySegment y) {
        check(cudnn_h.cudnnActivationForward(handle, activation, alpha, xDesc, x, beta, yDesc, y),
                "cudnnActivationForward");
    }

    /** Computes dx = alpha * activation'(x) * dy + beta * dx, given the forward output y. */
    public void activationBackward(MemorySegment handle, MemorySegment activation, MemorySegment alpha,
            MemorySegment yDesc, MemorySegment y, MemorySegment dyDesc, MemorySegment dy, MemorySegment xDesc,
            MemorySegment x, MemorySegment beta, MemorySegment dxDesc, MemorySegment dx) {
        check(cudnn_h.cudnnActivationBackward(handle, activation, alpha, yDesc, y, dyDesc, dy, xDesc, x, beta, dxDesc,
                dx), "cudnnActivationBackward");
    }

    /** Computes y = alpha * softmax(x) + beta * y with an algorithm and mode ({@code CUDNN_SOFTMAX_*}). */
    public void softmaxForward(MemorySegment handle, int algorithm, int mode, MemorySegment alpha, MemorySegment xDesc,
            MemorySegment x, MemorySegment beta, MemorySegment yDesc, MemorySegment y) {
        check(cudnn_h.cudnnSoftmaxForward(handle, algorithm, mode, alpha, xDesc, x, beta, yDesc, y),
                "cudnnSoftmaxForward(algorithm " + algorithm + ", mode " + mode + ")");
    }

    /** Computes the softmax gradient dx from the forward output y and its gradient dy. */
    public void softmaxBackward(MemorySegment handle, int algorithm, int mode, MemorySegment alpha, MemorySegment yDesc,
            MemorySegment y, MemorySegment dyDesc, MemorySegment dy, MemorySegment beta, MemorySegment dxDesc,
            MemorySegment dx) {
        check(cudnn_h.cudnnSoftmaxBackward(handle, algorithm, mode, alpha, yDesc, y, dyDesc, dy, beta, dxDesc, dx),
                "cudnnSoftmaxBackward(algorithm " + algorithm + ", mode " + mode + ")");
    }

    /** Computes C = op(alpha1 * A, alpha2 * B) + beta * C. */
    public void opTensor(MemorySegment handle, MemorySegment op, MemorySegment alpha1, MemorySegment aDesc,
            MemorySegment a, MemorySegment alpha2, MemorySegment bDesc, MemorySegment b, MemorySegment beta,
            MemorySegment cDesc, MemorySegment c) {
        check(cudnn_h.cudnnOpTensor(handle, op, alpha1, aDesc, a, alpha2, bDesc, b, beta, cDesc, c), "cudnnOpTensor");
    }

    /** Computes C = alpha * A + beta * C, broadcasting A's dimensions of size 1. */
    public void addTensor(MemorySegment handle, MemorySegment alpha, MemorySegment aDesc, MemorySegment a,
            MemorySegment beta, MemorySegment cDesc, MemorySegment c) {
        check(cudnn_h.cudnnAddTensor(handle, alpha, aDesc, a, beta, cDesc, c), "cudnnAddTensor");
    }

    /** Computes y = alpha * y. */
    public void scaleTensor(MemorySegment handle, MemorySegment yDesc, MemorySegment y, MemorySegment alpha) {
        check(cudnn_h.cudnnScaleTensor(handle, yDesc, y, alpha), "cudnnScaleTensor");
    }

    /** Sets every element of y to the host value. */
    public void setTensor(MemorySegment handle, MemorySegment yDesc, MemorySegment y, MemorySegment value) {
        check(cudnn_h.cudnnSetTensor(handle, yDesc, y, value), "cudnnSetTensor");
    }

    /** Computes y = alpha * x + beta * y between two layouts of the same shape. */
    public void transformTensor(MemorySegment handle, MemorySegment alpha, MemorySegment xDesc, MemorySegment x,
            MemorySegment beta, MemorySegment yDesc, MemorySegment y) {
        check(cudnn_h.cudnnTransformTensor(handle, alpha, xDesc, x, beta, yDesc, y), "cudnnTransformTensor");
    }

    /** Returns a status's enumerator name, such as {@code CUDNN_STATUS_BAD_PARAM}. */
    public String errorString(int status) {
        return cudnn_h.cudnnGetErrorString(status).getString(0);
    }

    /** Returns the calling thread's most recent cuDNN error message, empty when there is none. */
    public String lastErrorString() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment message = arena.allocate(1024);
            cudnn_h.cudnnGetLastErrorString(message, message.byteSize());
            return message.getString(0).strip();
        }
    }

    /**
     * Throws if a cuDNN status is not {@code CUDNN_STATUS_SUCCESS}, for calls made through {@link cudnn_h} directly.
     *
     * @throws CudaException naming the call, the status, cuDNN's message and the library versions
     */
    public void check(int status, String call) {
        if (status != cudnn_h.CUDNN_STATUS_SUCCESS()) {
            throw new CudaException(CudaLibrary.CUDNN, status, errorString(status), lastErrorString(), call,
                    libraries.versions());
        }
    }
}
