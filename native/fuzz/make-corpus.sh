#!/usr/bin/env bash
# Regenerates the committed seed corpus native/fuzz/corpus/<target>/ : a few
# tiny hand-made inputs per target that start the fuzzer in the interesting
# regions (every key size, 96-bit and other nonces, gcm_short's 8 + 8 + 1
# blocks, counters just below each wrap, every hash algorithm, keys longer
# than a block, the block modes' pipeline widths, stealing, every CCM nonce
# and tag length class, both GCM-SIV key sizes and the refused 24-byte one,
# every AEGIS alg with both tag lengths and refused ones). The byte layouts are documented at the top of each
# native/fuzz/fuzz_<target>.c. Deterministic: running it again rewrites the
# same files. Only bash builtins and coreutils are used.
#
#   bash native/fuzz/make-corpus.sh
set -euo pipefail
OUT="$(cd "$(dirname "$0")" && pwd)/corpus"

# hx B... : the bytes given as two-digit hex numbers
hx() { local b; for b in "$@"; do printf "\\x$b"; done; }
# pat N SEED : N bytes (i * SEED + 7) mod 256
pat() {
  local i v s=""
  for ((i = 0; i < $1; i++)); do
    v=$(((i * $2 + 7) & 255))
    s+=$(printf '\\x%02x' "$v")
  done
  printf "$s"
}
# le16 N : N as two little-endian bytes
le16() { hx "$(printf %02x $(($1 & 255)))" "$(printf %02x $(($1 >> 8)))"; }

rm -rf "$OUT"
mkdir -p "$OUT/gcm" "$OUT/ctr" "$OUT/sha" "$OUT/hmac" "$OUT/kdf" "$OUT/cmac" "$OUT/ecb" "$OUT/cbc" "$OUT/xts" "$OUT/ccm" \
  "$OUT/gcm_siv" "$OUT/aegis" "$OUT/hash_many"

# gcm: [key sel][nonce][tag][flags][aad len le16] key nonce aad plaintext
gcm() { # name keysel noncebyte tagbyte flags keylen noncelen aad len
  { hx "$2" "$3" "$4" "$5"; le16 "$8"; pat "$6" 3; pat "$7" 5; pat "$8" 11; pat "$9" 13; } \
    >"$OUT/gcm/$1"
}
gcm empty-k128-n96        00 40 00 00 16 12   0   0
gcm short-k192-n96        01 40 00 03 24 12  20  33
gcm short-8+8+1-k256-n96  02 40 00 00 32 12 128 128
gcm short-7+8+1-k128-n96  00 40 01 00 16 12 112 128
gcm n8-k128-tag12         00 07 04 00 16  8   5 200
gcm n1-k256-tag4          02 00 02 01 32  1   0  64
gcm n16-k192-tag8         01 0f 03 02 24 16  17  47
gcm n64-k128              00 3f 00 00 16 64  40 257
gcm bulk-k256-n96         02 40 00 00 32 12  13 600

# ctr: [key sel][kind | in place << 2][d][n][s_1..s_n] key counter data
ctr() { # name keysel kindbyte d len s...
  local name=$1 ks=$2 kb=$3 d=$4 len=$5 kl
  shift 5
  kl=$((16 + 8 * (0x$ks % 3)))
  { hx "$ks" "$kb" "$d" "$(printf %02x $(($# - 1)))" "$@"; pat "$kl" 7; pat 16 9; pat "$len" 17; } \
    >"$OUT/ctr/$name"
}
ctr given-k128         00 00 00  17 00
ctr near32-k128        00 01 03 100 01 02
ctr near32-k256-inpl   02 05 10 300 04
ctr near64-k192        01 02 00  64 05
ctr near64-k128        00 02 1f 600 08 10
ctr near128-k256       02 03 07 300 00 03 1f
ctr near128-k128-inpl  00 07 00  33 01

# sha: [alg][n][s_1..s_n] message
sha() { # name alg len s...
  local name=$1 alg=$2 len=$3
  shift 3
  { hx "$alg" "$(printf %02x $(($# - 1)))" "$@"; pat "$len" 29; } >"$OUT/sha/$name"
}
sha sha1-0         00   0 00
sha sha1-119       00 119 ff 03
sha sha224-55      01  55 01
sha sha256-64      02  64 fe 00 07
sha sha256-300     02 300 ff
sha sha384-111     03 111 10 ff
sha sha512-128     04 128 ff
sha sha512-300     04 300 fe 00
sha sha512_256-240 05 240 05 ff

