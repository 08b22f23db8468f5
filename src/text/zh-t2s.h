/*
 * zh-t2s.h — ICU's "Traditional-Simplified" transliterator for the
 * Chinese normalizer (src/text/zh.c), opened cheaply and compiled only
 * when a text needs it.  Internal to src/text/zh*.c and their tests.
 */
#ifndef TIDES_TEXT_ZH_T2S_H
#define TIDES_TEXT_ZH_T2S_H

#include <stdint.h>

#include <unicode/utrans.h>
#include <unicode/uset.h>

#include "tides.h"

typedef struct zh_t2s zh_t2s;

/* Finds the transliterator's rules in ICU's data and reads from them which
 * characters it may change when they stand alone (zh_t2s_maybe); when the
 * rules cannot be read that way, compiles the transliterator at once and
 * takes its source set.  Fails only if ICU has no such transliterator. */
tides_status zh_t2s_new(tides_ctx *ctx, zh_t2s **out);
void zh_t2s_free(zh_t2s *t); /* accepts NULL */

/* A frozen superset of the characters the transliterator changes when
 * they stand alone: a character not in it is never changed alone. */
const USet *zh_t2s_maybe(const zh_t2s *t);

/* Does the transliterator change c when it stands alone?  Compiles the
 * transliterator on first use; 1 if that fails (the caller then asks
 * zh_t2s_get, which reports the failure). */
int zh_t2s_changes(zh_t2s *t, uint32_t c);

/* The compiled transliterator, or NULL with *err set. */
UTransliterator *zh_t2s_get(zh_t2s *t, UErrorCode *err);

/* 1 when the transliterator has been compiled (tests, benchmarks). */
int zh_t2s_compiled(const zh_t2s *t);

/* How the transliterator is opened: 0 from ICU's rule data with the
 * prefilter, 1 from the rule data compiled at once, 2 by ID. */
int zh_t2s_mode(const zh_t2s *t);

/* Test hook: opens "Traditional-Simplified" by ID through ICU's registry
 * (the reference the rule-data path must equal). */
UTransliterator *zh_t2s_open_by_id(UErrorCode *err);

#endif
