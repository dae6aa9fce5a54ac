/*
 * hash_many.c - multi-buffer hashing: many independent messages per call.
 *
 * A multi-buffer kernel (hwc_hash_mb_impl, hwcrypt_impl.h) advances
 * `lanes` independent chaining values by the same number of whole blocks
 * in one call: one vector register per state word, lane i of every
 * register belonging to message i. This file is the lane scheduler that
 * feeds it messages of any length:
 *
 *  - Each lane holds one message at a time. A message is two runs of
 *    whole blocks: its whole blocks, read straight from the caller's
 *    buffer, then its padded tail (FIPS 180-4 5.1: the last len % block
 *    bytes, 0x80, zeros, the bit length), 1 or 2 blocks assembled in the
 *    lane's own tail buffer. A message shorter than a block is its tail
 *    alone.
 *  - Every kernel call runs as many blocks as every active lane has left
 *    in its current run (the minimum over the active lanes), so a batch of
 *    equal-length messages costs one call per run, not one per block.
 *  - After a call, a lane whose run ended moves to its tail, or, when the
 *    tail ended, writes its digest and takes the next message of the
 *    batch (lanes refill as messages finish).
 *  - A lane with nothing to do is idle: its state pointer is its own
 *    (dead) state slot and its data pointer is an active lane's run, so
 *    the kernel reads valid memory of at least nblocks blocks and writes
 *    nothing the caller sees. The lane count is public and so is the
 *    schedule: it depends on the message lengths only, never on content.
 *
 * Single stream instead of lanes: when `backend` names one of the family's
 * single-stream backends, and on the default path (backend NULL) while
 * fewer messages are in flight than make the lanes pay (below). The
 * single-stream path runs the same two runs per message through the
 * backend's compress, so its framing is this file's too.
 *
 * SHA-224 runs on the SHA-256 kernels, SHA-384 and SHA-512/256 on the
 * SHA-512 ones: the initial value differs and the digest is truncated at a
 * word boundary, nothing else.
 *
 * Default kernel and crossover (hwc_hash_many_default): measured, once per
 * process and family, on first use (calibrate() below): every available
 * kernel of the family's table runs 8 blocks in all of its lanes, five
 * times, timed with the cycle counter (x86 TSC, arm64 CNTVCT; the best of
 * five), and so does the family's best single-stream backend over 8
 * blocks. The kernel with the least time per lane-block is the default;
 * ties go to the table order (best first by design). The crossover k is
 * the smallest number of busy lanes whose blocks cost a single stream
 * more than one kernel call: ceil(t_call / t_single). On the default path
 * a batch of fewer than k messages, and the end of a batch once fewer
 * than k lanes are busy and no message is waiting, run single-stream.
 * Where no cycle counter is known the table order decides and k = 2.
 *
 * What that picks on the development machine (AMD EPYC Zen 5 VM, AVX-512
 * and SHA-NI, 2 cores shared with other jobs; hwc_bench_hash_many,
 * native/bench/hash_many_cycles.c, core cycles from the calibrated TSC,
 * minimum of 60 interleaved rounds, 2026-12-04):
 *
 *   SHA-256 c/B          1000x64 B  1000x1 KiB  64x16 KiB
 *     avx512x16             2.55       0.99        0.89
 *     avx2x8                5.71       2.75        2.44
 *     shani (one by one)    3.70       2.10        2.04
 *   SHA-1 c/B
 *     avx512x16             2.08       0.78        0.67
 *     avx2x8                4.05       1.82        1.63
 *     shani (one by one)    2.86       1.92        1.92
 *
 * so avx512x16 is the default for both families there (about 920 cycles
 * per 16-lane SHA-256 block against about 130 per SHA-NI block: k = 8;
 * 5 x 1 KiB runs single-stream at SHA-NI speed, 12 x 1 KiB on the lanes
 * at 1.66x). AVX2 lanes lose to SHA-NI on such a CPU and are the default
 * only where SHA-NI is missing.
 *
 * Secrets: the per-lane tail buffers (message bytes) and chaining values
 * on this frame are wiped before return (hwc_wipe); the kernels burn their
 * own stack. Digests are written only when a message is complete.
 */
#include "hwcrypt_impl.h"

#define MB_MAX_LANES 16

