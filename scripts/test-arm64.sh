#!/usr/bin/env bash
# npm run test:arm64
#
# Proves the arm64 build on an x86-64 machine:
#  1. cross-compiles the C core and the native test runner with
#     aarch64-linux-gnu-gcc (CMake, native/cmake/aarch64-linux-gnu.cmake)
#     and checks its objects with scripts/check-isa.sh (no crypto-extension
#     instruction outside the kernels, kernels present);
#  2. runs the runner under `qemu-aarch64 -cpu max` (AES, PMULL, SHA1, SHA2,
#     SHA512 present): every vector file and the differential test against
#     every backend the emulated CPU offers (armv8 and soft);
#  3. runs it again with HWCRYPT_BACKEND=soft;
#  4. runs it under `-cpu cortex-a72` (no SHA512 instructions) with a short
#     differential, so a SHA-512 kernel that detection failed to gate would
#     die with SIGILL;
#  5. cross-builds the addon itself for linux-arm64 with node-gyp, in a
#     scratch copy of the sources (build/Release of the repo is left alone),
#     so binding.gyp's arm64 build is proven to compile (its objects are
#     checked like those of step 1);
#  6. loads that addon in Debian's arm64 Node.js under qemu and checks a few
#     known answers through it. The .debs are downloaded once into .arm64/
#     (gitignored; HWC_ARM64_CACHE overrides), following
#     shared/recipes/arm64-node-under-qemu.md.
#
# Extra arguments go to the runner of step 2 and 3 (e.g. --seed 42).
# Needs: cmake, gcc/g++-aarch64-linux-gnu, qemu-user (scripts/ci-native-deps.sh)
# and node_modules (node-gyp) for step 5.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=${HWC_ARM64_BUILD:-$ROOT/build-native/arm64}
CACHE=${HWC_ARM64_CACHE:-$ROOT/.arm64}
SYSROOT=/usr/aarch64-linux-gnu
JOBS=$(nproc 2>/dev/null || echo 2)

for t in cmake aarch64-linux-gnu-gcc aarch64-linux-gnu-g++ qemu-aarch64; do
  if ! command -v "$t" >/dev/null 2>&1; then
    echo "test-arm64: $t not found; run scripts/ci-native-deps.sh" >&2
    exit 2
  fi
done

passed=0
failed=0
results=()
record() { # record NAME STATUS
  if [ "$2" -eq 0 ]; then
    passed=$((passed + 1))
    results+=("ok      $1")
  else
    failed=$((failed + 1))
    results+=("FAILED  $1 (exit $2)")
  fi
}
step() { printf '\n== %s\n' "$1"; }

# --- 1. cross-build the core and the runner -------------------------------
step "cross-build C core + test runner for aarch64 in $OUT/core"
cmake -S native -B "$OUT/core" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_TOOLCHAIN_FILE="$ROOT/native/cmake/aarch64-linux-gnu.cmake" >/dev/null
cmake --build "$OUT/core" -j "$JOBS" 2>&1 | grep -Ev '^\[ *[0-9]+%\]|^gmake|^make'
RUNNER=$OUT/core/hwc_test_runner
if [ -x "$RUNNER" ]; then
  record "cross-build of the core and runner" 0
else
  record "cross-build of the core and runner" 1
fi

# No ISA instruction outside the kernels (portable objects, getters), and
# the kernels present: on the arm64 objects, before anything runs them.
step "ISA check of the arm64 objects (scripts/check-isa.sh)"
bash "$ROOT/scripts/check-isa.sh" "$OUT/core"
record "ISA check of the arm64 core objects" $?

