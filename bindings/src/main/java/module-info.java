/**
 * Raw CUDA, cuBLAS, cuDNN and NVRTC bindings over the FFM API.
 *
 * <p>Empty until the CUDA issue lands: no package is exported yet.
 */
module dev.panamax.bindings {
}
