package dev.panamax.bindings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The functions a façade checks for on {@code get()} are exactly those its source calls. */
class FacadeSymbolsTest {

    private static Set<String> called(String facade, String prefix) throws IOException {
        String source = Files.readString(Path.of("src/main/java/dev/panamax/bindings", facade + ".java"));
        Matcher m = Pattern.compile(prefix + "_h(?:\\.|::)(" + prefix + "\\w+)").matcher(source);
        Set<String> names = new TreeSet<>();
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    @Test
    void cublasChecksEveryFunctionItCalls() throws IOException {
        assertEquals(called("Cublas", "cublas"), new TreeSet<>(Set.of(Cublas.SYMBOLS)));
    }

    @Test
    void cudnnChecksEveryFunctionItCalls() throws IOException {
        assertEquals(called("Cudnn", "cudnn"), new TreeSet<>(Set.of(Cudnn.SYMBOLS)));
    }
}
