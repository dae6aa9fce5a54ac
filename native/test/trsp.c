/*
 * trsp.c - NIST .rsp reader (see trsp.h). Works on the file text in place:
 * names and values point into it, so the text must outlive the records.
 */
#include "trsp.h"

#include <string.h>

void trsp_init(trsp_reader *r, const char *text, size_t len) {
  memset(r, 0, sizeof(*r));
  r->s = text;
  r->end = text + len;
}

static int is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

static void trim(const char **b, const char **e) {
  while (*b < *e && is_space(**b)) (*b)++;
  while (*e > *b && is_space((*e)[-1])) (*e)--;
}

/* Splits "Name = value" (or "Name") in [b, e) into kv. */
static void split_kv(const char *b, const char *e, trsp_kv *kv) {
  const char *eq = memchr(b, '=', (size_t)(e - b));
  const char *nb = b, *ne = eq ? eq : e;
  trim(&nb, &ne);
  kv->name = nb;
  kv->name_len = (size_t)(ne - nb);
  if (eq) {
    const char *vb = eq + 1, *ve = e;
    trim(&vb, &ve);
    kv->value = vb;
    kv->value_len = (size_t)(ve - vb);
  } else {
    kv->value = e;
    kv->value_len = 0;
  }
}

static void set_header(trsp_reader *r, const trsp_kv *kv) {
  for (int i = 0; i < r->n_headers; i++)
    if (r->headers[i].name_len == kv->name_len &&
        memcmp(r->headers[i].name, kv->name, kv->name_len) == 0) {
      r->headers[i] = *kv;
      return;
    }
  if (r->n_headers < TRSP_MAX_HEADERS) r->headers[r->n_headers++] = *kv;
}

int trsp_next(trsp_reader *r, trsp_record *rec) {
  rec->n_fields = 0;
  rec->line = 0;
  while (r->s < r->end) {
    const char *b = r->s;
    const char *nl = memchr(b, '\n', (size_t)(r->end - b));
    const char *e = nl ? nl : r->end;
    r->s = nl ? nl + 1 : r->end;
    r->line++;
    const char *tb = b, *te = e;
    trim(&tb, &te);
    if (tb == te) { /* blank line ends a record */
      if (rec->n_fields) break;
      continue;
    }
    if (*tb == '#') continue;
    if (*tb == '[') {
      if (rec->n_fields) { /* header right after a record: give the record back first */
        r->s = b;
        r->line--;
        break;
      }
      const char *hb = tb + 1, *he = te;
      if (he > hb && he[-1] == ']') he--;
      trsp_kv kv;
      split_kv(hb, he, &kv);
      set_header(r, &kv);
      continue;
    }
    if (rec->n_fields < TRSP_MAX_FIELDS) {
      if (!rec->n_fields) rec->line = r->line;
      split_kv(tb, te, &rec->fields[rec->n_fields++]);
    }
  }
  if (!rec->n_fields) return 0;
  memcpy(rec->headers, r->headers, sizeof(r->headers));
  rec->n_headers = r->n_headers;
  return 1;
}

static const trsp_kv *find(const trsp_kv *kv, int n, const char *name) {
  size_t l = strlen(name);
  for (int i = 0; i < n; i++)
    if (kv[i].name_len == l && memcmp(kv[i].name, name, l) == 0) return &kv[i];
  return NULL;
}

const trsp_kv *trsp_field(const trsp_record *rec, const char *name) {
  return find(rec->fields, rec->n_fields, name);
}

const trsp_kv *trsp_header(const trsp_record *rec, const char *name) {
  return find(rec->headers, rec->n_headers, name);
}

static long to_long(const trsp_kv *kv) {
  if (!kv || !kv->value_len) return -1;
  long v = 0;
  for (size_t i = 0; i < kv->value_len; i++) {
    char c = kv->value[i];
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  return v;
}

long trsp_field_long(const trsp_record *rec, const char *name) {
  return to_long(trsp_field(rec, name));
}

long trsp_header_long(const trsp_record *rec, const char *name) {
  return to_long(trsp_header(rec, name));
}
