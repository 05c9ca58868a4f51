import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Proves that the curated headers in native-headers/ agree with the real toolkit headers.
 *
 * <p>Run as a single-file program ({@code java HeaderCheck.java --headers DIR --out DIR
 * [--cuda-include DIR] [--cudnn-include DIR] [--cc COMPILER]}; the include directories may also
 * come from the system properties {@code panamax.headers.cudaInclude} and
 * {@code panamax.headers.cudnnInclude}, else from CUDA_HOME, CUDA_PATH, CUDNN_INCLUDE_DIR and
 * /usr/local/cuda/include); the Maven build of {@code bindings} runs it before the tests. It first
 * compiles all curated headers on their own (strict C11, warnings are errors). Then it writes one C
 * file that includes the real headers present on this machine, captures every real constant,
 * typedef and enum tag the curated headers declare, includes the curated headers with each of their
 * identifiers renamed to {@code pmx__NAME}, and asserts with {@code _Static_assert} that every
 * curated constant has the real value and every curated type the real size (enums) or the real type
 * (everything else). Finally it assigns the address of every real function to a pointer whose type
 * is the curated prototype, so compiling with {@code -Werror=incompatible-pointer-types} fails on
 * any disagreement in return or parameter types. A missing compiler or missing real headers are
 * reported with a loud {@code SKIPPED:} line and do not fail.
 */
public final class HeaderCheck {

    /**
     * A curated header, the real headers it is checked against, and the release it was written
     * for: against that release or a newer one every curated name must exist, against an older
     * one names the older headers lack are listed and left unchecked.
     */
    record Library(String curated, List<String> real, boolean cudnnDirs, int reference) {}

    static final int CUDA_REFERENCE = 13000;
    static final int CUDNN_REFERENCE = 90700;

    static final List<Library> LIBRARIES = List.of(
            new Library("cudart.h", List.of("cuda_runtime_api.h", "library_types.h"), false, CUDA_REFERENCE),
            new Library("cuda.h", List.of("cuda.h"), false, CUDA_REFERENCE),
            new Library("cublas.h", List.of("cublas_v2.h"), false, CUDA_REFERENCE),
            new Library("cudnn.h", List.of("cudnn.h"), true, CUDNN_REFERENCE),
            new Library("nvrtc.h", List.of("nvrtc.h"), false, CUDA_REFERENCE));

    private static final Pattern MISSING = Pattern.compile(
            "[\u2018'](\\w+)[\u2019'] undeclared|undeclared identifier [\u2018'](\\w+)[\u2019']"
                    + "|unknown type name [\u2018'](\\w+)[\u2019']");

    /** Declarations parsed from one curated header. */
    static final class Decls {
        final Map<String, Long> constants = new LinkedHashMap<>();
        final Map<String, Boolean> typedefs = new LinkedHashMap<>(); // name -> is an enum type
        final Set<String> enumTags = new LinkedHashSet<>(); // tags of enums without a typedef
        final Set<String> allTags = new LinkedHashSet<>();
        final Map<String, String> functions = new LinkedHashMap<>(); // name -> prototype text

        /** A copy without the given names. */
        Decls without(Set<String> names) {
            Decls copy = new Decls();
            constants.forEach((k, v) -> { if (!names.contains(k)) { copy.constants.put(k, v); } });
            typedefs.forEach((k, v) -> { if (!names.contains(k)) { copy.typedefs.put(k, v); } });
            functions.forEach((k, v) -> { if (!names.contains(k)) { copy.functions.put(k, v); } });
            copy.enumTags.addAll(enumTags);
            copy.allTags.addAll(allTags);
            return copy;
        }
    }

    private static final Pattern ENUM = Pattern.compile(
            "^(typedef\\s+)?enum\\s*(\\w+)?\\s*\\{(.*)}\\s*(\\w+)?$", Pattern.DOTALL);
    private static final Pattern CONSTANT = Pattern.compile("^(\\w+)\\s*=\\s*(0[xX][0-9a-fA-F]+|-?\\d+)$");
    private static final Pattern TYPEDEF = Pattern.compile("^typedef\\s+(.*?)(\\w+)$", Pattern.DOTALL);
    private static final Pattern FUNCTION = Pattern.compile("^(.*?)(\\w+)\\s*\\((.*)\\)$", Pattern.DOTALL);

    private HeaderCheck() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = options(args);
        Path headers = Path.of(opts.getOrDefault("--headers", "native-headers")).toAbsolutePath();
        Path out = Path.of(opts.getOrDefault("--out", "target/header-check")).toAbsolutePath();
        Optional<String> cc = compiler(opts.get("--cc"));
        if (cc.isEmpty()) {
            System.out.println("SKIPPED: consistency check: no C compiler (looked for $CC, cc, gcc, clang)");
            return;
        }
        Files.createDirectories(out);
        Map<Library, Decls> parsed = new LinkedHashMap<>();
        for (Library lib : LIBRARIES) {
            parsed.put(lib, parse(Files.readString(headers.resolve(lib.curated()))));
        }

