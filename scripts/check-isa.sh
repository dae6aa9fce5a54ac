#!/usr/bin/env bash
# scripts/check-isa.sh DIR|OBJ...
#
# Proves on the compiled objects that the addon loads and dispatches on any
# CPU of its architecture. Every file is built with the same flags; an
# ISA-specific file (name *_x86_*.c or *_arm64_*.c) enables its instructions
# for its kernels only (HWC_TARGET_BEGIN/END, native/include/hwcrypt_target.h).
# What could go wrong, and what is checked against it:
#
#  1. A portable object (dispatch, modes, soft backends, cpu detection,
#     util, and the addon/test objects) contains an instruction beyond the
#     baseline (a stray global flag, a pragma left open in a header):
#     the whole object is scanned.
#  2. A getter (hwc_*_get, runs on every CPU to ask "is this backend
#     usable?") was written inside the region, or the region was not
#     closed: its own instructions are scanned, including any .cold part
#     the compiler split off.
#  3. A getter calls a helper of its file that carries the ISA (a CPU probe
#     moved into the region): every call or jump from a getter must stay
#     inside it or go to hwc_cpu (or sanitizer runtime).
#     Objects only show what the compiler happened to emit (a getter inside
#     an SSE4.1 region may well contain no SSE4.1 instruction today), so
#     the sources are checked too: in every ISA-specific file each region
#     is closed, and every getter definition comes after the last
#     HWC_TARGET_END; no portable file opens a region.
#  4. The opposite failure, kernels silently compiled out (guard false, so
#     the getter returns NULL and the CPU's fast path is lost): an ISA
#     object of the architecture it was built for must contain at least
#     one instruction of its set.
#
# "Beyond the baseline" is x86-64 SSE2: any VEX/EVEX instruction (mnemonic
# v*), ymm/zmm/mask registers, AES-NI, PCLMULQDQ, SHA, GFNI, SSSE3, SSE4.x,
# POPCNT/LZCNT, BMI1/2. arm64 ARMv8.0 without the crypto extension: AES,
# PMULL/PMULL2 on 64-bit lanes (.1q), SHA1/SHA256/SHA512, SHA3, SM3/SM4.
# DIR arguments are searched for *.o (CMake build trees, node-gyp's
# build/Release/obj.target). Exits non-zero on any finding.
set -euo pipefail

