#!/usr/bin/env bash
# Runs Panamax's JMH benchmarks and the baselines (OpenBLAS, PyTorch through DJL, ND4J) in one
# session and writes bench/RESULTS.md. See README.md, "Benchmarks". Where python3 (or $PYTHON) can
# import torch, the training loops also run from Python as a cross-check of the DJL figures. Where
# cuda:0 runs, Panamax's CUDA benchmarks run too (label panamax-cuda), and the bare cuBLAS SGEMM is
# timed with CUDA events and, where NVIDIA's nsys is installed, under Nsight Systems.
#
#   bench/run.sh [--quick] [--only LABELS] [--benchmarks METHODS] [--out FILE]
#
#   --quick               short JMH settings (1 fork, 2 warm-up and 5 measured iterations of 1 s);
#                         the default is 2 forks, 5 warm-up and 10 measured iterations of 2 s
#   --only LABELS         comma-separated subset of:
#                         panamax,panamax-cuda,openblas,openblas-haswell,pytorch,pytorch-python,nd4j
#   --benchmarks METHODS  only these benchmark methods, a regular expression such as 'sgemm|add'
#                         (methods: sgemm memcpy copy add mul sigmoid chain chainEager sum softmax addOutOfPlace
#                         addInPlace cubic quadratic twoLayer mnistEpoch; on CUDA also cublasSgemm addAndWait)
#   --out FILE            where to write the report (default: bench/RESULTS.md)
#   --wait-quiet SECONDS  before each library's run, wait up to SECONDS for a quiet machine (other
#                         processes using under a tenth of a core for 10 s); default 0, no wait
#   BENCH_JVM_OPTIONS     (environment) extra options for every JVM, separated by spaces
#
# Each library runs in JVMs of its own, with its own class path and environment: OpenBLAS with
# OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset, so that it picks the kernels for this CPU (and once
# more with Haswell forced, the setting some environments carry); ND4J, whose bundled OpenBLAS
# 0.3.19 misdetects recent CPUs, with Haswell forced and its older JavaCPP on its own class path.
# PyTorch's allocator returns large blocks to the OS on every free (glibc unmaps blocks above
# 32 MiB), so each 64 MB output would be measured on fresh pages; where libjemalloc is installed
# it is preloaded for PyTorch's JVMs, with its dedicated no-cache arena for blocks above 8 MiB
# turned off (oversize_threshold:0), so that its outputs come from warm memory, as Panamax's do.
set -euo pipefail

cd "$(dirname "$0")/.."
root=$(pwd)

mode=full
only=panamax,panamax-cuda,openblas,openblas-haswell,pytorch,pytorch-python,nd4j
methods='[A-Za-z]+'
out=$root/bench/RESULTS.md
wait_quiet=0
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) mode=quick ;;
    --only) only=$2; shift ;;
    --benchmarks) methods=$2; shift ;;
    --out) out=$(realpath -m "$2"); shift ;;
    --wait-quiet) wait_quiet=$2; shift ;;
    -h|--help) sed -n '2,29p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done
wants() { [[ ",$only," == *",$1,"* ]]; }

if [ -z "${JAVA_HOME:-}" ] && [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
version=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
if [ -z "$version" ] || [ "${version%%.*}" -lt 25 ]; then
  echo "run.sh: needs a JDK 25 or newer (set JAVA_HOME); found '${version:-none}'" >&2
  exit 1
fi

if [ "$mode" = quick ]; then
  jmh_options=(-f 1 -wi 2 -w 1s -i 5 -r 1s)
else
  jmh_options=(-f 2 -wi 5 -w 2s -i 10 -r 2s)
fi

# Build: the benchmarks, the baselines and their class paths. Nothing is installed into ~/.m2.
baselines=()
if wants openblas || wants openblas-haswell || wants pytorch || wants nd4j; then
  baselines=(-Pbaselines)
fi
echo "run.sh: building (${baselines[*]:-Panamax only})"
./mvnw -q -B "${baselines[@]}" -pl bench -am package -DskipTests
target=$root/bench/target
classpath="$target/classes:$(cat "$target/classpath.txt")"
baseline_classpath="$target/baseline-classes:$classpath"
if wants nd4j; then
  ./mvnw -q -B -f bench/nd4j/pom.xml dependency:build-classpath -Dmdep.outputFile="$target/nd4j-classpath.txt"
  nd4j_classpath="$target/baseline-classes:$target/classes:$(cat "$target/nd4j-classpath.txt")"
fi

results=$target/results
rm -rf "$results"
mkdir -p "$results"

jemalloc=""
for candidate in /usr/lib/x86_64-linux-gnu/libjemalloc.so.2 /usr/lib/aarch64-linux-gnu/libjemalloc.so.2 \
                 /usr/lib64/libjemalloc.so.2 /usr/local/lib/libjemalloc.so.2; do
  if [ -f "$candidate" ]; then jemalloc=$candidate; break; fi
done

# CPU time (clock ticks) the whole machine has spent busy since boot, from /proc/stat.
busy_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9; exit}' /proc/stat; }
# CPU time (clock ticks) used by this script and the children it has waited for.
own_ticks() { awk '{print $14 + $15 + $16 + $17}' "/proc/$$/stat"; }
ticks_per_second=$(getconf CLK_TCK)

