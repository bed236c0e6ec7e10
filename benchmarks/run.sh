#!/usr/bin/env bash
# Runs simdnn's JMH suites and writes a report: benchmarks/results/<date>-<mode>/
#   jmh.json, jmh.log, peakflops.txt (if measured), environment.properties, report.md, *.png
#
# usage: benchmarks/run.sh smoke|quick|full [JMH arguments: options replace the mode's, e.g. -f 2 or
#        -p size=2048; benchmark patterns are added to the mode's]
#   smoke  proves the suite runs (CI): a few benchmarks at small sizes, one short iteration; ~1 min.
#   quick  the headline numbers in about 5 minutes: sgemm NN 1024 and 256 and the MLP's GEMMs (1 and 2
#          threads), the baselines at NN 256, sigmoid and bias add beside their scalar versions, the MLP's
#          forward + backward and full SGD step at batch 128, a whole SGD epoch on MNIST-sized data (bytes and
#          floats), its single-sample inference latency, and the packed matrix-vector product beside sgemm with
#          n = 1.
#   full   every benchmark in the jar with its default parameters (about an hour).
#
# On a shared machine hold the build lock for the whole run, so no build competes with the measurement:
#   flock /tmp/simdnn-build.lock bash benchmarks/run.sh quick
# (run.sh does not take the lock itself: a caller such as a CI script may already hold it.)
#
# Environment: JAVA_HOME (used if it is a JDK >= 25, else the newest JDK >= 25 under /usr/lib/jvm);
# SIMDNN_BENCH_BUILD=auto|always|never (auto: build the jar if it is missing or older than a source or pom);
# SIMDNN_COMMIT names the code measured when the tree is not a git checkout (e.g. an exported copy).
set -euo pipefail

MIN_JDK=25
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JAR="$ROOT/benchmarks/target/benchmarks.jar"
PEAK_SRC="$ROOT/../shared/tools/peakflops.c"

usage() {
    # The comment block at the top of this file, up to the first line that is not a comment.
    awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}" >&2
    exit 2
}

MODE=${1:-}
[ $# -gt 0 ] && shift
case "$MODE" in
    smoke | quick | full) ;;
    *) usage ;;
esac

# --- a JDK >= 25 -------------------------------------------------------------------------------------------
feature_version() { # the feature version (25, 17, ...) of the JDK at $1, or 0
    local v
    v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n 1)
    case "$v" in
        1.*) echo 0 ;;
        [0-9]*) echo "${v%%.*}" ;;
        *) echo 0 ;;
    esac
}

