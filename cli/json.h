/*
 * json.h - one flat JSON object on a stream (strings, booleans, arrays of
 * strings): all the CLI's --json output needs.
 */
#ifndef PV_CLI_JSON_H
#define PV_CLI_JSON_H

#include <stdio.h>

typedef struct pv_json_st {
    FILE *fp;
    int members; /* written so far, for the commas */
} PV_JSON;

void pv_json_open(PV_JSON *j, FILE *fp);
/* val NULL writes null. */
void pv_json_str(PV_JSON *j, const char *key, const char *val);
void pv_json_strn(PV_JSON *j, const char *key, const char *val, size_t len);
void pv_json_bool(PV_JSON *j, const char *key, int val);
/* A newline-separated text as an array of its non-empty lines. */
void pv_json_lines(PV_JSON *j, const char *key, const char *text);
void pv_json_uint(PV_JSON *j, const char *key, unsigned long val);
/* Closes the object with a newline; returns a PV_EXIT_* status. */
int pv_json_close(PV_JSON *j);
/* The same without flushing the stream (one line among many). */
int pv_json_end(PV_JSON *j);

/* val as a JSON string literal: control characters escaped, bad UTF-8 as U+FFFD. */
void pv_json_quote(FILE *fp, const char *val, size_t len);

#endif
