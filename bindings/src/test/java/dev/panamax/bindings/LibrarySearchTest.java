package dev.panamax.bindings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The search order of {@link LibrarySearch}, over temporary folders holding empty files named like the sonames. */
class LibrarySearchTest {

    @TempDir
    Path root;

    private final Map<String, String> properties = new HashMap<>();
    private final Map<String, String> env = new HashMap<>();
    private Path usrLocal;
    private Path home;
    private Path system;

    @BeforeEach
    void folders() throws IOException {
        usrLocal = Files.createDirectories(root.resolve("usr-local"));
        home = Files.createDirectories(root.resolve("home"));
        system = Files.createDirectories(root.resolve("system-lib"));
    }

    private SearchEnvironment environment() {
        return new SearchEnvironment(properties::get, env, usrLocal, home, List.of(system), List.of("x86_64-linux"));
    }

    private static Path touch(Path folder, String name) throws IOException {
        Files.createDirectories(folder);
        return Files.createFile(folder.resolve(name));
    }

    private LibrarySearch.Resolution resolve(CudaLibrary library) {
        return LibrarySearch.resolve(library, environment());
    }

    @Test
    void nothingFoundNamesTheSonamesAndTheProperty() {
        LibrarySearch.Resolution r = resolve(CudaLibrary.CUBLAS);
        assertFalse(r.found());
        assertTrue(r.failure().startsWith("libcublas.so.13 or libcublas.so.12 not found in"), r.failure());
        assertTrue(r.failure().contains("-Dpanamax.cuda.lib.cublas="), r.failure());
        assertFalse(r.failure().contains("\n"));
    }

    @Test
    void propertyFileWinsOverEveryFolder() throws IOException {
        Path chosen = touch(root.resolve("custom"), "libcudart-custom.so");
        touch(usrLocal.resolve("cuda/lib64"), "libcudart.so.13");
        properties.put("panamax.cuda.lib.cudart", chosen.toString());
        LibrarySearch.Resolution r = resolve(CudaLibrary.CUDART);
        assertEquals(chosen, r.file().orElseThrow());
        assertEquals("system property panamax.cuda.lib.cudart", r.origin());
    }

    @Test
    void propertyNamingAMissingFileIsAFailureWithoutFallback() throws IOException {
        touch(usrLocal.resolve("cuda/lib64"), "libcudart.so.13");
        properties.put("panamax.cuda.lib.cudart", root.resolve("nowhere/libcudart.so.13").toString());
        LibrarySearch.Resolution r = resolve(CudaLibrary.CUDART);
        assertFalse(r.found());
        assertTrue(r.failure().contains("panamax.cuda.lib.cudart names " + root.resolve("nowhere/libcudart.so.13")
                + ", which does not exist"), r.failure());
    }

    @Test
    void propertyFolderIsSearchedForTheSonames() throws IOException {
        Path folder = root.resolve("wheel");
        Path twelve = touch(folder, "libnvrtc.so.12");
        properties.put("panamax.cuda.lib.nvrtc", folder.toString());
        assertEquals(twelve, resolve(CudaLibrary.NVRTC).file().orElseThrow());
        Files.delete(twelve);
        LibrarySearch.Resolution empty = resolve(CudaLibrary.NVRTC);
        assertTrue(empty.failure().contains("holds no libnvrtc.so.13 or libnvrtc.so.12"), empty.failure());
    }

    @Test
    void environmentVariableComesAfterTheProperty() throws IOException {
        Path byVariable = touch(root.resolve("by-variable"), "libcudnn.so.9");
        Path byProperty = touch(root.resolve("by-property"), "libcudnn.so.9");
        env.put("PANAMAX_CUDA_LIB_CUDNN", byVariable.toString());
        assertEquals(byVariable, resolve(CudaLibrary.CUDNN).file().orElseThrow());
        properties.put("panamax.cuda.lib.cudnn", byProperty.toString());
        assertEquals(byProperty, resolve(CudaLibrary.CUDNN).file().orElseThrow());
    }

