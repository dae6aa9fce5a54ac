/*
 * tjson.h - a small JSON reader for the test vectors (RFC 8259 subset that
 * the vector files use: objects, arrays, strings with escapes, numbers,
 * true/false/null). Builds a tree; test code only.
 */
#ifndef HWC_TEST_TJSON_H
#define HWC_TEST_TJSON_H

#include <stddef.h>

typedef enum tj_type { TJ_NULL, TJ_BOOL, TJ_NUM, TJ_STR, TJ_ARR, TJ_OBJ } tj_type;

typedef struct tj_node {
  tj_type type;
  char *key;              /* member name when the parent is an object */
  char *str;              /* TJ_STR: unescaped UTF-8, NUL-terminated */
  size_t str_len;
  double num;             /* TJ_NUM, TJ_BOOL (0/1) */
  struct tj_node *child;  /* first element/member (TJ_ARR, TJ_OBJ) */
  struct tj_node *next;   /* next sibling */
} tj_node;

/* Parses text; on error returns NULL and prints where. */
tj_node *tj_parse(const char *text, size_t len, const char *name);
void tj_free(tj_node *n);

/* Member of an object by name, or NULL. */
const tj_node *tj_get(const tj_node *obj, const char *key);
/* String member or NULL when absent / not a string. */
const char *tj_str(const tj_node *obj, const char *key);
/* Number member, or dflt when absent / not a number. */
double tj_num(const tj_node *obj, const char *key, double dflt);

#endif /* HWC_TEST_TJSON_H */