find_jdk() {
    if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ "$(feature_version "$JAVA_HOME")" -ge "$MIN_JDK" ]; then
        echo "$JAVA_HOME"
        return
    fi
    local best="" best_version=0 dir version
    for dir in /usr/lib/jvm/*; do
        [ -x "$dir/bin/java" ] || continue
        version=$(feature_version "$dir")
        if [ "$version" -ge "$MIN_JDK" ] && [ "$version" -gt "$best_version" ]; then
            best=$dir
            best_version=$version
        fi
    done
    echo "$best"
}

JDK=$(find_jdk)
if [ -z "$JDK" ]; then
    echo "run.sh: no JDK >= $MIN_JDK found (JAVA_HOME=${JAVA_HOME:-unset}, /usr/lib/jvm/*)" >&2
    exit 1
fi
JAVA="$JDK/bin/java"
echo "== JDK: $JDK"

# --- the benchmark jar -------------------------------------------------------------------------------------
stale_source() { # prints one source or pom newer than the jar, if any
    find "$ROOT/pom.xml" "$ROOT"/*/pom.xml "$ROOT"/*/src/main -newer "$JAR" -type f -print -quit 2>/dev/null
}

BUILD=${SIMDNN_BENCH_BUILD:-auto}
if [ "$BUILD" = always ] || { [ "$BUILD" = auto ] && { [ ! -f "$JAR" ] || [ -n "$(stale_source)" ]; }; }; then
    echo "== building $JAR"
    (cd "$ROOT" && mvn -B -ntp -q -pl benchmarks -am package -DskipTests)
fi
if [ ! -f "$JAR" ]; then
    echo "run.sh: $JAR is missing (SIMDNN_BENCH_BUILD=$BUILD)" >&2
    exit 1
fi

# --- where the results go ----------------------------------------------------------------------------------
RESULTS="$ROOT/benchmarks/results/$(date +%Y-%m-%d)-$MODE"
if [ -e "$RESULTS" ]; then
    n=2
    while [ -e "$RESULTS-$n" ]; do n=$((n + 1)); done
    RESULTS="$RESULTS-$n"
fi
mkdir -p "$RESULTS"
echo "== results: $RESULTS"

# --- what to run -------------------------------------------------------------------------------------------
# JMH applies -p name=values to every selected benchmark that has the parameter; each suite names its own.
MLP_GEMMS="NN:256x784x128,NN:10x256x128,NT:10x128x256,NT:256x128x784,TN:256x10x128,TN:784x256x128"
case "$MODE" in
    smoke)
        # Proves that every suite starts, verifies and reports; the numbers mean nothing.
        PEAK_REPS=1
        JMH_ARGS=('GemmBenchmark\.sgemm' 'GemmBaselineBenchmark\.' 'ElementwiseBenchmark\.(sigmoid|addColumn)'
            'NetworkBenchmark\.' 'InferenceLatencyBenchmark\.' 'GemvBenchmark\.' 'TrainerEpochBenchmark\.'
            'TrainingBenchmark\.' 'LayerBenchmark\.'
            -p problem=NT:63 -p threads=1,2 -p baselineProblem=NT:63 -p size=2048 -p batch=32 -p latencyBatch=1 -p shape=10x256
            -p samples=512 -p warmUpSeconds=0 -p optimizer=sgd
            -f 1 -wi 1 -w 100ms -i 1 -r 200ms)
        ;;
    quick)
        # One fork, 2 x 1 s warm-up (enough for C2 to compile the Vector API kernels at these sizes), 3 x 1 s
        # measured; the report shows the spread of those 3 iterations.
        PEAK_REPS=3
        JMH_ARGS=('GemmBenchmark\.sgemm' 'GemmBaselineBenchmark\.' 'ElementwiseBenchmark\.(sigmoid|addColumn)'
            'NetworkBenchmark\.forwardBackward' 'TrainingBenchmark\.step' 'TrainerEpochBenchmark\.' 'InferenceLatencyBenchmark\.'
            'GemvBenchmark\.' -p "problem=NN:1024,NN:256,$MLP_GEMMS" -p threads=1,2 -p baselineProblem=NN:256 -p optimizer=sgd
            -p size=65536,16777216 -p batch=128 -p latencyBatch=1 -p shape=256x784
            -f 1 -wi 2 -w 1s -i 3 -r 1s)
        ;;
    full)
        # Everything with the defaults written in the benchmark classes (forks, warm-up, parameters).
        PEAK_REPS=3
        JMH_ARGS=()
        ;;
esac

# Options given on the command line replace the mode's (JMH rejects a repeated option such as -f, and would
# run both value lists of a repeated -p); benchmark patterns given there are added to the mode's.
declare -A overridden=()
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
    case "${args[i]}" in
        -p) overridden["-p ${args[i + 1]%%=*}"]=1 ;;
        -*) overridden["${args[i]}"]=1 ;;
    esac
done
mode_args=()
for ((i = 0; i < ${#JMH_ARGS[@]}; i++)); do
    token=${JMH_ARGS[i]}
    case "$token" in
        -p) key="-p ${JMH_ARGS[i + 1]%%=*}" ;;
        -*) key=$token ;;
        *) mode_args+=("$token"); continue ;;
    esac
    # Every option the modes use takes one value.
    if [ -z "${overridden[$key]:-}" ]; then
        mode_args+=("$token" "${JMH_ARGS[i + 1]}")
    fi
    i=$((i + 1))
done
JMH_ARGS=("${mode_args[@]}")

# --- the environment ---------------------------------------------------------------------------------------
cpu=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n 1)
cores_per_socket=$(lscpu 2>/dev/null | sed -n 's/^Core(s) per socket: *//p' | head -n 1)
sockets=$(lscpu 2>/dev/null | sed -n 's/^Socket(s): *//p' | head -n 1)
threads_per_core=$(lscpu 2>/dev/null | sed -n 's/^Thread(s) per core: *//p' | head -n 1)
if commit=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null); then
    if [ -n "$(git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null)" ]; then
        commit="$commit (work tree has uncommitted changes)"
    fi
