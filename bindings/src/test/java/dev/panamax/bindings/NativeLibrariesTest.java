package dev.panamax.bindings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading through {@link NativeLibraries}: clear reasons for missing or broken files, memoized results. */
class NativeLibrariesTest {

    @TempDir
    Path root;

    private NativeLibraries withProperty(CudaLibrary library, Path value) {
        Map<String, String> properties = Map.of(library.property(), value.toString());
        return new NativeLibraries(new SearchEnvironment(properties::get, Map.of(), root.resolve("usr-local"),
                root.resolve("home"), List.of(), List.of("x86_64-linux")));
    }

    @Test
    void propertyPointingAtAMissingFileGivesAClearReason() {
        Path missing = root.resolve("does-not-exist/libcudart.so.13");
        NativeLibraries libraries = withProperty(CudaLibrary.CUDART, missing);
        LibraryStatus status = libraries.status(CudaLibrary.CUDART);
        assertFalse(status.loaded());
        assertEquals(Optional.empty(), status.file());
        assertEquals("system property panamax.cuda.lib.cudart names " + missing + ", which does not exist", status.reason());
        assertEquals("CUDA runtime: unavailable, " + status.reason(), status.toString());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> libraries.require(CudaLibrary.CUDART));
        assertEquals("CUDA runtime unavailable: " + status.reason(), e.getMessage());
    }

    @Test
    void aFileThatIsNotALibraryFailsToLoadWithTheLinkerMessage() throws IOException {
        // An executable (the java launcher) is an ELF file the dynamic linker refuses to open as a library.
        Path fake = Files.copy(Path.of(System.getProperty("java.home"), "bin", "java"), root.resolve("libcublas.so.12"));
        LibraryStatus status = withProperty(CudaLibrary.CUBLAS, fake).status(CudaLibrary.CUBLAS);
        assertFalse(status.loaded());
        assertEquals(Optional.of(fake.toAbsolutePath()), status.file());
        assertTrue(status.reason().startsWith(fake.toAbsolutePath() + " (from system property panamax.cuda.lib.cublas)"
                + " failed to load: "), status.reason());
        assertFalse(status.reason().contains("\n"));
    }

    @Test
    void statusIsSearchedOnceAndRemembered() {
        NativeLibraries libraries = withProperty(CudaLibrary.NVRTC, root.resolve("missing"));
        assertSame(libraries.status(CudaLibrary.NVRTC), libraries.status(CudaLibrary.NVRTC));
    }

    @Test
    void versionsListTheRecordedLibrariesInDeclarationOrder() {
        NativeLibraries libraries = withProperty(CudaLibrary.CUDART, root.resolve("missing"));
        assertEquals("no library versions known", libraries.versions());
        libraries.recordVersion(CudaLibrary.CUBLAS, "13.0.0");
        libraries.recordVersion(CudaLibrary.CUDART, "13.0");
        assertEquals("CUDA runtime 13.0, cuBLAS 13.0.0", libraries.versions());
    }

    @Test
    void statusRecordRejectsInconsistentStates() {
        assertThrows(IllegalArgumentException.class,
                () -> new LibraryStatus(CudaLibrary.CUDART, Optional.empty(), "", true, ""));
        assertThrows(IllegalArgumentException.class,
                () -> new LibraryStatus(CudaLibrary.CUDART, Optional.empty(), "", false, " "));
    }

    @Test
    void missingSymbolsAreNamedInsteadOfFailingOnFirstCall() {
        // Any loadable library works: here the JDK's own libjava stands in for an incomplete cuDNN.
        Path lib = Path.of(System.getProperty("java.home"), "lib", "libjava.so").toAbsolutePath();
        NativeLibraries libraries = withProperty(CudaLibrary.CUDNN, lib);
        assertEquals(List.of("cudnnReduceTensor", "cudnnActivationForward"), libraries.missingSymbols(CudaLibrary.CUDNN,
                "JNU_ThrowNullPointerException", "cudnnReduceTensor", "cudnnActivationForward"));
        assertEquals(List.of(), libraries.missingSymbols(CudaLibrary.CUDNN, "JNU_ThrowNullPointerException"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> libraries.requireSymbols(CudaLibrary.CUDNN, "JNU_ThrowNullPointerException", "cudnnReduceTensor"));
        assertEquals("cuDNN unavailable: " + lib + " lacks cudnnReduceTensor", e.getMessage());
        libraries.requireSymbols(CudaLibrary.CUDNN, "JNU_ThrowNullPointerException");
        IllegalStateException many = assertThrows(IllegalStateException.class,
                () -> libraries.requireSymbols(CudaLibrary.CUDNN, "cudnnA", "cudnnB", "JNU_ThrowNullPointerException",
                        "cudnnC", "cudnnD", "cudnnE"));
        assertEquals("cuDNN unavailable: " + lib + " lacks cudnnA, cudnnB, cudnnC and 2 more of the 6 functions needed",
                many.getMessage());
    }

    @Test
    void missingSymbolsOfAnUnloadableLibraryGiveItsReason() {
        NativeLibraries libraries = withProperty(CudaLibrary.CUBLAS, root.resolve("missing"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> libraries.missingSymbols(CudaLibrary.CUBLAS, "cublasSgemm_v2"));
        assertTrue(e.getMessage().startsWith("cuBLAS unavailable: "), e.getMessage());
    }
}