/* Kernel tables per family, best first (the default is measured; ties go
 * to this order). Each entry is a getter that returns NULL when the build
 * or the CPU lacks the kernel, so unavailable kernels are never listed or
 * called. */
typedef const hwc_hash_mb_impl *(*mb_getter)(void);

static const mb_getter sha1_mb[] = {
    hwc_sha1_x86_avx512x16_get,
    /* BEGIN mbni entries */
    hwc_sha1_x86_shanix4_get,
    hwc_sha1_x86_shanix2_get,
    hwc_sha1_arm64_ce_x2_get,
    /* END mbni entries */
    hwc_sha1_x86_avx2x8_get,
    NULL,
};
static const mb_getter sha256_mb[] = {
    hwc_sha256_x86_avx512x16_get,
    /* BEGIN mbni entries */
    hwc_sha256_x86_shanix4_get,
    hwc_sha256_x86_shanix2_get,
    hwc_sha256_arm64_ce_x2_get,
    /* END mbni entries */
    hwc_sha256_x86_avx2x8_get,
    NULL,
};
static const mb_getter sha512_mb[] = {
    /* BEGIN mbni entries */
    hwc_sha512_x86_avx512x16_get,
    hwc_sha512_x86_avx512x8_get,
    hwc_sha512_x86_avx2x8_get,
    hwc_sha512_arm64_ce_x2_get,
    /* END mbni entries */
    NULL,
};
static const mb_getter *const k_tables[HWC_FAMILY_COUNT] = {NULL, sha1_mb, sha256_mb, sha512_mb};

static int family_ok(hwc_family f) { return f == HWC_FAMILY_SHA1 || f == HWC_FAMILY_SHA256 || f == HWC_FAMILY_SHA512; }

/* The i-th available kernel of family f, NULL past the end. */
static const hwc_hash_mb_impl *mb_nth(hwc_family f, int i) {
  const mb_getter *t = k_tables[f];
  for (int j = 0; t[j]; j++) {
    const hwc_hash_mb_impl *m = t[j]();
    if (m && m->family == f && m->lanes >= 1 && m->lanes <= MB_MAX_LANES && i-- == 0) return m;
  }
  return NULL;
}

static const hwc_hash_mb_impl *mb_named(hwc_family f, const char *name) {
  const hwc_hash_mb_impl *m;
  for (int i = 0; (m = mb_nth(f, i)) != NULL; i++)
    if (strcmp(m->name, name) == 0) return m;
  return NULL;
}

/* ------------------------------------------------------------------------ */
/* Calibration: the default kernel and the crossover                        */
/* ------------------------------------------------------------------------ */

#if (defined(__GNUC__) || defined(__clang__)) && defined(__x86_64__)
static uint64_t ticks(void) {
  uint32_t lo, hi;
  __asm__ __volatile__("lfence\n\trdtsc" : "=a"(lo), "=d"(hi)::"memory");
  return ((uint64_t)hi << 32) | lo;
}
#define HWC_HAVE_TICKS 1
#elif (defined(__GNUC__) || defined(__clang__)) && defined(__aarch64__)
static uint64_t ticks(void) {
  uint64_t v;
  __asm__ __volatile__("isb\n\tmrs %0, cntvct_el0" : "=r"(v)::"memory");
  return v;
}
#define HWC_HAVE_TICKS 1
#else
#define HWC_HAVE_TICKS 0
#endif

#if defined(__GNUC__) || defined(__clang__)
#define CAL_LOAD(p) __atomic_load_n((p), __ATOMIC_RELAXED)
#define CAL_STORE(p, v) __atomic_store_n((p), (v), __ATOMIC_RELAXED)
#else
#define CAL_LOAD(p) (*(p))
#define CAL_STORE(p, v) (*(p) = (v))
#endif

/* Per family: 0 = not measured yet, else (kernel index + 1) | k << 8.
 * Two threads that race both measure and store a valid result. */
static unsigned g_cal[HWC_FAMILY_COUNT];

#define CAL_BLOCKS 8