    @Test
    void cudaHomeComesBeforeLdLibraryPathWhichComesBeforeUsrLocal() throws IOException {
        Path cudaHome = root.resolve("toolkit");
        Path viaHome = touch(cudaHome.resolve("targets/x86_64-linux/lib"), "libcublas.so.12");
        Path viaLd = touch(root.resolve("ld"), "libcublas.so.13");
        Path viaUsrLocal = touch(usrLocal.resolve("cuda/lib64"), "libcublas.so.13");
        assertEquals(viaUsrLocal, resolve(CudaLibrary.CUBLAS).file().orElseThrow());
        env.put("LD_LIBRARY_PATH", root.resolve("empty") + ":" + root.resolve("ld"));
        assertEquals(viaLd, resolve(CudaLibrary.CUBLAS).file().orElseThrow());
        env.put("CUDA_HOME", cudaHome.toString());
        LibrarySearch.Resolution r = resolve(CudaLibrary.CUBLAS);
        assertEquals(viaHome, r.file().orElseThrow());
        assertEquals("CUDA_HOME", r.origin());
    }

    @Test
    void cudaPathIsUsedLikeCudaHome() throws IOException {
        Path toolkit = root.resolve("cuda-path");
        Path file = touch(toolkit.resolve("lib64"), "libcudart.so.12");
        env.put("CUDA_PATH", toolkit.toString());
        assertEquals(file, resolve(CudaLibrary.CUDART).file().orElseThrow());
        assertEquals("CUDA_PATH", resolve(CudaLibrary.CUDART).origin());
    }

    @Test
    void newestSonameWinsWithinAFolder() throws IOException {
        Path folder = usrLocal.resolve("cuda/lib64");
        touch(folder, "libcudart.so.12");
        Path thirteen = touch(folder, "libcudart.so.13");
        assertEquals(thirteen, resolve(CudaLibrary.CUDART).file().orElseThrow());
    }

    @Test
    void firstFolderWinsEvenWithAnOlderSoname() throws IOException {
        Path twelve = touch(root.resolve("first"), "libcudart.so.12");
        touch(root.resolve("second"), "libcudart.so.13");
        env.put("LD_LIBRARY_PATH", root.resolve("first") + ":" + root.resolve("second"));
        assertEquals(twelve, resolve(CudaLibrary.CUDART).file().orElseThrow());
    }

    @Test
    void versionedToolkitsAreSearchedNewestFirstAfterUsrLocalCuda() throws IOException {
        Path old = touch(usrLocal.resolve("cuda-12.4/lib64"), "libnvrtc.so.12");
        Path newer = touch(usrLocal.resolve("cuda-12.10/lib64"), "libnvrtc.so.12");
        touch(usrLocal.resolve("cudaX/lib64"), "libnvrtc.so.13");
        assertEquals(newer, resolve(CudaLibrary.NVRTC).file().orElseThrow());
        Path plain = touch(usrLocal.resolve("cuda/lib64"), "libnvrtc.so.12");
        assertEquals(plain, resolve(CudaLibrary.NVRTC).file().orElseThrow());
        assertEquals(List.of(usrLocal.resolve("cuda"), usrLocal.resolve("cuda-12.10"), usrLocal.resolve("cuda-12.4")),
                LibrarySearch.toolkits(usrLocal));
        assertTrue(Files.exists(old));
    }

    @Test
    void pipWheelsOfTheVirtualEnvironmentAreFoundAfterToolkits() throws IOException {
        Path venv = root.resolve("venv");
        Path wheel = touch(venv.resolve("lib/python3.12/site-packages/nvidia/cublas/lib"), "libcublas.so.12");
        env.put("VIRTUAL_ENV", venv.toString());
        LibrarySearch.Resolution r = resolve(CudaLibrary.CUBLAS);
        assertEquals(wheel, r.file().orElseThrow());
        assertEquals("pip wheel cublas", r.origin());
        Path toolkit = touch(usrLocal.resolve("cuda/lib64"), "libcublas.so.12");
        assertEquals(toolkit, resolve(CudaLibrary.CUBLAS).file().orElseThrow());
    }