else
    commit=${SIMDNN_COMMIT:-unknown (not a git checkout)}
fi
{
    echo "date=$(date '+%Y-%m-%d %H:%M:%S %Z')"
    echo "mode=$MODE"
    echo "cpu=${cpu:-unknown}"
    echo "cores=$(nproc) CPUs online (${sockets:-?} socket(s) x ${cores_per_socket:-?} core(s) x ${threads_per_core:-?} thread(s))"
    echo "commit=$commit"
    echo "jmh=${JMH_ARGS[*]} $*"
} >"$RESULTS/environment.properties"

# --- the machine's peak, in this session -------------------------------------------------------------------
if command -v gcc >/dev/null 2>&1 && [ -f "$PEAK_SRC" ]; then
    echo "== measuring the machine peak (peakflops.c, $PEAK_REPS repetition(s))"
    peak_dir=$(mktemp -d)
    if gcc -O3 -ffast-math -mavx512f -mavx512vl -mfma -fopenmp "$PEAK_SRC" -o "$peak_dir/peak" 2>"$peak_dir/gcc.log" \
        && OMP_NUM_THREADS=2 "$peak_dir/peak" "$PEAK_REPS" >"$RESULTS/peakflops.txt" 2>&1; then
        cat "$RESULTS/peakflops.txt"
    elif ! grep -qw avx512f /proc/cpuinfo 2>/dev/null; then
        echo "warning: this CPU has no AVX-512, which peakflops.c needs; the report has no % of peak (a 256-bit" >&2
        echo "         build of it can be passed later: ReportMain --results DIR --peak FILE)" >&2
        rm -f "$RESULTS/peakflops.txt"
    else
        echo "warning: peakflops could not be built or run; the report has no % of peak" >&2
        cat "$peak_dir/gcc.log" >&2 || true
        rm -f "$RESULTS/peakflops.txt"
    fi
    rm -rf "$peak_dir"
else
    echo "== no gcc or no $PEAK_SRC: skipping the peak measurement"
fi

# --- JMH -----------------------------------------------------------------------------------------------
echo "== JMH: ${JMH_ARGS[*]} $*"
start=$(date +%s)
set +e
"$JAVA" --add-modules=jdk.incubator.vector -jar "$JAR" "${JMH_ARGS[@]}" "$@" \
    -foe true -rf json -rff "$RESULTS/jmh.json" 2>&1 | tee "$RESULTS/jmh.log"
jmh_status=${PIPESTATUS[0]}
set -e
echo "== JMH finished in $(($(date +%s) - start)) s with status $jmh_status"
if [ "$jmh_status" -ne 0 ] || [ ! -s "$RESULTS/jmh.json" ]; then
    echo "run.sh: JMH failed (status $jmh_status); see $RESULTS/jmh.log" >&2
    exit 1
fi

# --- the report ------------------------------------------------------------------------------------------
"$JAVA" --add-modules=jdk.incubator.vector -Djava.awt.headless=true -cp "$JAR" \
    io.github.simdnn.benchmarks.report.ReportMain --results "$RESULTS"
echo
cat "$RESULTS/report.md"
