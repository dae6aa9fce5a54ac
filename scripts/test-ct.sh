#!/usr/bin/env bash
# npm run test:ct
#
# The constant-time check of the C core (docs/security.md):
#  1. valgrind secret taint (native/ct/ct_taint.c): keys, plaintexts,
#     ciphertexts, AAD, tags and hash/HMAC inputs (and the GCM-SIV and AEGIS
#     nonces) are marked undefined for memcheck, which then reports every
#     branch or memory address derived from them; GCM-SIV and every AEGIS
#     alg the soft backend supports run on each AES backend listed, failed
#     opens included. Backends valgrind 3.19 can execute: AES soft and aesni,
#     SHA-1/256 soft, SHA-512 soft and avx2. Built twice, gcc -O3 and
#     clang -O2 (HWC_CT_FULL=1 adds gcc -O2 and clang -O3), because the
#     compiler decides whether a select stays a select or becomes a branch.
#     Zero reports are allowed.
#  2. a stack-residue check (native/ct/ct_stack.c) of the backends that
#     zero their dead stack frames: soft AES (with GCM-SIV and AEGIS on
#     it) and SHA, avx2 SHA-512.
#  3. a dudect-style timing test (native/ct/ct_dudect.c) for what valgrind
#     cannot run: vaes256, vaes512 (GCM with secret J0, CTR, CMAC, ECB,
#     CBC, XTS, CCM), vaes512 GCM-SIV (key + nonce + data), vaes512
#     AEGIS-128X4 (once the X kernels are in the build) and shani (SHA-1,
#     SHA-256), plus aesni (GCM, AEGIS-128L) as controls. Fails when
#     Welch's |t| between fixed and random secret inputs exceeds the
#     threshold.
#
# Environment: HWC_CT_BUILD (default build-ct), HWC_CT_FULL=1 (four
# compiler configurations), HWC_CT_QUICK=1 (fewer taint cases),
# HWC_CT_ORIGINS=1 (valgrind --track-origins, slower, for debugging),
# HWC_CT_DUDECT_ARGS (extra arguments for the timing test).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=${HWC_CT_BUILD:-$ROOT/build-ct}
JOBS=$(nproc 2>/dev/null || echo 2)

for t in cmake valgrind gcc; do
  command -v "$t" >/dev/null 2>&1 || { echo "test-ct: $t not found; run scripts/ci-native-deps.sh" >&2; exit 2; }
done
if [ ! -f /usr/include/valgrind/memcheck.h ]; then
  echo "test-ct: /usr/include/valgrind/memcheck.h missing (Debian: package valgrind)" >&2
  exit 2
fi

configs=("gcc -O3")
if command -v clang >/dev/null 2>&1; then
  configs+=("clang -O2")
elif [ -n "${CI:-}" ]; then
  echo "test-ct: clang not found (CI needs it; scripts/ci-native-deps.sh installs it)" >&2
  exit 2
else
  echo "test-ct: clang not found, testing the gcc build only"
fi
if [ -n "${HWC_CT_FULL:-}" ]; then
  configs+=("gcc -O2")
  command -v clang >/dev/null 2>&1 && configs+=("clang -O3")
fi

# Backends per family that valgrind can execute and this CPU has.
arch=$(uname -m)
flags=$(grep -m1 '^flags' /proc/cpuinfo 2>/dev/null || true)
has() { [[ " $flags " == *" $1 "* ]]; }
aes="soft"
sha512="soft"
many="soft" # hash_many backends (lane kernels valgrind can run: AVX2)
if [ "$arch" = x86_64 ]; then
  has aes && has pclmulqdq && has ssse3 && has sse4_1 && aes="soft,aesni"
  has avx2 && has bmi2 && sha512="soft,avx2"
  has avx2 && many="avx2x8,soft"
fi
taint_args=("aes=$aes" "sha1=soft" "sha256=soft" "sha512=$sha512" "many=$many")
# the backends that zero their dead stack frames (docs/security.md)
stack_args=("aes=soft" "sha1=soft" "sha256=soft" "sha512=$sha512" "many=avx512x16,avx2x8,shanix4,shanix2,avx512x8,soft") # many: unlisted names are skipped
[ -n "${HWC_CT_QUICK:-}" ] && taint_args+=(--quick)

vg=(valgrind -q --tool=memcheck --error-limit=no --error-exitcode=1 --leak-check=no
  --num-callers=12)
