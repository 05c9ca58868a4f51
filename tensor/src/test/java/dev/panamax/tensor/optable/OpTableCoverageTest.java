package dev.panamax.tensor.optable;

import dev.panamax.tensor.DType;
import dev.panamax.tensor.Tensor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checks the op table itself: every computing method of Tensor has an entry, and every entry has the standard samples. */
class OpTableCoverageTest {

    /**
     * Public methods of Tensor that are not computing ops, each with where it is tested instead.
     * A method added to Tensor must get a table entry or an entry here.
     */
    private static final Map<String, String> NOT_OPS = Map.ofEntries(
            // Metadata: read by every table check (shape, dtype, device) and by LayoutTest.
            Map.entry("shape()", "metadata"), Map.entry("strides()", "metadata"),
            Map.entry("storageOffset()", "metadata"), Map.entry("dim()", "metadata"),
            Map.entry("size(int)", "metadata"), Map.entry("numel()", "metadata"),
            Map.entry("dtype()", "metadata"), Map.entry("device()", "metadata"),
            Map.entry("isContiguous()", "metadata"), Map.entry("version()", "metadata; LayoutTest"),
            Map.entry("isReleased()", "metadata; MemoryTest"), Map.entry("sharesStorageWith(Tensor)", "metadata"),
            Map.entry("storageId()", "metadata; FactoryTest"), Map.entry("lastStorageId()", "metadata; FactoryTest"),
            Map.entry("coversStorage()", "metadata; FactoryTest"),
            // Reading values out: every table comparison goes through them; TensorAccessTest covers the rest.
            Map.entry("item()", "TensorAccessTest"), Map.entry("toDoubleArray()", "used by every check"),
            Map.entry("toFloatArray()", "TensorAccessTest"), Map.entry("toLongArray()", "used by every check"),
            Map.entry("allClose(Tensor,double,double)", "TensorAccessTest"), Map.entry("allClose(Tensor)", "TensorAccessTest"),
            // Creation from Java data, ranges and generators: FactoryTest.
            Map.entry("zeros(DType,int[])", "FactoryTest"), Map.entry("zeros(int[])", "FactoryTest"),
            Map.entry("ones(DType,int[])", "FactoryTest"), Map.entry("ones(int[])", "FactoryTest"),
            Map.entry("full(double,DType,int[])", "FactoryTest"), Map.entry("full(double,DType,Device,int[])", "FactoryTest"),
            Map.entry("zeros(DType,Device,int[])", "FactoryTest"), Map.entry("scalar(double,DType)", "FactoryTest"),
            Map.entry("scalar(double)", "FactoryTest"), Map.entry("of(double[],int[])", "FactoryTest"),
            Map.entry("of(float[],int[])", "FactoryTest"), Map.entry("of(long[],int[])", "FactoryTest"),
            Map.entry("of(boolean[],int[])", "FactoryTest"), Map.entry("of(double[][])", "FactoryTest"),
            Map.entry("of(float[][])", "FactoryTest"), Map.entry("ofNested(Object,DType)", "FactoryTest"),
            Map.entry("arange(double,double,double,DType)", "FactoryTest"), Map.entry("arange(long)", "FactoryTest"),
            Map.entry("linspace(double,double,int,DType)", "FactoryTest"), Map.entry("eye(int,DType)", "FactoryTest"),
            Map.entry("rand(Generator,DType,int[])", "FactoryTest"), Map.entry("rand(DType,int[])", "FactoryTest"),
            Map.entry("randn(Generator,DType,int[])", "FactoryTest"), Map.entry("randn(DType,int[])", "FactoryTest"),
            Map.entry("randint(Generator,long,long,int[])", "FactoryTest"),
            Map.entry("randint(long,long,int[])", "FactoryTest"),
            Map.entry("ones(DType,Device,int[])", "FactoryTest"),
            Map.entry("rand(Generator,DType,Device,int[])", "FactoryTest, CudaBackendTest"),
            Map.entry("randn(Generator,DType,Device,int[])", "FactoryTest, CudaBackendTest"),
            Map.entry("randint(Generator,long,long,Device,int[])", "FactoryTest, CudaBackendTest"),
            Map.entry("zerosLike(Tensor)", "FactoryTest"), Map.entry("onesLike(Tensor)", "FactoryTest"),
            Map.entry("fullLike(double,Tensor)", "FactoryTest"),
            // Device transfer: every table input is built on its device with it.
            Map.entry("to(Device)", "builds every input of OpTableTest on the device under test"),
            // Memory and printing.
            Map.entry("keep()", "MemoryTest"), Map.entry("close()", "MemoryTest"),
            Map.entry("toString()", "TensorFormatTest"));