run_runner() { # run_runner NAME QEMU_CPU [env...] -- [runner args...]
  local name=$1 cpu=$2
  shift 2
  local envs=()
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do envs+=("$1"); shift; done
  [ $# -gt 0 ] && shift
  step "$name"
  echo "qemu-aarch64 -cpu $cpu ${envs[*]} hwc_test_runner $*"
  local t0=$SECONDS
  env "${envs[@]}" qemu-aarch64 -cpu "$cpu" -L "$SYSROOT" "$RUNNER" --vectors "$ROOT/test/vectors" "$@"
  local rc=$?
  echo "($name: $((SECONDS - t0)) s)"
  record "$name" $rc
}

if [ -x "$RUNNER" ]; then
  # --- 2. all backends on a CPU with every crypto extension ---------------
  run_runner "runner, qemu -cpu max, all backends" max -u HWCRYPT_BACKEND -- "$@"
  # --- 3. soft forced ------------------------------------------------------
  run_runner "runner, qemu -cpu max, HWCRYPT_BACKEND=soft" max HWCRYPT_BACKEND=soft -- "$@"
  # --- 4. a CPU without SHA512: detection must gate the SHA-512 kernel -----
  run_runner "runner, qemu -cpu cortex-a72 (no SHA512), quick" cortex-a72 -u HWCRYPT_BACKEND -- --quick
fi

# --- 5. cross-build the addon with node-gyp in a scratch copy -------------
step "cross-build the addon for linux-arm64 (node-gyp, scratch copy in $OUT/addon)"
ADDON_SRC=$OUT/addon
ADDON=""
node_gyp() {
  if command -v node-gyp >/dev/null 2>&1; then
    node-gyp "$@"
  else
    local npm_cli
    npm_cli=$(readlink -f "$(command -v npm)")
    node "$(dirname "$npm_cli")/../node_modules/node-gyp/bin/node-gyp.js" "$@"
  fi
}
if [ ! -d "$ROOT/node_modules" ]; then
  echo "node_modules missing: run npm ci first"
  record "addon cross-build (node-gyp --arch=arm64)" 1
else
  rm -rf "$ADDON_SRC"
  mkdir -p "$ADDON_SRC"
  cp -r "$ROOT/binding.gyp" "$ROOT/package.json" "$ADDON_SRC/"
  mkdir -p "$ADDON_SRC/native"
  for d in "$ROOT"/native/*; do
    case "$(basename "$d")" in test | CMakeLists.txt | cmake) ;; *) cp -r "$d" "$ADDON_SRC/native/" ;; esac
  done
  ln -s "$ROOT/node_modules" "$ADDON_SRC/node_modules"
  gyp_args=(rebuild --arch=arm64 -j "$JOBS")
  nodedir=$(npm config get nodedir 2>/dev/null || true)
  if [ -n "$nodedir" ] && [ "$nodedir" != "undefined" ] && [ "$nodedir" != "null" ]; then
    gyp_args+=(--nodedir="$nodedir")
  fi
  t0=$SECONDS
  (cd "$ADDON_SRC" && CC=aarch64-linux-gnu-gcc CXX=aarch64-linux-gnu-g++ LINK=aarch64-linux-gnu-g++ \
    AR=aarch64-linux-gnu-ar node_gyp "${gyp_args[@]}") >"$OUT/addon-build.log" 2>&1
  rc=$?
  ADDON=$ADDON_SRC/build/Release/hwcrypt.node
  if [ $rc -eq 0 ] && [ -f "$ADDON" ] && aarch64-linux-gnu-readelf -h "$ADDON" | grep -q 'AArch64'; then
    grep -E 'warning|error' "$OUT/addon-build.log" | head -20
    echo "built $ADDON (AArch64 ELF) in $((SECONDS - t0)) s"
    record "addon cross-build (node-gyp --arch=arm64)" 0
    bash "$ROOT/scripts/check-isa.sh" "$ADDON_SRC/build/Release/obj.target"
    record "ISA check of the arm64 addon objects" $?
  else
    tail -40 "$OUT/addon-build.log"
    record "addon cross-build (node-gyp --arch=arm64)" 1
    ADDON=""
  fi
fi

# --- 6. load the arm64 addon in Debian's arm64 Node.js under qemu ---------
fetch_node() {
  local R=$CACHE
  [ -x "$R/root/usr/bin/node" ] && return 0
  echo "downloading Debian's arm64 nodejs into $R (once)"
  local o=(-oAPT::Architecture=arm64 -oAPT::Architectures=arm64 "-oDir::State::Lists=$R/lists"
    "-oDir::Cache=$R/cache" -oAPT::Sandbox::User=root -oDebug::NoLocking=1 -q)
  mkdir -p "$R/lists/partial" "$R/cache/archives/partial" "$R/debs" "$R/root.tmp"
  apt-get "${o[@]}" update >/dev/null || return 1
  (cd "$R/debs" && apt-get "${o[@]}" download nodejs libnode108 libc6 libstdc++6 libgcc-s1 libuv1 \
    libc-ares2 libbrotli1 libicu72 libssl3 zlib1g libnghttp2-14 node-acorn node-cjs-module-lexer \
    node-undici >/dev/null) || return 1
  local f
  for f in "$R"/debs/*.deb; do dpkg -x "$f" "$R/root.tmp" || return 1; done
  rm -rf "$R/root" && mv "$R/root.tmp" "$R/root"
}

if [ -n "$ADDON" ]; then
  step "load the arm64 addon in Debian's arm64 Node.js under qemu-aarch64 -cpu max"
  if fetch_node; then
    SMOKE=$OUT/smoke.cjs
    cat >"$SMOKE" <<'JS'
// Smoke test of the cross-built addon: loads, reports an arm64 CPU, lists
// backends, and reproduces known answers on every available backend.
'use strict';
const assert = require('assert');
const a = require(process.argv[2]);
const hex = (b) => Buffer.from(b).toString('hex');
const info = a.cpuInfo();
console.log('node', process.version, process.arch, 'napi', process.versions.napi);
console.log('cpuInfo', JSON.stringify(info));
assert.strictEqual(info.arch, 'arm64');
let checks = 0;
for (const fam of ['aes', 'sha1', 'sha256', 'sha512']) {
  const list = a.backends(fam);
  console.log('backends', fam, list.join(' '));
  assert.ok(list.includes('soft'), fam + ': soft missing');
}
// AES-128-GCM, zero key/nonce, one zero block (McGrew & Viega test case 2)
const key = Buffer.alloc(16), nonce = Buffer.alloc(12), pt = Buffer.alloc(16);
const want = '0388dace60b6a392f328c2b971b2fe78' + 'ab6e47d42cec13bdf53a67b21257bddf';
const [, , createAesKey] = a.openSession();
for (const b of a.backends('aes')) {
  const { handle, backend: name } = createAesKey(key, b);
  const seal = (...x) => a.keyOp(handle, 0, ...x);
  const open = (...x) => a.keyOp(handle, 1, ...x);
  const dispose = () => a.keyOp(handle, 3);
  assert.strictEqual(name, b);
  const out = Buffer.alloc(32);
  seal(nonce, pt, undefined, out, 16);
  assert.strictEqual(hex(out), want, 'aes-gcm ' + b);
  const back = Buffer.alloc(16);
  assert.strictEqual(open(nonce, out, 16, undefined, back), true);
  assert.strictEqual(hex(back), hex(pt));
  out[3] ^= 1;
  assert.strictEqual(open(nonce, out, 16, undefined, back), false, 'tampered ciphertext must fail');
  assert.strictEqual(hex(back), '00'.repeat(16), 'failed open must wipe out');
  dispose();
  checks++;
}
// AEGIS-128L and AEGIS-256 through the addon's AEGIS keys (draft-irtf-cfrg-aegis-aead-18
// A.2/A.3 test vector 1, 16-byte tags) on every AES backend: armv8 runs the AESE/AESMC kernels.
const createAegisKey = a.openSession()[3];
const aegisVectors = [
  [0, '10010000000000000000000000000000', '10000200000000000000000000000000',
    'c1c0e58bd913006feba00f4b3cc3594e' + 'abe0ece80c24868a226a35d16bdae37a'],
  [3, '1001000000000000000000000000000000000000000000000000000000000000',
    '1000020000000000000000000000000000000000000000000000000000000000',
    '754fc3d8c973246dcc6d741412a4b236' + '3fe91994768b332ed7f570a19ec5896e'],
];
for (const b of a.backends('aes')) {
  for (const [alg, k, n, want] of aegisVectors) {
    const { handle, backend: kernels } = createAegisKey(alg, Buffer.from(k, 'hex'), b);
    if (b === 'armv8' || b === 'soft') assert.strictEqual(kernels, b);
    const out = Buffer.alloc(32), back = Buffer.alloc(16);
    a.keyOp(handle, 19, Buffer.from(n, 'hex'), Buffer.alloc(16), undefined, out, 16);
    assert.strictEqual(hex(out), want, 'aegis alg ' + alg + ' ' + b);
    assert.strictEqual(a.keyOp(handle, 20, Buffer.from(n, 'hex'), out, 16, undefined, back), true);
    out[0] ^= 1;
    assert.strictEqual(a.keyOp(handle, 20, Buffer.from(n, 'hex'), out, 16, undefined, back), false);
    assert.strictEqual(hex(back), '00'.repeat(16), 'failed AEGIS open must wipe out');
    a.keyOp(handle, 3);
    checks++;
  }
}
// AEGIS-MAC (draft-irtf-cfrg-aegis-aead-18 A.8, every variant, 16- and 32-byte tags) through
// keyOp 22 (mac) and 23 (verify) on every AES backend; cwd is the repository root.
const macVectors = JSON.parse(require('fs').readFileSync('test/vectors/cfrg/aegismac.json', 'utf8')).tests;
const macAlg = { 'AEGISMAC-128L': 0, 'AEGISMAC-128X2': 1, 'AEGISMAC-128X4': 2, 'AEGISMAC-256': 3, 'AEGISMAC-256X2': 4, 'AEGISMAC-256X4': 5 };
assert.strictEqual(macVectors.length, 6);
for (const b of a.backends('aes')) {
  for (const t of macVectors) {
    const { handle, backend: kernels } = createAegisKey(macAlg[t.variant], Buffer.from(t.key, 'hex'), b);
    if (b === 'armv8' || b === 'soft') assert.strictEqual(kernels, b);
    const n = Buffer.from(t.nonce, 'hex'), d = Buffer.from(t.data, 'hex');
    for (const [len, want] of [[16, t.tag128], [32, t.tag256]]) {
      const tag = Buffer.alloc(len);
      a.keyOp(handle, 22, n, d, tag, len);
      assert.strictEqual(hex(tag), want, t.variant + ' tag ' + len + ' ' + b);
      assert.strictEqual(a.keyOp(handle, 23, n, d, tag), true);
      tag[len - 1] ^= 0x80;
      assert.strictEqual(a.keyOp(handle, 23, n, d, tag), false, t.variant + ' flipped tag ' + b);
      checks++;
    }
    a.keyOp(handle, 3);
  }
}
// SHA-1/256/512 of "abc" on every backend of the family (FIPS 180 examples)
const abc = Buffer.from('abc');
const sha = [
  ['sha1', 0, 'a9993e364706816aba3e25717850c26c9cd0d89d'],
  ['sha256', 2, 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
  ['sha512', 4, 'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a' +
    '2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f'],
];
for (const [fam, alg, digest] of sha) {
  for (const b of a.backends(fam)) {
    const c = new a.HashCtx(alg, b);
    c.update(abc);
    const out = Buffer.alloc(digest.length / 2);
    c.digest(out);
    assert.strictEqual(hex(out), digest, fam + ' ' + b);
    checks++;
  }
}
console.log('addon smoke test: ' + checks + ' passed, 0 failed');
JS
    t0=$SECONDS
    qemu-aarch64 -cpu max -L "$CACHE/root" "$CACHE/root/usr/bin/node" "$SMOKE" "$ADDON"
    rc=$?
    echo "(smoke test: $((SECONDS - t0)) s)"
    record "arm64 addon loaded and checked in Node.js under qemu" $rc
  else
    echo "SKIPPED: could not download Debian's arm64 nodejs (network?); the addon was built but not loaded"
  fi
fi

printf '\n== arm64 summary\n'
for r in "${results[@]}"; do echo "  $r"; done
echo "arm64: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
