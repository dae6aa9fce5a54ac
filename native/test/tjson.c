/*
 * tjson.c - recursive-descent JSON reader (see tjson.h). Nesting depth is
 * capped so a malformed file cannot blow the stack.
 */
#include "tjson.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct parser {
  const char *begin, *s, *end, *name;
  int failed;
} parser;

#define MAX_DEPTH 64

static void fail(parser *p, const char *what) {
  if (p->failed) return;
  p->failed = 1;
  fprintf(stderr, "%s: JSON error at offset %ld: %s\n", p->name, (long)(p->s - p->begin), what);
}

static void *zalloc(size_t n) {
  void *v = calloc(1, n);
  if (!v) {
    fprintf(stderr, "out of memory\n");
    exit(2);
  }
  return v;
}

static void skip_ws(parser *p) {
  while (p->s < p->end && (*p->s == ' ' || *p->s == '\t' || *p->s == '\n' || *p->s == '\r'))
    p->s++;
}

static int hex4(const char *s, unsigned *out) {
  unsigned v = 0;
  for (int i = 0; i < 4; i++) {
    char c = s[i];
    v <<= 4;
    if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
    else if (c >= 'a' && c <= 'f') v |= (unsigned)(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F') v |= (unsigned)(c - 'A' + 10);
    else return 0;
  }
  *out = v;
  return 1;
}

static size_t put_utf8(char *o, unsigned cp) {
  if (cp < 0x80) {
    o[0] = (char)cp;
    return 1;
  }
  if (cp < 0x800) {
    o[0] = (char)(0xc0 | (cp >> 6));
    o[1] = (char)(0x80 | (cp & 0x3f));
    return 2;
  }
  if (cp < 0x10000) {
    o[0] = (char)(0xe0 | (cp >> 12));
    o[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
    o[2] = (char)(0x80 | (cp & 0x3f));
    return 3;
  }
  o[0] = (char)(0xf0 | (cp >> 18));
  o[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
  o[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
  o[3] = (char)(0x80 | (cp & 0x3f));
  return 4;
}

/* Parses a string starting at the opening quote. The unescaped text is
 * never longer than the source, so one allocation of the source span is
 * enough. */
static char *parse_string(parser *p, size_t *out_len) {
  if (p->s >= p->end || *p->s != '"') {
    fail(p, "expected string");
    return NULL;
  }
  const char *start = ++p->s;
  const char *q = start;
  while (q < p->end && *q != '"') q += (*q == '\\') ? 2 : 1;
  if (q >= p->end) {
    fail(p, "unterminated string");
    return NULL;
  }
  char *o = zalloc((size_t)(q - start) + 1);
  size_t n = 0;
  const char *s = start;
  while (s < q) {
    char c = *s++;
    if (c != '\\') {
      o[n++] = c;
      continue;
    }
    char e = *s++;
    switch (e) {
      case '"': o[n++] = '"'; break;
      case '\\': o[n++] = '\\'; break;
      case '/': o[n++] = '/'; break;
      case 'b': o[n++] = '\b'; break;
      case 'f': o[n++] = '\f'; break;
      case 'n': o[n++] = '\n'; break;
      case 'r': o[n++] = '\r'; break;
      case 't': o[n++] = '\t'; break;
      case 'u': {
        unsigned cp;
        if (q - s < 4 || !hex4(s, &cp)) {
          fail(p, "bad \\u escape");
          free(o);
          return NULL;
        }
        s += 4;
        if (cp >= 0xd800 && cp < 0xdc00 && q - s >= 6 && s[0] == '\\' && s[1] == 'u') {
          unsigned lo;
          if (hex4(s + 2, &lo) && lo >= 0xdc00 && lo < 0xe000) {
            cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
            s += 6;
          }
        }
        /* \uXXXX is 6 source bytes, its UTF-8 at most 4 (a pair: 12 -> 4) */
        n += put_utf8(o + n, cp);
        break;
      }
      default:
        fail(p, "bad escape");
        free(o);
        return NULL;
    }
  }
  o[n] = 0;
  p->s = q + 1;
  if (out_len) *out_len = n;
  return o;
}

static tj_node *parse_value(parser *p, int depth);

static tj_node *parse_container(parser *p, int depth, int is_obj) {
  tj_node *n = zalloc(sizeof(*n));
  n->type = is_obj ? TJ_OBJ : TJ_ARR;
  char close = is_obj ? '}' : ']';
  p->s++; /* '{' or '[' */
  skip_ws(p);
  if (p->s < p->end && *p->s == close) {
    p->s++;
    return n;
  }
  tj_node **tail = &n->child;
  for (;;) {
    char *key = NULL;
    skip_ws(p);
    if (is_obj) {
      key = parse_string(p, NULL);
      if (!key) break;
      skip_ws(p);
      if (p->s >= p->end || *p->s != ':') {
        free(key);
        fail(p, "expected ':'");
        break;
      }
      p->s++;
    }
    tj_node *v = parse_value(p, depth + 1);
    if (!v) {
      free(key);
      break;
    }
    v->key = key;
    *tail = v;
    tail = &v->next;
    skip_ws(p);
    if (p->s < p->end && *p->s == ',') {
      p->s++;
      continue;
    }
    if (p->s < p->end && *p->s == close) {
      p->s++;
      return n;
    }
    fail(p, is_obj ? "expected ',' or '}'" : "expected ',' or ']'");
    break;
  }
  tj_free(n);
  return NULL;
}

static int match_word(parser *p, const char *w) {
  size_t l = strlen(w);
  if ((size_t)(p->end - p->s) >= l && memcmp(p->s, w, l) == 0) {
    p->s += l;
    return 1;
  }
  return 0;
}

static tj_node *parse_value(parser *p, int depth) {
  if (depth > MAX_DEPTH) {
    fail(p, "nesting too deep");
    return NULL;
  }
  skip_ws(p);
  if (p->s >= p->end) {
    fail(p, "unexpected end");
    return NULL;
  }
  char c = *p->s;
  if (c == '{' || c == '[') return parse_container(p, depth, c == '{');
  tj_node *n = zalloc(sizeof(*n));
  if (c == '"') {
    n->type = TJ_STR;
    n->str = parse_string(p, &n->str_len);
    if (!n->str) {
      free(n);
      return NULL;
    }
    return n;
  }
  if (match_word(p, "true")) {
    n->type = TJ_BOOL;
    n->num = 1;
    return n;
  }
  if (match_word(p, "false")) {
    n->type = TJ_BOOL;
    return n;
  }
  if (match_word(p, "null")) {
    n->type = TJ_NULL;
    return n;
  }
  if (c == '-' || (c >= '0' && c <= '9')) {
    char tmp[64];
    size_t k = 0;
    while (p->s < p->end && k < sizeof(tmp) - 1 &&
           (strchr("+-.eE", *p->s) || (*p->s >= '0' && *p->s <= '9')))
      tmp[k++] = *p->s++;
    tmp[k] = 0;
    char *endp;
    n->type = TJ_NUM;
    n->num = strtod(tmp, &endp);
    if (*endp) {
      free(n);
      fail(p, "bad number");
      return NULL;
    }
    return n;
  }
  free(n);
  fail(p, "unexpected character");
  return NULL;
}

tj_node *tj_parse(const char *text, size_t len, const char *name) {
  parser p = {text, text, text + len, name, 0};
  tj_node *root = parse_value(&p, 0);
  if (!root) return NULL;
  skip_ws(&p);
  if (p.s != p.end) {
    fail(&p, "trailing data");
    tj_free(root);
    return NULL;
  }
  return root;
}

void tj_free(tj_node *n) {
  while (n) {
    tj_node *next = n->next;
    tj_free(n->child);
    free(n->key);
    free(n->str);
    free(n);
    n = next;
  }
}

const tj_node *tj_get(const tj_node *obj, const char *key) {
  if (!obj || obj->type != TJ_OBJ) return NULL;
  for (const tj_node *c = obj->child; c; c = c->next)
    if (c->key && strcmp(c->key, key) == 0) return c;
  return NULL;
}

const char *tj_str(const tj_node *obj, const char *key) {
  const tj_node *n = tj_get(obj, key);
  return (n && n->type == TJ_STR) ? n->str : NULL;
}

double tj_num(const tj_node *obj, const char *key, double dflt) {
  const tj_node *n = tj_get(obj, key);
  return (n && n->type == TJ_NUM) ? n->num : dflt;
}