static unsigned calibrate(hwc_family f) {
  unsigned best = 0, cross = 2;
#if HWC_HAVE_TICKS
  /* Public scratch input: 8 blocks of the largest block size. */
  static const uint8_t k_data[CAL_BLOCKS * HWC_HASH_MAX_BLOCK];
  hwc_hash_state st[MB_MAX_LANES];
  hwc_hash_state *stp[MB_MAX_LANES];
  const uint8_t *dp[MB_MAX_LANES];
  memset(st, 0, sizeof st);
  for (int i = 0; i < MB_MAX_LANES; i++) {
    stp[i] = &st[i];
    dp[i] = k_data;
  }
  const char *names[8];
  const hwc_hash_impl *single = hwc_backend_list(f, names, 8) > 0 ? hwc_dispatch_hash_named(f, names[0]) : NULL;
  uint64_t t1 = UINT64_MAX;
  for (int r = 0; single && r < 5; r++) {
    uint64_t t0 = ticks();
    single->compress(&st[0], k_data, CAL_BLOCKS);
    uint64_t d = ticks() - t0;
    if (d < t1) t1 = d;
  }
  double best_per = 0, best_call = 0;
  const hwc_hash_mb_impl *m;
  for (int i = 0; (m = mb_nth(f, i)) != NULL && i < 255; i++) {
    uint64_t tm = UINT64_MAX;
    for (int r = 0; r < 5; r++) {
      uint64_t t0 = ticks();
      m->compress(stp, dp, CAL_BLOCKS);
      uint64_t d = ticks() - t0;
      if (d < tm) tm = d;
    }
    double per = (double)tm / (double)m->lanes;
    if (!best || per < best_per) {
      best = (unsigned)i + 1;
      best_per = per;
      best_call = (double)tm;
    }
  }
  if (best && single && t1 && t1 != UINT64_MAX) {
    double k = best_call / (double)t1;
    unsigned kk = (unsigned)k;
    if ((double)kk < k) kk++;
    cross = kk < 2 ? 2 : kk > MB_MAX_LANES ? MB_MAX_LANES : kk;
  }
#else
  best = mb_nth(f, 0) ? 1 : 0;
#endif
  unsigned v = best | cross << 8 | 1u << 16; /* bit 16: measured */
  return v;
}

static unsigned cal(hwc_family f) {
  unsigned v = CAL_LOAD(&g_cal[f]);
  if (!v) {
    v = calibrate(f);
    CAL_STORE(&g_cal[f], v);
  }
  return v;
}

/* The default kernel of f (NULL: none available) and its crossover. */
static const hwc_hash_mb_impl *mb_default(hwc_family f, unsigned *cross) {
  unsigned v = cal(f);
  if (cross) *cross = (v >> 8) & 0xff;
  return (v & 0xff) ? mb_nth(f, (int)(v & 0xff) - 1) : NULL;
}

/* ------------------------------------------------------------------------ */
/* Names                                                                    */
/* ------------------------------------------------------------------------ */

const char *hwc_hash_many_default(hwc_family f) {
  if (!family_ok(f)) return NULL;
  const char *cur = hwc_backend_current(f);
  if (cur && strcmp(cur, "soft") == 0) return cur; /* forced soft: no kernels */
  const hwc_hash_mb_impl *m = mb_default(f, NULL);
  return m ? m->name : cur;
}

int hwc_hash_many_backends(hwc_family f, const char **names, int max) {
  if (!family_ok(f)) return 0;
  int n = 0;
  const hwc_hash_mb_impl *m;
  for (int i = 0; (m = mb_nth(f, i)) != NULL; i++, n++)
    if (n < max) names[n] = m->name;
  const char *single[16];
  int ns = hwc_backend_list(f, single, 16);
  for (int i = 0; i < ns && i < 16; i++, n++)
    if (n < max) names[n] = single[i];
  return n;
}

/* ------------------------------------------------------------------------ */
/* The scheduler                                                            */
/* ------------------------------------------------------------------------ */

/* The batch: message i is msgs[i] / lens[i], or (pairs) base + i * fixed
 * of fixed bytes. */
typedef struct job {
  hwc_hash_alg alg;
  unsigned bl;       /* block bytes: 64 or 128 */
  unsigned dlen;     /* digest bytes */
  hwc_hash_state iv; /* initial value of alg */
  const uint8_t *const *msgs;
  const size_t *lens;
  const uint8_t *base;
  size_t fixed;
  size_t n;
  uint8_t *out;
} job;

HWC_INLINE const uint8_t *msg_ptr(const job *j, size_t i) { return j->msgs ? j->msgs[i] : j->base + i * j->fixed; }
HWC_INLINE size_t msg_len(const job *j, size_t i) { return j->msgs ? j->lens[i] : j->fixed; }