    @Test
    void pipWheelsOfCondaAndTheUserSiteAreSearchedToo() throws IOException {
        Path user = touch(home.resolve(".local/lib/python3.11/site-packages/nvidia/cu13/lib"), "libcudart.so.13");
        assertEquals(user, resolve(CudaLibrary.CUDART).file().orElseThrow());
        Path conda = root.resolve("conda");
        Path condaWheel = touch(conda.resolve("lib/python3.10/site-packages/nvidia/cuda_runtime/lib"), "libcudart.so.12");
        env.put("CONDA_PREFIX", conda.toString());
        assertEquals(condaWheel, resolve(CudaLibrary.CUDART).file().orElseThrow());
    }

    @Test
    void systemFoldersComeLast() throws IOException {
        Path driver = touch(system, "libcuda.so.1");
        assertEquals(driver, resolve(CudaLibrary.DRIVER).file().orElseThrow());
        Path ld = touch(root.resolve("ld"), "libcuda.so.1");
        env.put("LD_LIBRARY_PATH", root.resolve("ld").toString());
        assertEquals(ld, resolve(CudaLibrary.DRIVER).file().orElseThrow());
    }

    @Test
    void stubFoldersAndUnversionedNamesAreNeverChosen() throws IOException {
        Path toolkit = root.resolve("toolkit");
        touch(toolkit.resolve("lib64/stubs"), "libcuda.so.1");
        touch(toolkit.resolve("lib64"), "libcuda.so");
        env.put("CUDA_HOME", toolkit.toString());
        env.put("LD_LIBRARY_PATH", toolkit.resolve("lib64/stubs").toString());
        assertFalse(resolve(CudaLibrary.DRIVER).found());
    }

    @Test
    void companionsOfTheSameMajorBesideTheFileAreListed() throws IOException {
        Path folder = usrLocal.resolve("cuda/lib64");
        touch(folder, "libcublas.so.12");
        touch(folder, "libcublasLt.so.13");
        Path lt = touch(folder, "libcublasLt.so.12");
        assertEquals(List.of(lt), resolve(CudaLibrary.CUBLAS).companions());

        touch(folder, "libnvrtc.so.13");
        touch(folder, "libnvrtc-builtins.so.13.0");
        Path builtins = touch(folder, "libnvrtc-builtins.so.13.1");
        assertEquals(List.of(builtins), resolve(CudaLibrary.NVRTC).companions());

        touch(folder, "libcudnn.so.9");
        Path graph = touch(folder, "libcudnn_graph.so.9");
        Path ops = touch(folder, "libcudnn_ops.so.9");
        assertEquals(List.of(graph, ops), resolve(CudaLibrary.CUDNN).companions());
    }

    @Test
    void majorVersionComesFromTheNameOrTheLinkTarget() throws IOException {
        Path real = touch(root, "libcublas.so.12.9.1.4");
        Path link = Files.createSymbolicLink(root.resolve("libcublas.so"), real);
        assertEquals("12", LibrarySearch.major(real).orElseThrow());
        assertEquals("12", LibrarySearch.major(link).orElseThrow());
        assertTrue(LibrarySearch.major(touch(root, "libcustom.so")).isEmpty());
    }

    @Test
    void ldSoConfFilesListFolders() throws IOException {
        Path conf = Files.createDirectories(root.resolve("ld.so.conf.d"));
        Files.writeString(conf.resolve("cuda.conf"), "# toolkit\n/usr/local/cuda/lib64\n\n");
        Files.writeString(conf.resolve("other.txt"), "/ignored\n");
        assertEquals(List.of(Path.of("/usr/local/cuda/lib64")), SearchEnvironment.ldSoConfFolders(conf));
        assertEquals(List.of(), SearchEnvironment.ldSoConfFolders(root.resolve("absent")));
    }
}
