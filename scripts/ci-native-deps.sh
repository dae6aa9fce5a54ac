#!/usr/bin/env bash
# Installs what the native tests need (scripts/test-native.sh, scripts/test-arm64.sh,
# scripts/test-ct.sh, scripts/fuzz.sh): cmake, the aarch64 cross compilers,
# qemu-user, valgrind (memcheck.h comes with Debian's valgrind package) and
# clang with its libFuzzer/sanitizer runtimes. Idempotent: when every tool is
# already there it returns at once without touching apt.
set -euo pipefail

need=()
command -v cmake >/dev/null 2>&1 || need+=(cmake)
command -v make >/dev/null 2>&1 || need+=(make)
command -v aarch64-linux-gnu-gcc >/dev/null 2>&1 || need+=(gcc-aarch64-linux-gnu)
command -v aarch64-linux-gnu-g++ >/dev/null 2>&1 || need+=(g++-aarch64-linux-gnu)
command -v qemu-aarch64 >/dev/null 2>&1 || need+=(qemu-user)
{ command -v valgrind >/dev/null 2>&1 && [ -f /usr/include/valgrind/memcheck.h ]; } || need+=(valgrind)
# libFuzzer (-fsanitize=fuzzer) needs clang and its runtime archives, which
# Debian ships apart from the compiler.
command -v clang >/dev/null 2>&1 || need+=(clang)
dpkg -s libclang-rt-14-dev >/dev/null 2>&1 || need+=(libclang-rt-14-dev)
# dpkg -x is used to unpack Debian's arm64 nodejs for the addon smoke test.
command -v dpkg >/dev/null 2>&1 || { echo "ci-native-deps: dpkg not found (Debian/Ubuntu expected)" >&2; exit 1; }

if [ ${#need[@]} -eq 0 ]; then
  echo "ci-native-deps: cmake, aarch64 cross compilers, qemu-user, valgrind and clang/libFuzzer already installed"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "ci-native-deps: installing ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
echo "ci-native-deps: done"