/* One lane's message: the current run (src, nb blocks), whether it is the
 * tail, and the tail buffer (1 or 2 blocks). */
typedef struct lane {
  const uint8_t *src;
  size_t nb;
  size_t msg;  /* index in the batch */
  int in_tail; /* 0: whole blocks from the message, 1: the tail */
  int busy;
  unsigned tail_blocks;
  HWC_ALIGN(64) uint8_t tail[2 * HWC_HASH_MAX_BLOCK];
} lane;

/* Starts message i in lane l with chaining value *st. */
static void lane_start(const job *j, lane *l, hwc_hash_state *st, size_t i) {
  const uint8_t *p = msg_ptr(j, i);
  const size_t len = msg_len(j, i);
  const unsigned bl = j->bl, lf = bl == 128 ? 16 : 8; /* length field bytes */
  const size_t whole = len / bl;
  const size_t rem = len % bl;
  *st = j->iv;
  l->msg = i;
  l->busy = 1;
  l->tail_blocks = rem + 1 + lf <= bl ? 1 : 2;
  const size_t tl = (size_t)l->tail_blocks * bl;
  if (rem) memcpy(l->tail, p + whole * bl, rem);
  l->tail[rem] = 0x80;
  memset(l->tail + rem + 1, 0, tl - rem - 1);
  /* Bit length, big-endian in the last lf bytes: len * 8 as a 128-bit
   * value (hi = len >> 61) for SHA-512, mod 2^64 for the others. */
  hwc_store_be64(l->tail + tl - 8, (uint64_t)len << 3);
  if (lf == 16) hwc_store_be64(l->tail + tl - 16, (uint64_t)len >> 61);
  if (whole) {
    l->src = p;
    l->nb = whole;
    l->in_tail = 0;
  } else {
    l->src = l->tail;
    l->nb = l->tail_blocks;
    l->in_tail = 1;
  }
}

static void write_digest(const job *j, const hwc_hash_state *st, size_t i) {
  uint8_t *o = j->out + i * j->dlen;
  if (j->bl == 128) {
    for (unsigned w = 0; w < j->dlen / 8; w++) hwc_store_be64(o + 8 * w, st->s64[w]);
  } else {
    for (unsigned w = 0; w < j->dlen / 4; w++) hwc_store_be32(o + 4 * w, st->s32[w]);
  }
}

/* After nb blocks of the current run: next run, or the digest. Returns 1
 * when the lane's message is complete (digest written). */
static int lane_advance(const job *j, lane *l, const hwc_hash_state *st, size_t nb) {
  l->src += nb * j->bl;
  l->nb -= nb;
  if (l->nb) return 0;
  if (!l->in_tail) {
    l->src = l->tail;
    l->nb = l->tail_blocks;
    l->in_tail = 1;
    return 0;
  }
  write_digest(j, st, l->msg);
  l->busy = 0;
  return 1;
}

/* Finishes lane l's message with a single-stream backend. */
static void lane_finish_single(const job *j, lane *l, hwc_hash_state *st, const hwc_hash_impl *single) {
  while (l->busy) {
    single->compress(st, l->src, l->nb);
    lane_advance(j, l, st, l->nb);
  }
}

/* Frame of a call: per-lane states, lanes and pointers, wiped at the end. */
typedef struct frame {
  hwc_hash_state st[MB_MAX_LANES];
  hwc_hash_state *stp[MB_MAX_LANES];
  const uint8_t *dp[MB_MAX_LANES];
  lane ln[MB_MAX_LANES];
} frame;

static void run_single(const job *j, const hwc_hash_impl *single, frame *fr) {
  for (size_t i = 0; i < j->n; i++) {
    lane_start(j, &fr->ln[0], &fr->st[0], i);
    lane_finish_single(j, &fr->ln[0], &fr->st[0], single);
  }
}

/*
 * The lanes. cross: on the default path, the busy-lane count below which
 * the rest of the batch runs single-stream (0: never, a named kernel).
 */