    static String signature(Method m) {
        return m.getName() + Arrays.stream(m.getParameterTypes()).map(Class::getSimpleName)
                .collect(Collectors.joining(",", "(", ")"));
    }

    static Set<String> publicMethods() {
        Set<String> s = new TreeSet<>();
        for (Method m : Tensor.class.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()) {
                s.add(signature(m));
            }
        }
        return s;
    }

    @Test
    void everyPublicComputingMethodHasAnEntry() {
        Set<String> covered = OpTable.all().stream().map(OpInfo::signature).collect(Collectors.toSet());
        List<String> missing = new ArrayList<>();
        for (String m : publicMethods()) {
            if (!covered.contains(m) && !NOT_OPS.containsKey(m)) {
                missing.add(m);
            }
        }
        assertTrue(missing.isEmpty(), "Tensor methods with no OpTable entry (add one, or list the method in NOT_OPS "
                + "with where it is tested): " + missing);
    }

    @Test
    void entriesAndExclusionsNameRealMethods() {
        Set<String> real = publicMethods();
        List<String> unknown = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (OpInfo op : OpTable.all()) {
            if (!real.contains(op.signature())) {
                unknown.add(op.signature());
            }
            assertTrue(seen.add(op.signature()), "declared twice: " + op.signature());
            assertFalse(NOT_OPS.containsKey(op.signature()), "both an entry and excluded: " + op.signature());
        }
        NOT_OPS.keySet().stream().filter(k -> !real.contains(k)).forEach(unknown::add);
        assertTrue(unknown.isEmpty(), "no such public Tensor method: " + unknown);
    }

    @Test
    void everyEntryHasTheStandardSampleKinds() {
        List<String> gaps = new ArrayList<>();
        for (OpInfo op : OpTable.all()) {
            boolean zeroDim = false;
            boolean empty = false;
            boolean strided = false;
            for (DType t : op.dtypes()) {
                List<Sample> samples = op.samples().apply(t);
                if (samples.isEmpty()) {
                    gaps.add(op + ": no samples for " + t);
                }
                for (Sample s : samples) {
                    zeroDim |= s.hasZeroDimArg();
                    empty |= s.hasEmptyArg();
                    strided |= s.hasNonContiguousArg();
                }
            }
            if (!zeroDim && !op.waives(OpInfo.NO_ZERO_DIM)) {
                gaps.add(op + ": no 0-d sample");
            }
            if (!empty && !op.waives(OpInfo.NO_EMPTY)) {
                gaps.add(op + ": no empty sample");
            }
            if (!strided && !op.waives(OpInfo.NO_NONCONTIGUOUS)) {
                gaps.add(op + ": no non-contiguous sample");
            }
        }
        assertTrue(gaps.isEmpty(), String.join("\n", gaps));
    }

    @Test
    void tensorOperandOpsHaveBroadcastingAndMixedDtypeSamplesAndShapeErrors() {
        List<String> gaps = new ArrayList<>();
        for (OpInfo op : OpTable.all()) {
            boolean twoTensors = op.signature().contains("Tensor")
                    && !op.signature().matches("(mm|dot|outer|matmul)\\(.*");
            if (!twoTensors) {
                continue;
            }
            List<Sample> all = op.dtypes().stream().flatMap(t -> op.samples().apply(t).stream()).toList();
            if (all.stream().noneMatch(Sample::broadcasts)) {
                gaps.add(op + ": no broadcasting sample");
            }
            boolean twoNumeric = all.stream().anyMatch(s -> s.args().stream().filter(a -> a.dtype() != DType.BOOL).count() > 1);
            boolean mixed = all.stream().anyMatch(s -> s.args().stream().filter(a -> a.dtype() != DType.BOOL)
                    .map(Arg::dtype).distinct().count() > 1);
            if (twoNumeric && !mixed) {
                gaps.add(op + ": no mixed-dtype sample");
            }
            if (op.errors().stream().noneMatch(e -> e.type() == IllegalArgumentException.class)) {
                gaps.add(op + ": no IllegalArgumentException case");
            }
        }
        assertTrue(gaps.isEmpty(), String.join("\n", gaps));
    }

    @Test
    void theTableIsLargeEnoughToMeanSomething() {
        long cases = OpTable.all().stream().mapToLong(op -> op.dtypes().stream()
                .mapToLong(t -> op.samples().apply(t).size()).sum()).sum();
        System.out.println("OpTable: " + OpTable.all().size() + " entries, " + cases + " sample cases per device");
        assertTrue(OpTable.all().size() >= 90, "entries: " + OpTable.all().size());
        assertTrue(cases >= 4000, "sample cases: " + cases);
    }
}
