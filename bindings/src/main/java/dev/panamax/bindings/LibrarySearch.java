package dev.panamax.bindings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Decides which file provides a library, without loading anything.
 *
 * <p>The search order is:
 * <ol>
 *   <li>the system property {@code panamax.cuda.lib.<id>}, then the environment variable
 *       {@code PANAMAX_CUDA_LIB_<ID>}: a file (used as is) or a folder (searched for the
 *       sonames); when one is set nothing else is searched;</li>
 *   <li>{@code CUDA_HOME}, then {@code CUDA_PATH}: their {@code lib64}, {@code lib} and
 *       {@code targets/<arch>-linux/lib} folders;</li>
 *   <li>the folders of {@code LD_LIBRARY_PATH}, in order;</li>
 *   <li>{@code /usr/local/cuda}, then {@code /usr/local/cuda-X.Y} from the newest version down;</li>
 *   <li>the {@code nvidia/<package>/lib} folders of NVIDIA's pip wheels in the Python environments
 *       of {@code VIRTUAL_ENV}, {@code CONDA_PREFIX} and the user's {@code ~/.local};</li>
 *   <li>the dynamic linker's system folders (where the driver's libcuda.so.1 usually is).</li>
 * </ol>
 * The first folder holding one of the library's sonames wins, the newest soname first within a
 * folder. Folders named {@code stubs} are skipped: the toolkit's stub libcuda only reports
 * CUDA_ERROR_STUB_LIBRARY.
 */
final class LibrarySearch {

    /** A folder to search and why it is searched. */
    record Folder(Path path, String origin) {}

    /**
     * The outcome of a search.
     *
     * @param library    the library searched for
     * @param file       the chosen file, empty when none was found
     * @param origin     where the file was found, such as {@code CUDA_HOME}
     * @param companions companion files found beside it, to load first
     * @param failure    why nothing was found, empty when a file was found
     */
    record Resolution(CudaLibrary library, Optional<Path> file, String origin, List<Path> companions, String failure) {

        /** Returns whether a file was found. */
        boolean found() {
            return file.isPresent();
        }
    }

    private static final Pattern MAJOR = Pattern.compile("\\.so\\.(\\d+)");
    private static final Pattern CUDA_VERSION_DIR = Pattern.compile("cuda-(\\d+)(?:\\.(\\d+))?");
    private static final Pattern PYTHON_DIR = Pattern.compile("python(\\d+)\\.(\\d+)");

    private LibrarySearch() {
    }

    /** Finds the file for a library in the given environment. */
    static Resolution resolve(CudaLibrary library, SearchEnvironment env) {
        String property = env.property(library.property());
        if (property != null) {
            return explicit(library, Path.of(property), "system property " + library.property());
        }
        String variable = env.variable(library.environmentVariable());
        if (variable != null) {
            return explicit(library, Path.of(variable), "environment variable " + library.environmentVariable());
        }
        List<Folder> folders = folders(env);
        for (Folder folder : folders) {
            Optional<Path> file = inFolder(library, folder.path());
            if (file.isPresent()) {
                return found(library, file.get(), folder.origin());
            }
        }
        String failure = library.sonameList() + " not found in " + folders.size()
                + " folders (CUDA_HOME, CUDA_PATH, LD_LIBRARY_PATH, /usr/local/cuda*, pip wheels, system folders); set -D"
                + library.property() + "=/path/to/" + library.sonames().getLast();
        return new Resolution(library, Optional.empty(), "", List.of(), failure);
    }

    /** Returns the folders searched when no property or variable names the library, in order. */
    static List<Folder> folders(SearchEnvironment env) {
        Map<Path, Folder> folders = new LinkedHashMap<>();
        for (String home : List.of("CUDA_HOME", "CUDA_PATH")) {
            String value = env.variable(home);
            if (value != null) {
                toolkitFolders(Path.of(value), env).forEach(p -> add(folders, p, home));
            }
        }
        String ldPath = env.variable("LD_LIBRARY_PATH");
        if (ldPath != null) {
            for (String entry : ldPath.split(":")) {
                if (!entry.isBlank()) {
                    add(folders, Path.of(entry), "LD_LIBRARY_PATH");
                }
            }
        }
        for (Path toolkit : toolkits(env.usrLocal())) {
            toolkitFolders(toolkit, env).forEach(p -> add(folders, p, toolkit.toString()));
        }
        for (Path wheelLib : wheelFolders(env)) {
            add(folders, wheelLib, "pip wheel " + wheelLib.getParent().getFileName());
        }
        env.systemFolders().forEach(p -> add(folders, p, "system folder"));
        return List.copyOf(folders.values());
    }

    private static void add(Map<Path, Folder> folders, Path path, String origin) {
        Path normalized = path.toAbsolutePath().normalize();
        Path name = normalized.getFileName();
        if (name != null && name.toString().equals("stubs")) {
            return;
        }
        folders.putIfAbsent(normalized, new Folder(normalized, origin));
    }

    private static List<Path> toolkitFolders(Path home, SearchEnvironment env) {
        List<Path> folders = new ArrayList<>(List.of(home.resolve("lib64"), home.resolve("lib")));
        env.targets().forEach(t -> folders.add(home.resolve("targets").resolve(t).resolve("lib")));
        return folders;
    }