static void run_lanes(const job *j, const hwc_hash_mb_impl *m, const hwc_hash_impl *single, unsigned cross,
                      frame *fr) {
  const unsigned L = m->lanes;
  size_t next = 0;
  unsigned busy = 0;
  for (unsigned i = 0; i < L; i++) {
    fr->stp[i] = &fr->st[i];
    fr->ln[i].busy = 0;
    if (next < j->n) {
      lane_start(j, &fr->ln[i], &fr->st[i], next++);
      busy++;
    }
  }
  while (busy) {
    if (single && busy < cross && next == j->n) {
      for (unsigned i = 0; i < L; i++)
        if (fr->ln[i].busy) lane_finish_single(j, &fr->ln[i], &fr->st[i], single);
      return;
    }
    size_t nb = SIZE_MAX;
    const uint8_t *any = NULL;
    for (unsigned i = 0; i < L; i++)
      if (fr->ln[i].busy) {
        if (fr->ln[i].nb < nb) nb = fr->ln[i].nb;
        any = fr->ln[i].src;
      }
    /* Idle lanes read a busy lane's run (valid for nb blocks) into their
     * own dead state. */
    for (unsigned i = 0; i < L; i++) fr->dp[i] = fr->ln[i].busy ? fr->ln[i].src : any;
    m->compress(fr->stp, fr->dp, nb);
    for (unsigned i = 0; i < L; i++) {
      if (!fr->ln[i].busy) continue;
      if (lane_advance(j, &fr->ln[i], &fr->st[i], nb)) {
        busy--;
        if (next < j->n) {
          lane_start(j, &fr->ln[i], &fr->st[i], next++);
          busy++;
        }
      }
    }
  }
}

static hwc_status run(job *j, const char *backend) {
  const hwc_family f = hwc_hash_family(j->alg);
  const hwc_hash_mb_impl *m = NULL;
  const hwc_hash_impl *single = NULL;
  unsigned cross = 0;
  if (!backend) {
    const char *cur = hwc_backend_current(f);
    single = hwc_dispatch_hash(f);
    if (!cur || strcmp(cur, "soft") != 0) m = mb_default(f, &cross);
    if (m && j->n < cross) m = NULL;
  } else {
    m = mb_named(f, backend);
    if (!m) single = hwc_dispatch_hash_named(f, backend);
  }
  if (!m && !single) return HWC_ERR_UNAVAILABLE;
  if (!j->n) return HWC_OK;

  /* Initial value: a context of the algorithm holds it after init. */
  hwc_hash_ctx c;
  hwc_status s = hwc_hash_init_with(&c, j->alg, "soft");
  if (s != HWC_OK) return s;
  j->iv = c.state;
  hwc_hash_wipe(&c);

  frame fr;
  if (m)
    run_lanes(j, m, single, cross, &fr);
  else
    run_single(j, single, &fr);
  hwc_wipe(&fr, sizeof fr);
  return HWC_OK;
}

hwc_status hwc_hash_many(hwc_hash_alg alg, const char *backend, const uint8_t *const *msgs, const size_t *lens,
                         size_t n, uint8_t *out) {
  const size_t dl = hwc_hash_digest_len(alg);
  if (!dl) return HWC_ERR_ARG;
  if (n && (!msgs || !lens || !out)) return HWC_ERR_ARG;
  for (size_t i = 0; i < n; i++)
    if (!msgs[i] && lens[i]) return HWC_ERR_ARG;
  job j;
  memset(&j, 0, sizeof j);
  j.alg = alg;
  j.bl = (unsigned)hwc_hash_block_len(alg);
  j.dlen = (unsigned)dl;
  j.msgs = msgs;
  j.lens = lens;
  j.n = n;
  j.out = out;
  return run(&j, backend);
}

/*
 * Digest i lands in bytes [32i, 32i + 32) of out, inside input block i / 2
 * when out == in. Messages start in order and all take the same two runs
 * (the block, then the fixed padding block), so block i / 2 <= i has
 * been read (its whole-block run precedes its tail, and it started no
 * later than message i) before digest i is written after a kernel call.
 */
hwc_status hwc_sha256_pairs(const char *backend, const uint8_t *in, size_t n, uint8_t *out) {
  if (n && (!in || !out)) return HWC_ERR_ARG;
  if (n > SIZE_MAX / 64) return HWC_ERR_ARG;
  job j;
  memset(&j, 0, sizeof j);
  j.alg = HWC_SHA256;
  j.bl = 64;
  j.dlen = 32;
  j.base = in;
  j.fixed = 64;
  j.n = n;
  j.out = out;
  return run(&j, backend);
}
