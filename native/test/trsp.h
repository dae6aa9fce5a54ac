/*
 * trsp.h - reader for NIST CAVP .rsp files: '#' comments, "[Name = value]"
 * or "[Name]" section headers, and blank-line-separated records of
 * "Name = value" lines. A line without '=' inside a record (GCM's "FAIL")
 * becomes a field with an empty value. CRLF and LF both work.
 * Test code only.
 */
#ifndef HWC_TEST_TRSP_H
#define HWC_TEST_TRSP_H

#include <stddef.h>

#define TRSP_MAX_FIELDS 16
#define TRSP_MAX_HEADERS 16

typedef struct trsp_kv {
  const char *name;
  size_t name_len;
  const char *value;
  size_t value_len;
} trsp_kv;

typedef struct trsp_record {
  trsp_kv headers[TRSP_MAX_HEADERS]; /* the section headers in force */
  int n_headers;
  trsp_kv fields[TRSP_MAX_FIELDS];
  int n_fields;
  int line; /* line number of the record's first field */
} trsp_record;

typedef struct trsp_reader {
  const char *s, *end;
  int line;
  trsp_kv headers[TRSP_MAX_HEADERS];
  int n_headers;
} trsp_reader;

void trsp_init(trsp_reader *r, const char *text, size_t len);
/* Next record; 0 at the end. */
int trsp_next(trsp_reader *r, trsp_record *rec);

/* Field / header lookups (case-sensitive names). NULL when absent. */
const trsp_kv *trsp_field(const trsp_record *rec, const char *name);
const trsp_kv *trsp_header(const trsp_record *rec, const char *name);
/* Value as a non-negative integer, or -1 when absent or not a number. */
long trsp_field_long(const trsp_record *rec, const char *name);
long trsp_header_long(const trsp_record *rec, const char *name);

#endif /* HWC_TEST_TRSP_H */