    /** Returns {@code cuda} then the {@code cuda-X.Y} folders of usrLocal, newest version first. */
    static List<Path> toolkits(Path usrLocal) {
        List<Path> toolkits = new ArrayList<>();
        toolkits.add(usrLocal.resolve("cuda"));
        toolkits.addAll(list(usrLocal).stream()
                .filter(p -> CUDA_VERSION_DIR.matcher(p.getFileName().toString()).matches())
                .sorted(newestFirst(CUDA_VERSION_DIR))
                .toList());
        return toolkits;
    }

    /** Returns the {@code nvidia/*}{@code /lib} folders of pip wheels in the known Python environments. */
    static List<Path> wheelFolders(SearchEnvironment env) {
        List<Path> roots = new ArrayList<>();
        for (String variable : List.of("VIRTUAL_ENV", "CONDA_PREFIX")) {
            String value = env.variable(variable);
            if (value != null) {
                roots.add(Path.of(value));
            }
        }
        roots.add(env.userHome().resolve(".local"));
        List<Path> folders = new ArrayList<>();
        for (Path root : roots) {
            for (String lib : List.of("lib", "lib64")) {
                List<Path> pythons = list(root.resolve(lib)).stream()
                        .filter(p -> PYTHON_DIR.matcher(p.getFileName().toString()).matches())
                        .sorted(newestFirst(PYTHON_DIR))
                        .toList();
                for (Path python : pythons) {
                    for (String packages : List.of("site-packages", "dist-packages")) {
                        list(python.resolve(packages).resolve("nvidia")).stream()
                                .map(p -> p.resolve("lib"))
                                .filter(Files::isDirectory)
                                .sorted()
                                .forEach(folders::add);
                    }
                }
            }
        }
        return folders;
    }

    private static Resolution explicit(CudaLibrary library, Path path, String origin) {
        if (Files.isDirectory(path)) {
            Optional<Path> file = inFolder(library, path);
            return file.map(f -> found(library, f, origin)).orElseGet(() -> new Resolution(library, Optional.empty(),
                    origin, List.of(), origin + " names folder " + path + ", which holds no " + library.sonameList()));
        }
        if (Files.isRegularFile(path)) {
            return found(library, path.toAbsolutePath(), origin);
        }
        return new Resolution(library, Optional.empty(), origin, List.of(),
                origin + " names " + path + ", which does not exist");
    }

    private static Resolution found(CudaLibrary library, Path file, String origin) {
        return new Resolution(library, Optional.of(file), origin, companions(library, file), "");
    }

    private static Optional<Path> inFolder(CudaLibrary library, Path folder) {
        return library.sonames().stream().map(folder::resolve).filter(Files::isRegularFile).findFirst();
    }

    /** Returns the companions of a chosen file that lie in its folder, in the library's order. */
    static List<Path> companions(CudaLibrary library, Path file) {
        Optional<String> major = major(file);
        Path folder = file.toAbsolutePath().getParent();
        if (major.isEmpty() || folder == null) {
            return List.of();
        }
        List<Path> companions = new ArrayList<>();
        for (String pattern : library.companions()) {
            String name = pattern.replace("{major}", major.get());
            if (name.endsWith("*")) {
                String prefix = name.substring(0, name.length() - 1);
                list(folder).stream()
                        .filter(p -> p.getFileName().toString().startsWith(prefix) && Files.isRegularFile(p))
                        .max(Comparator.comparing(p -> p.getFileName().toString()))
                        .ifPresent(companions::add);
            } else if (Files.isRegularFile(folder.resolve(name))) {
                companions.add(folder.resolve(name));
            }
        }
        return companions;
    }

    /** Returns the major version in a file name like {@code libcublas.so.12}, following one symbolic link. */
    static Optional<String> major(Path file) {
        Matcher m = MAJOR.matcher(file.getFileName().toString());
        if (m.find()) {
            return Optional.of(m.group(1));
        }
        try {
            Path target = file.toRealPath();
            Matcher t = MAJOR.matcher(target.getFileName().toString());
            return t.find() ? Optional.of(t.group(1)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Orders folders named like the pattern by the version numbers it captures, highest first. */
    private static Comparator<Path> newestFirst(Pattern pattern) {
        return (a, b) -> {
            List<Integer> va = version(a, pattern);
            List<Integer> vb = version(b, pattern);
            for (int i = 0; i < Math.min(va.size(), vb.size()); i++) {
                int c = Integer.compare(vb.get(i), va.get(i));
                if (c != 0) {
                    return c;
                }
            }
            return Integer.compare(vb.size(), va.size());
        };
    }

    private static List<Integer> version(Path p, Pattern pattern) {
        Matcher m = pattern.matcher(p.getFileName().toString());
        if (!m.matches()) {
            return List.of();
        }
        List<Integer> parts = new ArrayList<>();
        for (int i = 1; i <= m.groupCount(); i++) {
            parts.add(m.group(i) == null ? 0 : Integer.parseInt(m.group(i)));
        }
        return parts;
    }

    private static List<Path> list(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}
