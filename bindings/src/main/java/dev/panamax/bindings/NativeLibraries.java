package dev.panamax.bindings;

import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * Finds and loads the CUDA libraries, each once and only when first requested.
 *
 * <p>The generated bindings look their symbols up with {@code SymbolLookup.loaderLookup()}, so a
 * library is usable by them once a class of this module has loaded it with {@link System#load}.
 * This class is that one place: it resolves a file with {@link LibrarySearch}, loads the
 * companions found beside it, then the file. Nothing is searched or loaded before
 * {@link #status} or {@link #require} is called for a library, so a CPU-only program that never
 * asks for CUDA never touches it. Loading is process-wide; use {@link #system()} everywhere
 * except in tests of the search itself.
 *
 * {@snippet :
 * LibraryStatus cublas = NativeLibraries.system().status(CudaLibrary.CUBLAS);
 * System.out.println(cublas); // cuBLAS: /usr/local/cuda/lib64/libcublas.so.13 (from /usr/local/cuda)
 * }
 */
public final class NativeLibraries {

    private static final class SystemHolder {
        static final NativeLibraries INSTANCE = new NativeLibraries(SearchEnvironment.system());
    }

    private final SearchEnvironment environment;
    private final Map<CudaLibrary, LibraryStatus> statuses = new EnumMap<>(CudaLibrary.class);
    private final Map<CudaLibrary, String> versions = new EnumMap<>(CudaLibrary.class);

    NativeLibraries(SearchEnvironment environment) {
        this.environment = environment;
    }

    /** Returns the loader that searches this JVM's properties, environment and folders. */
    public static NativeLibraries system() {
        return SystemHolder.INSTANCE;
    }

    /** Returns a library's status, searching for and loading it on the first call. */
    public synchronized LibraryStatus status(CudaLibrary library) {
        return statuses.computeIfAbsent(library, this::load);
    }

    /**
     * Returns the loaded file of a library, loading it on the first call.
     *
     * @throws IllegalStateException if the library cannot be found or loaded, with the reason
     */
    public Path require(CudaLibrary library) {
        LibraryStatus status = status(library);
        if (!status.loaded()) {
            throw new IllegalStateException(library.displayName() + " unavailable: " + status.reason());
        }
        return status.file().orElseThrow();
    }

    /**
     * Returns the names among {@code symbols} that {@code library}'s loaded file does not export, loading it
     * first; a caller checks this before using functions that an older or partial build may lack,
     * since the generated bindings fail with an {@link ExceptionInInitializerError} on a missing one.
     *
     * @throws IllegalStateException if the library cannot be found or loaded, with the reason
     */
    public List<String> missingSymbols(CudaLibrary library, String... symbols) {
        Path file = require(library);
        List<String> missing = new ArrayList<>();
        try (Arena arena = Arena.ofConfined()) {
            SymbolLookup lookup = SymbolLookup.libraryLookup(file, arena);
            for (String s : symbols) {
                if (lookup.find(s).isEmpty()) {
                    missing.add(s);
                }
            }
        }
        return List.copyOf(missing);
    }

    /**
     * Throws unless the loaded {@code library} exports every name in {@code symbols}.
     *
     * @throws IllegalStateException if the library cannot be loaded, or naming the file and (the first three of)
     *     the missing functions
     */
    public void requireSymbols(CudaLibrary library, String... symbols) {
        List<String> missing = missingSymbols(library, symbols);
        if (!missing.isEmpty()) {
            String names = missing.size() <= 3 ? String.join(", ", missing)
                    : String.join(", ", missing.subList(0, 3)) + " and " + (missing.size() - 3) + " more of the "
                            + symbols.length + " functions needed";
            throw new IllegalStateException(library.displayName() + " unavailable: " + status(library).file()
                    .map(Path::toString).orElse("the library") + " lacks " + names);
        }
    }

    /** Records a loaded library's version for error messages, such as {@code 13.0.0}. */
    synchronized void recordVersion(CudaLibrary library, String version) {
        versions.put(library, version);
    }

    /** Returns the known versions of the loaded libraries, such as {@code CUDA runtime 13.0, cuBLAS 13.0.0}. */
    public synchronized String versions() {
        StringJoiner joiner = new StringJoiner(", ");
        versions.forEach((library, version) -> joiner.add(library.displayName() + " " + version));
        return joiner.length() == 0 ? "no library versions known" : joiner.toString();
    }

    private LibraryStatus load(CudaLibrary library) {
        LibrarySearch.Resolution found = LibrarySearch.resolve(library, environment);
        if (!found.found()) {
            return new LibraryStatus(library, Optional.empty(), found.origin(), false, found.failure());
        }
        Path file = found.file().orElseThrow();
        for (Path companion : found.companions()) {
            try {
                System.load(companion.toString());
            } catch (UnsatisfiedLinkError | RuntimeException e) {
                // Best effort: the dynamic linker may still find the companion when the main file needs it.
            }
        }
        try {
            System.load(file.toString());
            return new LibraryStatus(library, found.file(), found.origin(), true, "");
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            String message = String.valueOf(e.getMessage()).replace('\n', ' ');
            return new LibraryStatus(library, found.file(), found.origin(), false,
                    file + " (from " + found.origin() + ") failed to load: " + message);
        }
    }
}