# Waits until other processes have used under a tenth of a core for 3 s (this script runs nothing
# meanwhile), at most $wait_quiet seconds.
quiet() {
  local waited=0 before after
  while [ "$waited" -lt "$wait_quiet" ]; do
    before=$(busy_ticks); sleep 3; after=$(busy_ticks)
    if [ $((after - before)) -lt $((3 * ticks_per_second / 10)) ]; then return; fi
    waited=$((waited + 3))
  done
  [ "$wait_quiet" -eq 0 ] || echo "run.sh: the machine did not become quiet within $wait_quiet s; going on"
}

busy_start=$(busy_ticks)
own_start=$(own_ticks)
seconds_start=$(date +%s)
{
  echo "mode=$mode"
  echo "jmh.options=${jmh_options[*]}"
  echo "started=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "loadavg.before=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
  echo "cpu.model=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n 1)"
  echo "cpu.cores=$(nproc)"
  echo "cpu.flags=$(grep -m 1 -E '^(flags|Features)' /proc/cpuinfo 2>/dev/null | cut -d: -f2 | xargs)"
  echo "memory=$(free -h 2>/dev/null | awk '/^Mem:/ {print $2}')"
  echo "os=$(uname -sr)"
  echo "jdk=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.vm.name = //p') $("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.runtime.version = //p')"
} > "$results/run.properties"

# JVM options of the host JVMs; JMH's forks inherit them and add each class's own (@Fork).
host_options=(--sun-misc-unsafe-memory-access=allow -Duser.language=en -Duser.country=US)
# Extra options for every JVM, e.g. -Dpanamax.cuda.lib.cudart=... to point the CUDA run at other libraries.
read -r -a extra_options <<< "${BENCH_JVM_OPTIONS:-}"
host_options+=("${extra_options[@]}")
panamax_options=(--add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Dpanamax.cpu.threads=2)
torch_options=(--enable-native-access=ALL-UNNAMED -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=2)

