package dev.panamax.tensor.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panamax.tensor.DType;
import dev.panamax.tensor.Device;
import dev.panamax.tensor.Generator;
import dev.panamax.tensor.Tensor;
import dev.panamax.tensor.backend.Availability;
import dev.panamax.tensor.backend.Backends;
import org.junit.jupiter.api.Test;

/**
 * The CUDA backend where libcudnn is a library lacking cuDNN's functions: it runs on its kernels and
 * says so. Runs only in the build's {@code cuda-without-cudnn} execution, whose JVM points
 * {@code panamax.cuda.lib.cudnn} at the JDK's libjava.
 */
class CudaWithoutCudnnTest {

    static final Device CUDA = Device.cuda(0);

    @Test
    void aCudnnLackingFunctionsIsReportedAndTheKernelsRunInstead() {
        Skips.unless(System.getProperty("panamax.cuda.lib.cudnn", "").endsWith("libjava.so"),
                "runs in the cuda-without-cudnn execution only (panamax.cuda.lib.cudnn pointing at libjava.so)");
        Availability a = Backends.cudaAvailability();
        Skips.unless(a.available(), "CUDA unavailable: " + a.reason());
        String described = Backends.describe(CUDA);
        System.out.println("CudaWithoutCudnnTest runs on " + described);
        assertTrue(described.matches(".*, cuDNN unavailable: \\S*libjava\\.so lacks cudnn\\w+, cudnn\\w+, cudnn\\w+ and "
                + "\\d+ more of the \\d+ functions needed; activations, softmax and reductions by NVRTC kernels"), described);
        CudaBackend backend = (CudaBackend) Backends.of(CUDA);
        assertFalse(backend.dnn().available());
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor x = Tensor.randn(Generator.numpy(2), t, 6, 5);
            CudaBackendTest.assertSame(x.sigmoid(), x.to(CUDA).sigmoid().to(Device.CPU), "sigmoid " + t);
            CudaBackendTest.assertSame(x.t().relu(), x.to(CUDA).t().relu().to(Device.CPU), "relu " + t);
            CudaBackendTest.assertSame(x.tanh(), x.to(CUDA).tanh().to(Device.CPU), "tanh " + t);
            CudaBackendTest.assertSame(x.max(), x.to(CUDA).max().to(Device.CPU), "max " + t);
            CudaBackendTest.assertSame(x.sum(0, false), x.to(CUDA).sum(0, false).to(Device.CPU), "sum " + t);
            Tensor c = x.to(CUDA);
            CudaBackendTest.assertSame(x.softmax(1), c.softmax(1).to(Device.CPU), "softmax " + t);
            CudaBackendTest.assertSame(x.t().logSoftmax(1), c.t().logSoftmax(1).to(Device.CPU), "logSoftmax " + t);
            Tensor g = Tensor.randn(Generator.numpy(3), t, 6, 5);
            Tensor y = x.softmax(0);
            CudaBackendTest.assertSame(Tensor.softmaxBackward(g, y, 0),
                    Tensor.softmaxBackward(g.to(CUDA), y.to(CUDA), 0).to(Device.CPU), "softmaxBackward " + t);
            CudaBackendTest.assertSame(Tensor.logSoftmaxBackward(g.t(), y.t(), 1),
                    Tensor.logSoftmaxBackward(g.to(CUDA).t(), y.to(CUDA).t(), 1).to(Device.CPU), "logSoftmaxBackward " + t);
            Tensor wide = Tensor.randn(Generator.numpy(4), t, 3, 700);
            CudaBackendTest.assertSame(wide.logSoftmax(1), wide.to(CUDA).logSoftmax(1).to(Device.CPU), "long rows " + t);
        }
        assertEquals(0, backend.dnn().calls());
        assertEquals(0, backend.dnn().liveHandles());
    }
}
