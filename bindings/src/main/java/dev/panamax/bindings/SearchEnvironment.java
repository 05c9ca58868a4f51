package dev.panamax.bindings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The inputs of a library search: properties, environment variables and the fixed folders.
 *
 * <p>{@link #system()} reads the running JVM's system properties (when a library is first
 * searched, not when this object is made), its environment, {@code /usr/local} and the dynamic
 * linker's usual folders; tests build their own with temporary folders.
 *
 * @param properties    looks up a system property, null when unset
 * @param environment   the environment variables
 * @param usrLocal      the folder holding {@code cuda} and {@code cuda-X.Y} toolkits
 * @param userHome      the user's home folder, for the user's Python site-packages
 * @param systemFolders the dynamic linker's default and configured folders, searched last
 * @param targets       the toolkit's {@code targets/<name>} folder names for this CPU
 */
record SearchEnvironment(Function<String, String> properties, Map<String, String> environment, Path usrLocal,
        Path userHome, List<Path> systemFolders, List<String> targets) {

    /** Returns the environment of this JVM and machine. */
    static SearchEnvironment system() {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        boolean arm = arch.equals("aarch64") || arch.equals("arm64");
        String gnu = arm ? "aarch64-linux-gnu" : "x86_64-linux-gnu";
        List<Path> folders = new ArrayList<>(List.of(Path.of("/usr/lib", gnu), Path.of("/lib", gnu),
                Path.of("/usr/lib64"), Path.of("/lib64"), Path.of("/usr/lib"), Path.of("/lib"),
                Path.of("/usr/lib/wsl/lib")));
        folders.addAll(ldSoConfFolders(Path.of("/etc/ld.so.conf.d")));
        return new SearchEnvironment(System::getProperty, System.getenv(), Path.of("/usr/local"),
                Path.of(System.getProperty("user.home", "/")), List.copyOf(folders),
                arm ? List.of("sbsa-linux", "aarch64-linux") : List.of("x86_64-linux"));
    }

    /** Returns the folders listed in the {@code *.conf} files of the dynamic linker's configuration folder. */
    static List<Path> ldSoConfFolders(Path confDir) {
        if (!Files.isDirectory(confDir)) {
            return List.of();
        }
        List<Path> folders = new ArrayList<>();
        try (Stream<Path> files = Files.list(confDir)) {
            for (Path conf : files.filter(f -> f.getFileName().toString().endsWith(".conf")).sorted().toList()) {
                for (String line : Files.readAllLines(conf)) {
                    String entry = line.strip();
                    if (entry.startsWith("/")) {
                        folders.add(Path.of(entry));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return folders;
        }
        return folders;
    }

    /** Returns the value of a system property, or null when it is unset or blank. */
    String property(String name) {
        String value = properties.apply(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** Returns the value of an environment variable, or null when it is unset or blank. */
    String variable(String name) {
        String value = environment.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }
}
