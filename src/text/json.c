/*
 * json.c — a strict, bounded JSON reader for JSONL stories.
 *
 * One line holds one object; tides wants a few string members of it (id,
 * date, text, lang) and must reject anything that is not JSON (RFC 8259):
 * trailing commas, single quotes, control characters in strings, lone
 * surrogates, bad numbers, garbage after the object.  A recursive-descent
 * cursor parser with an explicit depth limit, so a line of ten thousand '['
 * cannot exhaust the stack.  Wanted values are decoded into caller buffers;
 * everything else is validated and skipped.  Numbers and literals given
 * for a wanted key are kept as their text (a numeric "id": 17 is "17").
 */
#include "text/text.h"

#include <stdio.h>
#include <string.h>

#include "util/utf8.h"
#include "util/banned.h"

typedef struct jp {
	const char *s;
	size_t n, i;
	int depth;
	int nomem;
	char *err;
	size_t errcap;
} jp;

static int fail(jp *p, const char *what)
{
	if (p->err && p->errcap && !p->err[0])
		snprintf(p->err, p->errcap, "bad JSON at column %zu: %s", p->i + 1, what);
	return -1;
}

static void ws(jp *p)
{
	while (p->i < p->n && (p->s[p->i] == ' ' || p->s[p->i] == '\t' || p->s[p->i] == '\n' ||
	                       p->s[p->i] == '\r'))
		p->i++;
}

static int hex4(jp *p, uint32_t *v)
{
	size_t k;
	*v = 0;
	if (p->i + 4 > p->n)
		return fail(p, "short \\u escape");
	for (k = 0; k < 4; k++) {
		char c = p->s[p->i + k];
		int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
		      : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
		if (d < 0)
			return fail(p, "bad \\u escape");
		*v = *v * 16 + (uint32_t)d;
	}
	p->i += 4;
	return 0;
}

static int put_cp(jp *p, tides_buf *out, uint32_t cp)
{
	char u[4];
	size_t len;
	if (!out)
		return 0;
	len = tides_utf8_put(u, cp);
	if (cp == 0) {
		u[0] = ' '; /* \u0000: tides text is NUL-free */
		len = 1;
	}
	if (tides_buf_add(out, u, len) != 0) {
		p->nomem = 1;
		return -1;
	}
	return 0;
}

/* A string at p->i (the opening quote); decoded into out if non-NULL. */
static int string(jp *p, tides_buf *out)
{
	if (p->i >= p->n || p->s[p->i] != '"')
		return fail(p, "expected a string");
	p->i++;
	for (;;) {
		size_t run = p->i;
		unsigned char c;
		/* copy plain runs in one go */
		while (p->i < p->n) {
			c = (unsigned char)p->s[p->i];
			if (c == '"' || c == '\\' || c < 0x20)
				break;
			p->i++;
		}
		if (out && p->i > run && tides_buf_add(out, p->s + run, p->i - run) != 0) {
			p->nomem = 1;
			return -1;
		}
		if (p->i >= p->n)
			return fail(p, "unterminated string");
		c = (unsigned char)p->s[p->i];
		if (c == '"') {
			p->i++;
			return 0;
		}
		if (c < 0x20)
			return fail(p, "control character in string");
		p->i++; /* backslash */
		if (p->i >= p->n)
			return fail(p, "unterminated escape");
		c = (unsigned char)p->s[p->i++];
		switch (c) {
		case '"': case '\\': case '/':
			if (put_cp(p, out, c)) return -1;
			break;
		case 'b': if (put_cp(p, out, '\b')) return -1; break;
		case 'f': if (put_cp(p, out, '\f')) return -1; break;
		case 'n': if (put_cp(p, out, '\n')) return -1; break;
		case 'r': if (put_cp(p, out, '\r')) return -1; break;
		case 't': if (put_cp(p, out, '\t')) return -1; break;
		case 'u': {
			uint32_t hi, lo;
			if (hex4(p, &hi))
				return -1;
			if (hi >= 0xDC00 && hi <= 0xDFFF)
				return fail(p, "lone low surrogate");
			if (hi >= 0xD800 && hi <= 0xDBFF) {
				if (p->i + 2 > p->n || p->s[p->i] != '\\' || p->s[p->i + 1] != 'u')
					return fail(p, "lone high surrogate");
				p->i += 2;
				if (hex4(p, &lo))
					return -1;
				if (lo < 0xDC00 || lo > 0xDFFF)
					return fail(p, "bad surrogate pair");
				hi = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
			}
			if (put_cp(p, out, hi))
				return -1;
			break;
		}
		default:
			p->i--;
			return fail(p, "bad escape");
		}
	}
}

