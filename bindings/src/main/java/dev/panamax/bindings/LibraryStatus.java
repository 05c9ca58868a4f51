package dev.panamax.bindings;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether a native library was loaded, from which file, or why not.
 *
 * @param library the library
 * @param file    the file that was loaded, or that was found but failed to load; empty when none was found
 * @param origin  where the file was found, such as {@code CUDA_HOME} or {@code system property panamax.cuda.lib.cudart}
 * @param loaded  whether the library is loaded and its symbols can be looked up
 * @param reason  why the library is unavailable, in one line; empty when loaded
 */
public record LibraryStatus(CudaLibrary library, Optional<Path> file, String origin, boolean loaded, String reason) {

    /** Creates a status, checking that a loaded library has a file and an unavailable one a reason. */
    public LibraryStatus {
        Objects.requireNonNull(library, "library");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(reason, "reason");
        if (loaded ? file.isEmpty() : reason.isBlank()) {
            throw new IllegalArgumentException(
                    loaded ? "a loaded library needs its file" : "an unavailable library needs a reason");
        }
    }

    /** Returns a one-line description such as {@code cuBLAS: /usr/lib/libcublas.so.13 (from system folder)}. */
    @Override
    public String toString() {
        return library.displayName() + ": "
                + (loaded ? file.orElseThrow() + " (from " + origin + ")" : "unavailable, " + reason);
    }
}