[ -n "${HWC_CT_ORIGINS:-}" ] && vg+=(--track-origins=yes)

status=0
summary=()
build() { # build NAME CC OPT
  local dir=$OUT/$1 cc=$2 opt=$3 dbg="-g"
  # valgrind 3.19 reads DWARF 4, not clang 14+'s default DWARF 5.
  [ "$cc" = clang ] && dbg="-g -gdwarf-4"
  cmake -S native -B "$dir" -DCMAKE_BUILD_TYPE=Release -DCMAKE_C_COMPILER="$cc" \
    -DHWC_OPT_LEVEL="$opt" -DCMAKE_C_FLAGS="$dbg" -DHWC_BUILD_CT=ON -DHWC_BUILD_TESTS=OFF >/dev/null
  nice cmake --build "$dir" -j "$JOBS" 2>&1 | grep -Ev '^\[ *[0-9]+%\]|^gmake|^make' || true
  test -x "$dir/hwc_ct_taint" && test -x "$dir/hwc_ct_dudect" && test -x "$dir/hwc_ct_stack"
}

for cfg in "${configs[@]}"; do
  read -r cc opt <<<"$cfg"
  name="$cc$opt"
  printf '\n== valgrind taint, %s %s: %s\n' "$cc" "$opt" "${taint_args[*]}"
  if ! build "$name" "$cc" "$opt"; then
    summary+=("FAILED  build $cc $opt")
    status=1
    continue
  fi
  # the clang build is the one place the clang side of HWC_TARGET_BEGIN
  # (attribute push) is checked on the objects
  if bash "$ROOT/scripts/check-isa.sh" "$OUT/$name"; then
    summary+=("ok      ISA check $cc $opt")
  else
    summary+=("FAILED  ISA check $cc $opt (scripts/check-isa.sh)")
    status=1
  fi
  t0=$SECONDS
  log=$OUT/$name/taint.log
  set +e
  "${vg[@]}" "$OUT/$name/hwc_ct_taint" "${taint_args[@]}" >"$log" 2>&1
  rc=$?
  set -e
  grep -E '^ct: (FAIL|FUNCTIONAL)' "$log" | head -40 || true
  if [ $rc -ne 0 ]; then
    # the first reports, with their stacks, for the CI log
    grep -v '^ct:' "$log" | head -80 || true
  fi
  last=$(grep -E '^ct: [0-9]+ cases' "$log" | tail -1)
  echo "${last:-no summary (crashed?)} [$((SECONDS - t0)) s, full log $log]"
  if [ $rc -eq 0 ]; then
    summary+=("ok      taint $cc $opt: ${last#ct: }")
  else
    summary+=("FAILED  taint $cc $opt: ${last#ct: } (exit $rc)")
    status=1
  fi

  # Stack residue (native, not under valgrind): the backends whose
  # entry points burn their stack (docs/security.md) must leave no key
  # words, keystream or message schedule behind.
  printf '\n== stack residue, %s %s: %s\n' "$cc" "$opt" "${stack_args[*]}"
  set +e
  "$OUT/$name/hwc_ct_stack" "${stack_args[@]}" >"$OUT/$name/stack.log" 2>&1
  rc=$?
  set -e
  grep -v '^  ok' "$OUT/$name/stack.log" || true
  last=$(tail -1 "$OUT/$name/stack.log")
  if [ $rc -eq 0 ]; then
    summary+=("ok      stack $cc $opt: ${last#stack residue: }")
  else
    summary+=("FAILED  stack $cc $opt: ${last#stack residue: } (exit $rc)")
    status=1
  fi
done

# --- timing test of the backends valgrind cannot run ---------------------
dd=("${configs[0]}")
read -r cc opt <<<"${dd[0]}"
DUDECT=$OUT/$cc$opt/hwc_ct_dudect
if [ -x "$DUDECT" ]; then
  printf '\n== dudect timing test (%s %s build)\n' "$cc" "$opt"
  t0=$SECONDS
  set +e
  # shellcheck disable=SC2086
  nice -n 0 "$DUDECT" ${HWC_CT_DUDECT_ARGS:-}
  rc=$?
  set -e
  if [ $rc -eq 0 ]; then
    summary+=("ok      dudect ($((SECONDS - t0)) s)")
  else
    summary+=("FAILED  dudect (exit $rc)")
    status=1
  fi
fi

printf '\n== constant-time summary\n'
for s in "${summary[@]}"; do echo "  $s"; done
exit $status