# run LABEL CLASSPATH PROBE-CLASS CLASS-REGEX [ENV...] -- [PROBE JVM OPTIONS...]
# Runs the probe, then JMH once per benchmark class (a quiet machine awaited before each), writing
# LABEL.properties and LABEL.<Class>.json into the results folder.
run() {
  local label=$1 cp=$2 probe=$3 include="$4[A-Za-z]*\.($methods)\$"
  shift 4
  local environment=()
  while [ $# -gt 0 ] && [ "$1" != -- ]; do environment+=("$1"); shift; done
  shift
  echo "run.sh: $label"
  quiet
  env "${environment[@]}" "$java" "${host_options[@]}" "$@" -cp "$cp" "$probe" "$results/$label.properties" \
    > "$results/$label.probe.log" 2>&1 || echo "run.sh: $label probe failed, see $results/$label.probe.log" >&2
  local classes
  classes=$(env "${environment[@]}" "$java" "${host_options[@]}" -cp "$cp" org.openjdk.jmh.Main -l "$include" \
    | sed -n 's/^ *\(dev\.panamax\.[A-Za-z0-9_.]*\)\.[A-Za-z0-9_]*$/\1/p' | sort -u)
  for class in $classes; do
    quiet
    env "${environment[@]}" "$java" "${host_options[@]}" -cp "$cp" org.openjdk.jmh.Main "^${class//./\\.}\.($methods)\$" \
      "${jmh_options[@]}" -prof dev.panamax.bench.InterferenceProfiler \
      -rf json -rff "$results/$label.${class##*.}.json" 2>&1 | tee -a "$results/$label.log" \
      | grep -E '^# (Benchmark|Parameters):|^Result|<failure>|^\[' || true
  done
  if grep -q '<failure>' "$results/$label.log"; then
    echo "run.sh: some $label benchmarks failed, see $results/$label.log" >&2
  fi
}

if wants panamax; then
  run panamax "$classpath" dev.panamax.bench.PanamaxProbe '^dev\.panamax\.bench\.(Panamax|MemoryCopy)' \
    -- "${panamax_options[@]}"
fi
if wants panamax-cuda; then
  if "$java" "${host_options[@]}" "${panamax_options[@]}" -cp "$classpath" dev.panamax.bench.CudaProbe \
      "$results/panamax-cuda.properties" > "$results/panamax-cuda.probe.log" 2>&1; then
    run panamax-cuda "$classpath" dev.panamax.bench.CudaProbe '^dev\.panamax\.bench\.Cuda' -- "${panamax_options[@]}"
    if [[ cublasSgemm =~ ^($methods)$ ]]; then
      nsys=$(command -v nsys || true)
      [ -n "$nsys" ] || echo "run.sh: nsys (NVIDIA Nsight Systems) not found: cuBLAS is timed with CUDA events only"
      for n in 256 512 1024 2048 4096; do
        quiet
        "$java" "${host_options[@]}" "${panamax_options[@]}" -cp "$classpath" dev.panamax.bench.CudaSgemmTimer \
          "$results/panamax-cuda.sgemm.properties" "$n" 20 >> "$results/panamax-cuda.timer.log" 2>&1 \
          || echo "run.sh: CudaSgemmTimer $n failed, see $results/panamax-cuda.timer.log" >&2
        if [ -n "$nsys" ]; then
          { "$nsys" profile --trace=cuda --force-overwrite=true --output="$results/nsys-sgemm-$n" \
              "$java" "${host_options[@]}" "${panamax_options[@]}" -cp "$classpath" dev.panamax.bench.CudaSgemmTimer \
              "$results/nsys-timer.properties" "$n" 20 \
            && "$nsys" stats --force-export=true --report cuda_gpu_kern_sum --format csv \
              --output "$results/nsys-sgemm-$n" "$results/nsys-sgemm-$n.nsys-rep"; } >> "$results/nsys.log" 2>&1 \
            || echo "run.sh: nsys for N=$n failed, see $results/nsys.log" >&2
        fi
      done
    fi
  else
    echo "run.sh: panamax-cuda left out: $(sed -n 's/^unavailable=//p' "$results/panamax-cuda.properties" 2>/dev/null)"
  fi
fi
if wants openblas; then
  run openblas "$baseline_classpath" dev.panamax.bench.openblas.OpenBlasProbe '\.openblas\.OpenBlas' \
    -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE -- --enable-native-access=ALL-UNNAMED
fi
if wants openblas-haswell; then
  run openblas-haswell "$baseline_classpath" dev.panamax.bench.openblas.OpenBlasProbe '\.openblas\.OpenBlas' \
    OPENBLAS_CORETYPE=Haswell -- --enable-native-access=ALL-UNNAMED
fi
if wants pytorch; then
  run pytorch "$baseline_classpath" dev.panamax.bench.pytorch.TorchProbe '\.pytorch\.Torch' \
    OMP_NUM_THREADS=2 ${jemalloc:+LD_PRELOAD=$jemalloc MALLOC_CONF=oversize_threshold:0} -- "${torch_options[@]}"
fi
if wants pytorch-python; then
  python=${PYTHON:-python3}
  loops=()
  for m in cubic quadratic twoLayer mnistEpoch; do
    if [[ $m =~ ^($methods)$ ]]; then loops+=("$m"); fi
  done
  if ! "$python" -c 'import torch' > /dev/null 2>&1; then
    echo "run.sh: pytorch-python left out: $python cannot import torch"
  elif [ ${#loops[@]} -gt 0 ]; then
    echo "run.sh: pytorch-python"
    if [ "$mode" = quick ]; then python_options=(--warmup 2 --iterations 5); else python_options=(--warmup 5 --iterations 10); fi
    quiet
    OMP_NUM_THREADS=2 "$python" bench/python/torch_loops.py "$results/pytorch-python.TorchLoops.json" \
      --properties "$results/pytorch-python.properties" --threads 2 "${python_options[@]}" \
      --only "$(IFS=,; echo "${loops[*]}")" 2>&1 | tee -a "$results/pytorch-python.log" \
      || echo "run.sh: pytorch-python failed, see $results/pytorch-python.log" >&2
  fi
fi
if wants nd4j; then
  run nd4j "$nd4j_classpath" dev.panamax.bench.nd4j.Nd4jProbe '\.nd4j\.Nd4j' \
    OMP_NUM_THREADS=2 OPENBLAS_CORETYPE=Haswell -- --enable-native-access=ALL-UNNAMED
fi

busy=$(($(busy_ticks) - busy_start))
own=$(($(own_ticks) - own_start))
elapsed=$(($(date +%s) - seconds_start))
{
  echo "finished=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "loadavg.after=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
  echo "elapsed.seconds=$elapsed"
  echo "cpu.seconds.run=$((own / ticks_per_second))"
  echo "cpu.seconds.others=$(( (busy > own ? busy - own : 0) / ticks_per_second ))"
} >> "$results/run.properties"

"$java" -cp "$classpath" dev.panamax.bench.Report "$results" "$out"
