#!/usr/bin/env bash
# npm run test:native
#
# Builds the C core and the native test runner with CMake under
# AddressSanitizer + UndefinedBehaviorSanitizer and runs it on this machine:
# every vector file in test/vectors/ against every backend the CPU supports,
# then the differential test of each backend against soft. Any failure, any
# sanitizer report, or a backend the CPU claims but the run did not exercise
# makes it exit non-zero.
#
# Extra arguments go to the runner (e.g. --seed 42, --long, --verbose);
# HWC_TEST_SEED and HWCRYPT_BACKEND are honoured. Before the run,
# scripts/check-isa.sh checks the objects of this build and of the addon
# (build/Release, when built) for ISA instructions outside the kernels. HWC_NATIVE_BUILD overrides
# the build directory (default build-native/host-asan, gitignored).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=${HWC_NATIVE_BUILD:-$ROOT/build-native/host-asan}

if ! command -v cmake >/dev/null 2>&1; then
  echo "test-native: cmake not found; run scripts/ci-native-deps.sh" >&2
  exit 2
fi
JOBS=$(nproc 2>/dev/null || echo 2)

echo "== configure + build (ASan + UBSan) in $BUILD"
cmake -S native -B "$BUILD" -DHWC_SANITIZE=ON -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$BUILD" -j "$JOBS" 2>&1 | grep -Ev '^\[ *[0-9]+%\]|^gmake|^make' || true
test -x "$BUILD/hwc_test_runner" || { echo "test-native: build failed" >&2; exit 1; }

# Portable code and backend getters free of ISA instructions, kernels
# present: in this build and in the addon's objects (node-gyp, -O3) if built.
echo "== ISA check (scripts/check-isa.sh)"
isa_dirs=("$BUILD")
[ -d "$ROOT/build/Release/obj.target" ] && isa_dirs+=("$ROOT/build/Release/obj.target")
bash "$ROOT/scripts/check-isa.sh" "${isa_dirs[@]}"

# halt_on_error/abort: a sanitizer finding ends the run with a non-zero status.
export ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:abort_on_error=1:detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}

echo "== run"
"$BUILD/hwc_test_runner" --vectors "$ROOT/test/vectors" "$@"