# hmac: [alg][key len][n][s_1..s_n] key message
hmac() { # name alg keylen len s...
  local name=$1 alg=$2 kl=$3 len=$4
  shift 4
  { hx "$alg" "$(printf %02x "$kl")" "$(printf %02x $(($# - 1)))" "$@"; pat "$kl" 31; pat "$len" 37; } \
    >"$OUT/hmac/$name"
}
hmac sha1-k0          00   0  20 00
hmac sha1-k65         00  65 100 ff 01
hmac sha224-k64       01  64  64 fe
hmac sha256-k20       02  20 150 03 ff
hmac sha384-k128      03 128 129 ff
hmac sha512-k129      04 129  50 00 20
hmac sha512_256-k200  05 200 300 fe

# kdf: [alg][key len][salt len][info len][out len le16][iterations] key salt info
kdf() { # name alg keylen saltlen infolen outlen iterbyte
  { hx "$2" "$(printf %02x "$3")" "$(printf %02x "$4")" "$(printf %02x "$5")"; le16 "$6"; hx "$7"
    pat "$3" 41; pat "$4" 43; pat "$5" 47; } >"$OUT/kdf/$1"
}
kdf sha1-k0-s0-o20      00   0   0   0   20 00
kdf sha224-k64-o57      01  64  16  10   57 02
kdf sha256-k65-o97      02  65  32 200   97 07
kdf sha256-cap          02  22  13  10 8161 00
kdf sha384-k128-o145    03 128   0   5  145 03
kdf sha512-k129-o65     04 129  64  64   65 01
kdf sha512_256-k200-o33 05 200 255  16   33 05

# cmac: [key sel][tag len sel | flip << 4] key message
cmac() { # name keysel tagbyte len
  local kl=$((16 + 8 * (0x$2 % 3)))
  { hx "$2" "$3"; pat "$kl" 53; pat "$4" 59; } >"$OUT/cmac/$1"
}
cmac empty-k128      00 0c   0
cmac one-k128        00 3c  16
cmac partial-k192    01 01  17
cmac rfc-len40-k256  02 f8  40
cmac blocks-k128     00 7c 256
cmac long-k256       02 ac 1000

# ecb: [key sel][flags] key data
ecb() { # name keysel flags len
  local kl=$((16 + 8 * (0x$2 % 3)))
  { hx "$2" "$3"; pat "$kl" 61; pat "$4" 67; } >"$OUT/ecb/$1"
}
ecb empty-k128        00 00    0
ecb one-k192          01 01   16
ecb partial-k256      02 02   17
ecb 8blk-k128         00 03  128
ecb 16blk+1-k256      02 00  272
ecb 32blk-1-k192      01 01  496
ecb 64blk-k128        00 02 1024

# cbc: [key sel][in place | split << 1][last-byte edit] key iv message
cbc() { # name keysel flags edit len
  local kl=$((16 + 8 * (0x$2 % 3)))
  { hx "$2" "$3" "$4"; pat "$kl" 71; pat 16 73; pat "$5" 79; } >"$OUT/cbc/$1"
}
cbc empty-k128        00 00 00    0
cbc one-k128-pad1     00 01 01   15
cbc block-k192        01 02 00   16
cbc pad0-k256         02 04 00   33
cbc pad17-k128        00 07 11  100
cbc 9blk-k256         02 06 00  144
cbc 33blk-k192        01 41 10  528
cbc long-k128         00 ff 00 1500

# xts: [key sel | same halves << 7][flags] key tweak data
xts() { # name keysel flags len
  local kl=$((32 + 16 * ((0x$2 & 0x7f) % 3)))
  { hx "$2" "$3"; pat "$kl" 83; pat 16 89; pat "$4" 97; } >"$OUT/xts/$1"
}
xts short-k32         00 00   15
xts one-k32           00 01   16
xts steal17-k48       01 00   17
xts steal31-k64       02 03   31
xts 8blk+5-k32        00 02  133
xts 16blk-k64         02 00  256
xts 32blk+1-k48       01 01  513
xts same-halves-k64   82 00   64

# ccm: [key sel][nonce sel][tag sel][flags][aad len le16] key nonce aad plaintext
ccm() { # name keysel noncebyte tagbyte flags noncelen aad len
  local kl=$((16 + 8 * (0x$2 % 3)))
  { hx "$2" "$3" "$4" "$5"; le16 "$7"; pat "$kl" 101; pat "$6" 103; pat "$7" 107; pat "$8" 109; } \
    >"$OUT/ccm/$1"
}
ccm empty-k128-n7-t4     00 00 00 04  7   0    0
ccm n13-t16-k128         00 06 06 00 13  32   24
ccm n12-t8-k192          01 05 02 01 12  17   33
ccm n8-t12-k256          02 01 04 02  8   0  100
ccm n11-t6-k128-long     00 04 01 03 11 300  700
ccm n10-t14-k256         02 03 05 a0 10  14   15
ccm n6-bad-nonce         00 f6 06 00  6   8   16
ccm t5-bad-tag           00 06 58 00 13   8   16

