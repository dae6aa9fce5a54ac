#!/usr/bin/env bash
# npm run fuzz
#
# Builds the libFuzzer differential targets of the C core (native/fuzz/,
# clang with ASan + UBSan) and runs each of them for its share of a fixed
# total time, starting from the committed seed corpus
# native/fuzz/corpus/<target>/ (and native/fuzz/regressions/<target>/, the
# inputs of fixed bugs, when present). New inputs go to a temporary working corpus
# that is deleted afterwards: the committed corpus never grows here. Prints
# the executions per target; exits non-zero if any target crashed (a
# mismatch between backends, a sanitizer report, a leak, a timeout), after
# running the others. The crashing input is kept under
# build-native/fuzz/artifacts/<target>/ and reproduces with
#   build-native/fuzz/hwc_fuzz_<target> <crash file>
#
# Environment:
#   HWC_FUZZ_SECONDS  total run time in seconds, split evenly (default 60)
#   HWC_FUZZ_TARGETS  which targets, space-separated (default "gcm ctr sha hmac kdf cmac ecb cbc
#                     xts ccm gcm_siv aegis hash_many")
#   HWC_FUZZ_MAX_LEN  libFuzzer -max_len (default 4096)
#   HWC_FUZZ_ARGS     extra libFuzzer flags, e.g. "-seed=1"
#   HWC_FUZZ_BUILD    build directory (default build-native/fuzz, gitignored)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=${HWC_FUZZ_BUILD:-$ROOT/build-native/fuzz}
TARGETS=${HWC_FUZZ_TARGETS:-gcm ctr sha hmac kdf cmac ecb cbc xts ccm gcm_siv aegis hash_many}
TOTAL=${HWC_FUZZ_SECONDS:-60}
MAX_LEN=${HWC_FUZZ_MAX_LEN:-4096}

for tool in cmake clang; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "fuzz: $tool not found; run scripts/ci-native-deps.sh" >&2
    exit 2
  fi
done
read -r -a targets <<<"$TARGETS"
n=${#targets[@]}
[ "$n" -gt 0 ] || { echo "fuzz: no targets" >&2; exit 2; }
per=$((TOTAL / n))
[ "$per" -ge 1 ] || per=1
JOBS=$(nproc 2>/dev/null || echo 2)

echo "== configure + build (clang, libFuzzer + ASan + UBSan) in $BUILD"
cmake -S native -B "$BUILD" -DHWC_FUZZ=ON -DHWC_BUILD_TESTS=OFF -DCMAKE_C_COMPILER=clang \
  -DCMAKE_BUILD_TYPE=Release >/dev/null
targets_cmake=()
for t in "${targets[@]}"; do targets_cmake+=(--target "hwc_fuzz_$t"); done
cmake --build "$BUILD" -j "$JOBS" "${targets_cmake[@]}" 2>&1 | grep -Ev '^\[ *[0-9]+%\]|^gmake|^make' || true
for t in "${targets[@]}"; do
  test -x "$BUILD/hwc_fuzz_$t" || { echo "fuzz: build of hwc_fuzz_$t failed" >&2; exit 1; }
done
# clang objects: no ISA instruction outside the kernels (scripts/check-isa.sh)
bash "$ROOT/scripts/check-isa.sh" "$BUILD"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/hwc-fuzz.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
# A leak or a sanitizer report is a crash like a mismatch.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}

failed=()
summary=()
for t in "${targets[@]}"; do
  seeds="$ROOT/native/fuzz/corpus/$t"
  # inputs that once failed (native/fuzz/regressions/<target>/) run first
  regress=()
  [ -d "$ROOT/native/fuzz/regressions/$t" ] && regress=("$ROOT/native/fuzz/regressions/$t")
  art="$BUILD/artifacts/$t"
  mkdir -p "$WORK/$t" "$art"
  log="$WORK/$t.log"
  echo "== fuzz $t: ${per} s, seeds $(ls "$seeds" | wc -l) files in native/fuzz/corpus/$t"
  set +e
  # shellcheck disable=SC2086 # HWC_FUZZ_ARGS is a list of flags
  "$BUILD/hwc_fuzz_$t" -max_total_time="$per" -max_len="$MAX_LEN" -print_final_stats=1 \
    -artifact_prefix="$art/" ${HWC_FUZZ_ARGS:-} "$WORK/$t" "$seeds" "${regress[@]}" >"$log" 2>&1
  rc=$?
  set -e
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
  grep -E '^hwc_fuzz_' "$log" | sed 's/^/   /' || true
  if [ "$rc" -ne 0 ]; then
    failed+=("$t")
    echo "!! $t FAILED (exit $rc); last lines of its log:"
    tail -n 40 "$log" | sed 's/^/   /'
    crash=$(ls -t "$art" 2>/dev/null | head -n 1 || true)
    [ -n "$crash" ] && echo "   reproduce: $BUILD/hwc_fuzz_$t $art/$crash"
    summary+=("$(printf '%-7s FAILED  executions %s' "$t" "${execs:-?}")")
  else
    summary+=("$(printf '%-7s ok      executions %-10s (%s/s), %s new inputs over %s seeds' "$t" \
      "${execs:-?}" "${rate:-?}" "$(ls "$WORK/$t" | wc -l)" "$(ls "$seeds" | wc -l)")")
  fi
done

echo "== fuzz summary (${per} s per target, -max_len=$MAX_LEN)"
printf '   %s\n' "${summary[@]}"
if [ ${#failed[@]} -ne 0 ]; then
  echo "fuzz: ${#failed[@]} target(s) failed: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz: all targets ok"
