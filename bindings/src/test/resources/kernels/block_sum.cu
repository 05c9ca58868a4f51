// Sums x into *out: each block reduces its 256 elements in shared memory (tree with __syncthreads),
// finishes the last 32 with warp shuffles, and thread 0 adds the block's sum with atomicAdd.
#define BLOCK 256

extern "C" __global__ void block_sum(const float *x, float *out, int n) {
    __shared__ float partial[BLOCK];
    int t = threadIdx.x;
    int i = blockIdx.x * BLOCK + t;
    partial[t] = i < n ? x[i] : 0.0f;
    __syncthreads();
    for (int stride = BLOCK / 2; stride >= 32; stride /= 2) {
        if (t < stride) {
            partial[t] += partial[t + stride];
        }
        __syncthreads();
    }
    if (t < 32) {
        float v = partial[t];
        for (int offset = 16; offset > 0; offset /= 2) {
            v += __shfl_down_sync(0xffffffffu, v, offset);
        }
        if (t == 0) {
            atomicAdd(out, v);
        }
    }
}

// Reverses x (n <= blockDim.x) through dynamic shared memory, scaled by factor.
template <typename T>
__global__ void reverse_scaled(T *x, T factor, int n) {
    extern __shared__ unsigned char raw[];
    T *buffer = reinterpret_cast<T *>(raw);
    int t = threadIdx.x;
    if (t < n) {
        buffer[t] = x[t] * factor;
    }
    __syncthreads();
    if (t < n) {
        x[t] = buffer[n - 1 - t];
    }
}

template __global__ void reverse_scaled<float>(float *, float, int);
template __global__ void reverse_scaled<double>(double *, double, int);