        StringBuilder alone = new StringBuilder("/* Generated by HeaderCheck.java. */\n");
        for (Library lib : LIBRARIES) {
            alone.append("#include \"").append(headers.resolve(lib.curated())).append("\"\n");
        }
        Path aloneFile = out.resolve("curated_alone.c");
        Files.writeString(aloneFile, alone);
        compile(cc.get(), List.of("-std=c11", "-Wall", "-Wextra", "-pedantic", "-Werror"), List.of(), aloneFile,
                "the curated headers do not compile on their own");

        Path cudaInclude = cudaInclude(
                opts.getOrDefault("--cuda-include", System.getProperty("panamax.headers.cudaInclude")));
        String cudnnInclude = opts.getOrDefault("--cudnn-include", System.getProperty("panamax.headers.cudnnInclude"));
        List<Path> includeDirs = new ArrayList<>();
        Map<Library, Path> present = new LinkedHashMap<>();
        for (Library lib : LIBRARIES) {
            List<Path> dirs = lib.cudnnDirs() ? cudnnDirs(cudnnInclude, cudaInclude) : List.of(cudaInclude);
            Optional<Path> dir = dirs.stream()
                    .filter(d -> lib.real().stream().allMatch(h -> Files.isRegularFile(d.resolve(h))))
                    .findFirst();
            if (dir.isEmpty()) {
                System.out.println("SKIPPED: consistency check of " + lib.curated() + ": no "
                        + String.join(" and ", lib.real())
                        + " in " + dirs.stream().map(Path::toString).reduce((a, b) -> a + ", " + b).orElse(""));
                continue;
            }
            present.put(lib, dir.get());
            if (!includeDirs.contains(dir.get())) {
                includeDirs.add(dir.get());
            }
        }
        if (!includeDirs.contains(cudaInclude) && Files.isDirectory(cudaInclude)) {
            includeDirs.add(cudaInclude);
        }
        if (present.isEmpty()) {
            System.out.println("SKIPPED: consistency check: no CUDA toolkit headers in " + cudaInclude);
            return;
        }
        Path checkFile = out.resolve("consistency_check.c");
        List<String> includes = includeDirs.stream().map(d -> "-I" + d).toList();
        List<String> flags = List.of("-std=gnu11", "-Werror=incompatible-pointer-types", "-Werror=int-conversion",
                "-Werror=discarded-qualifiers", "-Werror=implicit-function-declaration");
        Map<Library, Set<String>> absent = new LinkedHashMap<>();
        present.keySet().forEach(lib -> absent.put(lib, new LinkedHashSet<>()));
        Files.writeString(checkFile, checkSource(headers, parsed, present, absent));
        String failed = tryCompile(cc.get(), flags, includes, checkFile);
        if (failed != null && olderToolkitLacks(failed, parsed, present, absent)) {
            Files.writeString(checkFile, checkSource(headers, parsed, present, absent));
            failed = tryCompile(cc.get(), flags, includes, checkFile);
        }
        if (failed != null) {
            fail(failed, "the curated headers disagree with the toolkit headers");
        }
        for (Map.Entry<Library, Path> e : present.entrySet()) {
            Set<String> skipped = absent.get(e.getKey());
            Decls d = parsed.get(e.getKey()).without(skipped);
            System.out.printf("consistency check: %s agrees with %s in %s (%d constants, %d types, %d functions)%n",
                    e.getKey().curated(), String.join(" + ", e.getKey().real()), e.getValue(), d.constants.size(),
                    d.typedefs.size() + d.enumTags.size(), d.functions.size());
            if (!skipped.isEmpty()) {
                System.out.printf("NOTE: consistency check of %s: %d name(s) newer than the headers in %s (release %d, "
                        + "curated for %d) not checked: %s%n", e.getKey().curated(), skipped.size(), e.getValue(),
                        release(e.getKey(), e.getValue()), e.getKey().reference(), String.join(", ", skipped));
            }
        }
    }

    /**
     * Records the curated names an older toolkit does not declare; false when a name is missing
     * from a toolkit at least as new as the curated release, which is a disagreement.
     */
    private static boolean olderToolkitLacks(String output, Map<Library, Decls> parsed, Map<Library, Path> present,
            Map<Library, Set<String>> absent) throws IOException {
        Matcher m = MISSING.matcher(output);
        boolean any = false;
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
            for (Library lib : present.keySet()) {
                Decls d = parsed.get(lib);
                boolean declared = d.constants.containsKey(name) || d.typedefs.containsKey(name)
                        || d.functions.containsKey(name);
                if (declared) {
                    if (release(lib, present.get(lib)) >= lib.reference()) {
                        return false;
                    }
                    any |= absent.get(lib).add(name);
                }
            }
        }
        return any;
    }

    /** The release of the real headers in dir, as CUDART_VERSION or CUDNN_VERSION computes it. */
    static int release(Library lib, Path dir) throws IOException {
        if (lib.cudnnDirs()) {
            Path version = dir.resolve("cudnn_version.h");
            String text = Files.isRegularFile(version) ? Files.readString(version) : "";
            return 10000 * define(text, "CUDNN_MAJOR") + 100 * define(text, "CUDNN_MINOR")
                    + define(text, "CUDNN_PATCHLEVEL");
        }
        Path runtime = dir.resolve("cuda_runtime_api.h");
        return define(Files.isRegularFile(runtime) ? Files.readString(runtime) : "", "CUDART_VERSION");
    }

    private static int define(String text, String name) {
        Matcher m = Pattern.compile("#define\\s+" + name + "\\s+(\\d+)").matcher(text);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    /** Parses the declarations of a curated header written in the house style. */
    static Decls parse(String text) {
        String code = text.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\n]*", " ")
                .replaceAll("(?m)^\\s*#.*$", " ");
        Decls decls = new Decls();
        int depth = 0;
        StringBuilder statement = new StringBuilder();
        for (char c : code.toCharArray()) {
            if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
            }
            if (c == ';' && depth == 0) {
                declaration(statement.toString().replaceAll("\\s+", " ").trim(), decls);
                statement.setLength(0);
            } else {
                statement.append(c);
            }
        }
        if (!statement.toString().isBlank()) {
            throw new IllegalArgumentException("unterminated declaration: " + statement.toString().trim());
        }
        return decls;
    }

    private static void declaration(String s, Decls decls) {
        Matcher m;
        if ((m = ENUM.matcher(s)).matches()) {
            for (String item : m.group(3).split(",")) {
                Matcher c = CONSTANT.matcher(item.trim());
                if (!c.matches()) {
                    throw new IllegalArgumentException("enumerator without a literal value: " + item.trim());
                }
                decls.constants.put(c.group(1), Long.decode(c.group(2)));
            }
            if (m.group(2) != null) {
                decls.allTags.add(m.group(2));
            }
            if (m.group(1) != null && m.group(4) != null) {
                decls.typedefs.put(m.group(4), true);
            } else if (m.group(2) != null) {
                decls.enumTags.add(m.group(2));
            }
        } else if ((m = TYPEDEF.matcher(s)).matches()) {
            decls.typedefs.put(m.group(2), false);
        } else if ((m = FUNCTION.matcher(s)).matches()) {
            decls.functions.put(m.group(2), s);
        } else {
            throw new IllegalArgumentException("unrecognized declaration: " + s);
        }
    }

    /** Writes the C file that checks the curated headers against the real ones. */
    static String checkSource(Path headers, Map<Library, Decls> parsed, Map<Library, Path> present,
            Map<Library, Set<String>> absent) {
        StringBuilder c = new StringBuilder(
                "/* Generated by HeaderCheck.java: real headers, then curated ones renamed. */\n");
        for (Library lib : present.keySet()) {
            for (String real : lib.real()) {
                c.append("#include <").append(real).append(">\n");
            }
        }
        c.append("\n/* Real values, types and symbols, captured before the renames. */\n");
        for (Library lib : present.keySet()) {
            Decls d = parsed.get(lib).without(absent.get(lib));
            d.constants.keySet().forEach(k -> c.append("enum { pmx_real__").append(k).append(" = (").append(k)
                    .append(") };\n"));
            d.typedefs.keySet().forEach(t -> c.append("typedef ").append(t).append(" pmx_real__").append(t).append(";\n"));
            for (String f : d.functions.keySet()) {
                c.append("#ifdef ").append(f).append("\n#error \"").append(f)
                        .append(" is a macro in the toolkit headers: declare the symbol it expands to\"\n#endif\n");
            }
        }
        Set<String> names = new LinkedHashSet<>();
        for (Decls d : parsed.values()) {
            names.addAll(d.constants.keySet());
            names.addAll(d.typedefs.keySet());
            names.addAll(d.allTags);
            names.addAll(d.functions.keySet());
        }
        c.append("\n/* Every curated identifier renamed. */\n");
        names.forEach(n -> c.append("#undef ").append(n).append("\n#define ").append(n).append(" pmx__").append(n)
                .append('\n'));
        for (Library lib : LIBRARIES) {
            c.append("#include \"").append(headers.resolve(lib.curated())).append("\"\n");
        }
        names.forEach(n -> c.append("#undef ").append(n).append('\n'));
        c.append("\n/* Values and types. */\n");
        for (Library lib : present.keySet()) {
            Decls d = parsed.get(lib).without(absent.get(lib));
            String where = lib.curated() + ": ";
            d.constants.keySet().forEach(k -> c.append("_Static_assert(pmx__").append(k).append(" == pmx_real__").append(k)
                    .append(", \"").append(where).append(k).append(" has a different value\");\n"));
            d.typedefs.forEach((t, isEnum) -> c.append(isEnum
                    ? "_Static_assert(sizeof(pmx__" + t + ") == sizeof(pmx_real__" + t + ") && ((pmx__" + t
                            + ")-1 < 0) == ((pmx_real__" + t + ")-1 < 0)"
                    : "_Static_assert(__builtin_types_compatible_p(pmx__" + t + ", pmx_real__" + t + ")")
                    .append(", \"").append(where).append(t).append(" is a different type\");\n"));
            d.enumTags.forEach(t -> c.append("_Static_assert(sizeof(enum pmx__").append(t).append(") == sizeof(enum ")
                    .append(t).append("), \"").append(where).append("enum ").append(t)
                    .append(" has a different size\");\n"));
        }
        c.append("\n/* Prototypes: each real function assigned to a pointer of the curated prototype's type. */\n");
        StringBuilder body = new StringBuilder();
        for (Library lib : present.keySet()) {
            for (Map.Entry<String, String> f : parsed.get(lib).without(absent.get(lib)).functions.entrySet()) {
                String proto = f.getValue().replaceFirst("\\b" + f.getKey() + "\\s*\\(", "pmx_proto__" + f.getKey() + "(");
                c.append("typedef ").append(proto).append(";\n");
                body.append("    { pmx_proto__").append(f.getKey()).append(" *p = &").append(f.getKey())
                        .append("; (void) p; }\n");
            }
        }
        c.append("\nvoid pmx_check_prototypes(void);\nvoid pmx_check_prototypes(void) {\n").append(body).append("}\n");
        return c.toString();
    }

    private static void compile(String cc, List<String> flags, List<String> includes, Path source, String failure)
            throws IOException, InterruptedException {
        String failed = tryCompile(cc, flags, includes, source);
        if (failed != null) {
            fail(failed, failure);
        }
    }

    /** Compiles source for syntax only; returns null on success, else the command and its output. */
    private static String tryCompile(String cc, List<String> flags, List<String> includes, Path source)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(cc);
        cmd.addAll(flags);
        cmd.addAll(includes);
        cmd.add("-fsyntax-only");
        cmd.add(source.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            return String.join(" ", cmd) + "\n" + output;
        }
        return null;
    }

    private static void fail(String output, String failure) {
        System.out.println(output);
        System.out.println("FAILED: consistency check: " + failure);
        System.exit(1);
    }

    private static Optional<String> compiler(String explicit) {
        List<String> candidates = new ArrayList<>();
        if (explicit != null && !explicit.isBlank()) {
            candidates.add(explicit);
        }
        String env = System.getenv("CC");
        if (env != null && !env.isBlank()) {
            candidates.add(env);
        }
        candidates.addAll(List.of("cc", "gcc", "clang"));
        String path = System.getenv().getOrDefault("PATH", "");
        for (String candidate : candidates) {
            if (candidate.contains("/")) {
                if (Files.isExecutable(Path.of(candidate))) {
                    return Optional.of(candidate);
                }
                continue;
            }
            for (String dir : path.split(java.io.File.pathSeparator)) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, candidate))) {
                    return Optional.of(Path.of(dir, candidate).toString());
                }
            }
        }
        return Optional.empty();
    }

    private static Path cudaInclude(String explicit) {
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        for (String var : List.of("CUDA_HOME", "CUDA_PATH")) {
            String home = System.getenv(var);
            if (home != null && !home.isBlank() && Files.isDirectory(Path.of(home, "include"))) {
                return Path.of(home, "include");
            }
        }
        return Path.of("/usr/local/cuda/include");
    }

    private static List<Path> cudnnDirs(String explicit, Path cudaInclude) {
        List<Path> dirs = new ArrayList<>();
        if (explicit != null && !explicit.isBlank()) {
            dirs.add(Path.of(explicit));
        }
        String env = System.getenv("CUDNN_INCLUDE_DIR");
        if (env != null && !env.isBlank()) {
            dirs.add(Path.of(env));
        }
        dirs.add(cudaInclude);
        dirs.add(Path.of("/usr/include"));
        dirs.add(Path.of("/usr/include/x86_64-linux-gnu"));
        dirs.add(Path.of("/usr/include/aarch64-linux-gnu"));
        return dirs;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected an option, got " + args[i]);
            }
            opts.put(args[i], args[i + 1]);
        }
        return opts;
    }
}