static int number(jp *p)
{
	size_t st = p->i;
	if (p->i < p->n && p->s[p->i] == '-')
		p->i++;
	if (p->i >= p->n)
		return fail(p, "bad number");
	if (p->s[p->i] == '0') {
		p->i++;
	} else if (p->s[p->i] >= '1' && p->s[p->i] <= '9') {
		while (p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9')
			p->i++;
	} else {
		return fail(p, "bad number");
	}
	if (p->i < p->n && p->s[p->i] == '.') {
		p->i++;
		if (p->i >= p->n || p->s[p->i] < '0' || p->s[p->i] > '9')
			return fail(p, "bad number");
		while (p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9')
			p->i++;
	}
	if (p->i < p->n && (p->s[p->i] == 'e' || p->s[p->i] == 'E')) {
		p->i++;
		if (p->i < p->n && (p->s[p->i] == '+' || p->s[p->i] == '-'))
			p->i++;
		if (p->i >= p->n || p->s[p->i] < '0' || p->s[p->i] > '9')
			return fail(p, "bad number");
		while (p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9')
			p->i++;
	}
	(void)st;
	return 0;
}

static int literal(jp *p, const char *word)
{
	size_t l = strlen(word);
	if (p->i + l > p->n || memcmp(p->s + p->i, word, l) != 0)
		return fail(p, "unexpected character");
	p->i += l;
	return 0;
}

static int value(jp *p, tides_buf *out);

static int container(jp *p, char close)
{
	int first = 1;
	if (++p->depth > TEXT_JSON_DEPTH)
		return fail(p, "nested too deeply");
	p->i++;
	for (;;) {
		ws(p);
		if (p->i < p->n && p->s[p->i] == close && first) {
			p->i++;
			break;
		}
		if (close == '}') {
			if (string(p, NULL))
				return -1;
			ws(p);
			if (p->i >= p->n || p->s[p->i] != ':')
				return fail(p, "expected ':'");
			p->i++;
		}
		if (value(p, NULL))
			return -1;
		ws(p);
		if (p->i < p->n && p->s[p->i] == ',') {
			p->i++;
			first = 0;
			continue;
		}
		if (p->i < p->n && p->s[p->i] == close) {
			p->i++;
			break;
		}
		return fail(p, close == '}' ? "expected ',' or '}'" : "expected ',' or ']'");
	}
	p->depth--;
	return 0;
}

/* Any value; a scalar's text goes to out when out is non-NULL. */
static int value(jp *p, tides_buf *out)
{
	size_t st;
	ws(p);
	if (p->i >= p->n)
		return fail(p, "expected a value");
	st = p->i;
	switch (p->s[p->i]) {
	case '"':
		return string(p, out);
	case '{':
		return container(p, '}');
	case '[':
		return container(p, ']');
	case 't':
		if (literal(p, "true")) return -1;
		break;
	case 'f':
		if (literal(p, "false")) return -1;
		break;
	case 'n':
		if (literal(p, "null")) return -1;
		return 0; /* null: leave the value empty */
	default:
		if (number(p))
			return -1;
	}
	if (out && tides_buf_add(out, p->s + st, p->i - st) != 0) {
		p->nomem = 1;
		return -1;
	}
	return 0;
}

int text_json_object(const char *s, size_t n, text_json_field *fields, size_t nfields,
                     char *err, size_t errcap)
{
	jp p;
	size_t f;
	int first = 1;
	memset(&p, 0, sizeof p);
	p.s = s;
	p.n = n;
	p.err = err;
	p.errcap = errcap;
	if (err && errcap)
		err[0] = '\0';
	for (f = 0; f < nfields; f++) {
		fields[f].found = 0;
		tides_buf_reset(fields[f].val);
	}
	if (tides_utf8_check(s, n) != n)
		return fail(&p, "invalid UTF-8"), -1;
	ws(&p);
	if (p.i >= p.n || p.s[p.i] != '{')
		return fail(&p, "expected '{'"), -1;
	p.i++;
	p.depth = 1;
	for (;;) {
		tides_buf key = TIDES_BUF_INIT;
		text_json_field *want = NULL;
		ws(&p);
		if (first && p.i < p.n && p.s[p.i] == '}') {
			p.i++;
			break;
		}
		if (string(&p, &key)) {
			tides_buf_release(&key);
			goto bad;
		}
		for (f = 0; f < nfields; f++)
			if (strcmp(fields[f].key, key.s) == 0 && key.len == strlen(fields[f].key))
				want = &fields[f];
		tides_buf_release(&key);
		ws(&p);
		if (p.i >= p.n || p.s[p.i] != ':') {
			fail(&p, "expected ':'");
			goto bad;
		}
		p.i++;
		if (want) {
			/* a repeated key: the last one wins, as in most parsers */
			tides_buf_reset(want->val);
			want->found = 1;
		}
		if (value(&p, want ? want->val : NULL))
			goto bad;
		ws(&p);
		if (p.i < p.n && p.s[p.i] == ',') {
			p.i++;
			first = 0;
			continue;
		}
		if (p.i < p.n && p.s[p.i] == '}') {
			p.i++;
			break;
		}
		fail(&p, "expected ',' or '}'");
		goto bad;
	}
	ws(&p);
	if (p.i != p.n) {
		fail(&p, "text after the object");
		return -1;
	}
	return 0;
bad:
	return p.nomem ? -2 : -1;
}