if [ $# -eq 0 ]; then
  echo "usage: check-isa.sh DIR|OBJECT..." >&2
  exit 2
fi

objs=()
for a in "$@"; do
  if [ -d "$a" ]; then
    while IFS= read -r f; do objs+=("$f"); done < <(find "$a" -name '*.o' | sort)
  elif [ -f "$a" ]; then
    objs+=("$a")
  fi
done
if [ ${#objs[@]} -eq 0 ]; then
  echo "check-isa: no object files in $*" >&2
  exit 2
fi

objdump_for() { # objdump_for OBJ -> "<objdump to use> <x64|arm64>" (GNU binutils)
  if objdump -f "$1" 2>/dev/null | grep -q 'file format elf64-x86-64'; then
    echo "objdump x64"
  elif command -v aarch64-linux-gnu-objdump >/dev/null 2>&1 &&
       aarch64-linux-gnu-objdump -f "$1" 2>/dev/null | grep -q 'file format elf64-littleaarch64'; then
    echo "aarch64-linux-gnu-objdump arm64"
  elif objdump -f "$1" 2>/dev/null | grep -q 'file format elf64-littleaarch64'; then
    echo "objdump arm64"
  else
    echo "none unknown"
  fi
}

# awk program: reads `objdump -dr` output. Prints one line per finding:
#   BAD <function> <mnemonic/operands>        (beyond-baseline instruction)
#   CALL <getter> <target>                    (getter leaves itself)
#   ISA <count>                               (instructions of the set, whole object)
# mode=portable: BAD for every function; mode=isa: BAD only in getters.
read -r -d '' AWK <<'EOF' || true
function isa_insn(m, ops) {
  if (arch == "x64") {
    if (m ~ /^v[a-z0-9]+$/ && m !~ /^ver[rw]$/) return 1
    if (ops ~ /%[yz]mm|%k[0-7]/) return 1
    if (m ~ /^(aes[a-z]*|pclmul[a-z]*|sha1[a-z0-9]*|sha256[a-z0-9]*|gf2p8[a-z0-9]*)$/) return 1
    if (m ~ /^(pshufb|palignr|phadd[a-z]*|phsub[a-z]*|pabs[bdw]|pmaddubsw|pmulhrsw|psign[bdw])$/) return 1
    if (m ~ /^(pblend[a-z]*|blendv?p[sd]|pinsr[bdq]|pextr[bdq]|ptest|pmov[sz]x[a-z]*|(pmin|pmax)(sb|sd|uw|ud)|pmulld|pmuldq|round[ps][sd]|dpp[sd]|insertps|extractps|packusdw|pcmpeqq|pcmpgtq|movntdqa|mpsadbw|phminposuw|pcmp[ei]str[im]|crc32[bwlq]?)$/) return 1
    if (m ~ /^(popcnt[wlq]?|lzcnt[wlq]?|andn|bextr|blsi|blsmsk|blsr|bzhi|mulx|pdep|pext|rorx|sarx|shlx|shrx)$/) return 1
    return 0
  }
  if (m ~ /^(aes[a-z]+|sha1[a-z0-9]+|sha256[a-z0-9]+|sha512[a-z0-9]+|eor3|rax1|xar|bcax|sm3[a-z0-9]+|sm4[a-z]*)$/) return 1
  if (m ~ /^pmull2?$/ && ops ~ /\.1q/) return 1
  return 0
}
function is_getter(f) { return f ~ /^hwc_[a-z0-9_]+_get(\.[a-z0-9_.]+)?$/ }
function base_getter(f) { sub(/\..*/, "", f); return f }
# A direct call's <target> is checked when the next line shows it was not
# relocated: an unresolved call (external symbol) prints the next address,
# which may carry the next function's name, and its relocation names the
# real target instead.
function flush() { if (pending != "") print pending; pending = "" }
/^[0-9a-f]+ <[^>]+>:$/ {
  flush()
  fn = $0; sub(/^[0-9a-f]+ </, "", fn); sub(/>:$/, "", fn); next
}
# relocation lines: "   21: R_X86_64_PLT32   hwc_cpu-0x4" (tab separated)
$0 ~ /^\t+[0-9a-f]+: R_/ {
  pending = ""
  if (is_getter(fn)) {
    n = split($0, r, /[ \t]+/); tgt = r[n]; sub(/[-+]0x[0-9a-f]+$/, "", tgt)
    if ($0 ~ /R_X86_64_PLT32|R_AARCH64_CALL26|R_AARCH64_JUMP26/ && tgt !~ /^(hwc_cpu|__asan_|__ubsan_|__sanitizer_|__sancov)/)
      print "CALL", base_getter(fn), tgt
  }
  next
}
/^ +[0-9a-f]+:\t/ {
  flush()
  n = split($0, f, "\t")
  if (n < 3 || f[3] == "") next
  line = f[3]; for (i = 4; i <= n; i++) line = line " " f[i]
  gsub(/^ +| +$/, "", line)
  w = split(line, t, / +/)
  k = 1
  while (k < w && t[k] ~ /^(rep|repz|repe|repnz|repne|lock|notrack|bnd|data16|addr32|cs|ds)$/) k++
  m = t[k]; ops = ""
  for (i = k + 1; i <= w; i++) ops = ops " " t[i]
  bad = isa_insn(m, ops)
  if (bad) isa++
  if (bad && (mode == "portable" || is_getter(fn))) print "BAD", fn, m ops
  if (is_getter(fn) && m ~ /^(call[q]?|jmp[q]?|bl|b|blr|br|b\.[a-z]+|cbn?z|tbn?z)$/) {
    # direct branches print their target as <sym+off>: it must be the getter itself
    if (match(ops, /<[^>]+>/)) {
      tgt = substr(ops, RSTART + 1, RLENGTH - 2); sub(/\+0x[0-9a-f]+$/, "", tgt)
      if (base_getter(tgt) != base_getter(fn) && tgt !~ /^(hwc_cpu|__asan_|__ubsan_|__sanitizer_)/)
        pending = "CALL " base_getter(fn) " " tgt
    } else if (m ~ /^(call|jmp|blr|br)/ && ops ~ /\*|x[0-9]/) {
      print "CALL", base_getter(fn), "indirect:" ops
    }
  }
}
END { flush(); print "ISA", isa + 0 }
EOF

fail=0
checked=0

# --- sources: regions closed, getters after them ----------------------------
ROOT=$(cd "$(dirname "$0")/.." && pwd)
for src in "$ROOT"/native/*.c "$ROOT"/native/*/*.c; do
  rel=${src#"$ROOT"/}
  msg=$(awk -v isa="$(case "$rel" in *_x86_* | *_arm64_*) echo 1 ;; *) echo 0 ;; esac)" '
    /^HWC_TARGET_BEGIN\(/ { if (!isa) { print "opens a target region but is not an ISA-specific file (*_x86_*, *_arm64_*)"; exit }
                            if (open) { print "line " NR ": region opened twice"; exit } open = 1 }
    /^HWC_TARGET_END/     { if (!open) { print "line " NR ": HWC_TARGET_END without BEGIN"; exit } open = 0 }
    /^const [a-z0-9_]+ \*hwc_[a-z0-9_]+_get\(void\) \{/ { if (open) { print "line " NR ": getter inside the target region"; done = 1; exit } }
    END { if (open && !done) print "region not closed" }' "$src")
  if [ -n "$msg" ]; then
    echo "check-isa: $rel: $msg" >&2
    fail=1
  fi
done
for o in "${objs[@]}"; do
  read -r tool arch < <(objdump_for "$o")
  if [ "$tool" = none ]; then
    echo "check-isa: $o: not an x86-64 or aarch64 ELF object this script can disassemble (arm64 needs binutils-aarch64-linux-gnu)" >&2
    fail=1
    continue
  fi
  name=$(basename "$o")
  mode=portable
  own=0
  case "$name" in
    *_x86_*) mode=isa; [ "$arch" = x64 ] && own=1 ;;
    *_arm64_*) mode=isa; [ "$arch" = arm64 ] && own=1 ;;
  esac
  out=$("$tool" -dr "$o" | awk -v arch="$arch" -v mode="$mode" "$AWK")
  checked=$((checked + 1))
  if grep -q '^BAD ' <<<"$out"; then
    echo "check-isa: $o: instructions beyond the $arch baseline outside a target region:" >&2
    grep '^BAD ' <<<"$out" | sort | uniq -c | sort -rn | head -10 | sed 's/^/    /' >&2
    fail=1
  fi
  if grep -q '^CALL ' <<<"$out"; then
    echo "check-isa: $o: a getter calls something other than hwc_cpu:" >&2
    grep '^CALL ' <<<"$out" | sort -u | sed 's/^/    /' >&2
    fail=1
  fi
  if [ "$own" = 1 ]; then
    n=$(sed -n 's/^ISA //p' <<<"$out")
    if [ "${n:-0}" -eq 0 ]; then
      echo "check-isa: $o: no $arch ISA instruction at all: the kernels were compiled out" \
           "(HWC_TARGET_* false for this compiler?), so the getter always returns NULL" >&2
      fail=1
    fi
  fi
done

if [ "$fail" -ne 0 ]; then
  echo "check-isa: FAILED" >&2
  exit 1
fi
echo "check-isa: $checked objects ok (portable code and getters at the baseline, kernels present)"