# gcm_siv: [key sel][flags][tag flip byte][ct flip pos le16][aad len le16] key nonce aad plaintext
gcm_siv() { # name keysel flags tagbyte ctpos aad len
  local kl=16
  [ $((0x$2 & 1)) -eq 1 ] && kl=32
  [ $((0x$2 & 0xc0)) -eq $((0xc0)) ] && kl=24
  { hx "$2" "$3" "$4"; le16 "$5"; le16 "$6"; pat "$kl" 113; pat 12 127; pat "$6" 131; pat "$7" 137; } \
    >"$OUT/gcm_siv/$1"
}
gcm_siv empty-k128          00 00 00   0   0    0
gcm_siv null-aad-k256       01 04 0f   0   0   17
gcm_siv short-k128          00 21 03   5  20   33
gcm_siv blocks8-k256-inpl   01 03 08 100  16  128
gcm_siv aad-only-k128       00 08 01   0 300    0
gcm_siv long-k256           01 e0 0a 517  13  600
gcm_siv 32blk+1-k128-inpl   00 42 05 300  64  513
gcm_siv k192-refused        c0 00 00   0   8   40

# aegis: [alg][tag sel][flags][tag flip byte][ct flip pos le16][aad len le16] key nonce aad plaintext
aegis() { # name alg tagbyte flags tagflip ctpos aad len
  local kl=16
  [ $((0x$2 % 6)) -ge 3 ] && kl=32
  { hx "$2" "$3" "$4" "$5"; le16 "$6"; le16 "$7"; pat "$kl" 139; pat "$kl" 149; pat "$7" 151; pat "$8" 157; } \
    >"$OUT/aegis/$1"
}
aegis 128l-empty-t16        00 00 0c 00   0   0    0
aegis 128l-short-t32        00 01 20 1f   3  13   31
aegis 128l-2blk-t16-inpl    00 00 03 05  40  32   64
aegis 128l-long-t32         00 01 a0 11 700 100 1000
aegis 128l-t8-refused       00 88 00 00   0   0   16
aegis 128x2-t16             01 00 40 02  10  20  129
aegis 128x2-long-t32-inpl   01 01 e1 07 900  64 1100
aegis 128x4-t16             02 00 60 0e  77  40  257
aegis 128x4-long-t32        02 01 02 19 333 200 2000
aegis 256-empty-t32         03 01 04 00   0   0    0
aegis 256-short-t16         03 00 80 04   2  15   17
aegis 256-long-t32-inpl     03 01 23 1d 500  16  600
aegis 256-t33-refused       03 a1 00 00   0   5    5
aegis 256x2-t16             04 00 c0 0c  60  33  257
aegis 256x2-long-t32        04 01 41 1e 800 128 1024
aegis 256x4-t16-inpl        05 00 03 03  99  60  513
aegis 256x4-long-t32        05 01 a2 13 999 250 2100

# hash_many: [alg][n][n length codes, le16] message bytes (fuzz_hash_many.c)
hash_many() { # name alg len1 len2 ...  (payload: the sum of the lengths)
  local name=$1 alg=$2 total=0 l
  shift 2
  { hx "$alg" "$(printf %02x $#)"
    for l in "$@"; do le16 "$l"; total=$((total + l)); done
    pat "$total" 31; } >"$OUT/hash_many/$name"
}
hash_many sha256-pairs17   02 64 64 64 64 64 64 64 64 64 64 64 64 64 64 64 64 64
hash_many sha256-mixed     02 0 1 55 56 63 64 65 119 120 128 300 1024
hash_many sha1-lanes9      00 3 200 64 0 17 640 55 56 1
hash_many sha224-one-long  01 5 1100 5 5 5 5 5 5 5 5 5 5 5 5 5 5 5 5
hash_many sha512-mixed     04 0 111 112 127 128 129 300
hash_many sha384-one       03 200
hash_many sha512_256-empty 05 0 0 0

for t in gcm ctr sha hmac kdf cmac ecb cbc xts ccm gcm_siv aegis hash_many; do
  echo "make-corpus: $t: $(ls "$OUT/$t" | wc -l) files"
done
