/*
 * reader-xml.c — PETRARCH XML input (<Sentence><Text>..</Text></Sentence>).
 *
 * A byte-level state machine over the reader's lines (state in reader.h:
 * xstate, the tag and text being collected, a line's unread rest in xpos)
 * so tags and text may break lines anywhere; bounded by XML_TAG_MAX and
 * TEXT_LINE_MAX.  Records become stories through reader.c's story
 * functions like every other format.
 */
#include "text/reader.h"

#include <string.h>

#include "util/ctx.h"
#include "util/date.h"
#include "util/mem.h"
#include "util/utf8.h"
#include "util/banned.h"

/* ---------------------------------------------------------------- petrxml
 * PETRARCH's input: <Sentence date= id=><Text>..</Text><Parse>..</Parse>
 * </Sentence>.  A byte-level state machine that survives line breaks
 * anywhere; tags are bounded (XML_TAG_MAX) and <Parse> is skipped unread.
 * Sentences whose ids differ only in a numbered last part (AFP..._1, _2)
 * form one story. */

enum { X_OUT, X_COMMENT, X_TAG, X_TEXT, X_PARSE };

/* Decodes XML entities in place (the result is never longer). */
static size_t xml_unescape(char *s, size_t n)
{
	size_t r = 0, w = 0;
	while (r < n) {
		if (s[r] == '&') {
			const char *semi = memchr(s + r, ';', n - r < 12 ? n - r : 12);
			if (semi) {
				size_t len = (size_t)(semi - (s + r)) + 1;
				uint32_t cp = 0;
				int ok = 1;
				if (len == 5 && memcmp(s + r, "&amp;", 5) == 0) cp = '&';
				else if (len == 4 && memcmp(s + r, "&lt;", 4) == 0) cp = '<';
				else if (len == 4 && memcmp(s + r, "&gt;", 4) == 0) cp = '>';
				else if (len == 6 && memcmp(s + r, "&quot;", 6) == 0) cp = '"';
				else if (len == 6 && memcmp(s + r, "&apos;", 6) == 0) cp = '\'';
				else if (len > 3 && s[r + 1] == '#') {
					size_t k = r + 2;
					int hex = s[k] == 'x' || s[k] == 'X';
					if (hex)
						k++;
					if (k == r + len - 1)
						ok = 0;
					for (; ok && k < r + len - 1; k++) {
						char c = s[k];
						int d = c >= '0' && c <= '9' ? c - '0'
						      : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
						      : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
						if (d < 0 || cp > 0x10FFFF)
							ok = 0;
						else
							cp = cp * (hex ? 16 : 10) + (uint32_t)d;
					}
					if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
						ok = 0;
				} else {
					ok = 0;
				}
				if (ok) {
					w += tides_utf8_put(s + w, cp);
					r += len;
					continue;
				}
			}
		}
		s[w++] = s[r++];
	}
	if (w < n)
		s[w] = '\0';
	return w;
}

/* Value of attribute `name` in tag text t[0..n) into out ("" if absent). */
static int xml_attr(const char *t, size_t n, const char *name, tides_buf *out)
{
	size_t nl = strlen(name), i;
	tides_buf_reset(out);
	for (i = 0; i + nl <= n; i++) {
		size_t k;
		char q;
		const char *e;
		if (memcmp(t + i, name, nl) != 0 || (i > 0 && !reader_is_space((unsigned char)t[i - 1])))
			continue;
		k = i + nl;
		while (k < n && reader_is_space((unsigned char)t[k]))
			k++;
		if (k >= n || t[k] != '=')
			continue;
		k++;
		while (k < n && reader_is_space((unsigned char)t[k]))
			k++;
		if (k >= n || (t[k] != '"' && t[k] != '\''))
			continue;
		q = t[k++];
		e = memchr(t + k, q, n - k);
		if (!e)
			return 0;
		if (tides_buf_add(out, t + k, (size_t)(e - (t + k))) != 0)
			return -1;
		out->len = xml_unescape(out->s, out->len);
		out->s[out->len] = '\0';
		return 0;
	}
	return 0;
}

static int tag_is(const char *t, size_t n, const char *name)
{
	size_t nl = strlen(name);
	return n >= nl && memcmp(t, name, nl) == 0 &&
	       (n == nl || reader_is_space((unsigned char)t[nl]) || t[nl] == '/');
}

/* Story id of a sentence id: "AFP0808020625_4" and "NYT20080101.0001-2"
 * belong to "AFP0808020625" and "NYT20080101.0001"; "DEMO-01" (no digits
 * before the suffix) is a story of its own. */
static size_t story_id_len(const char *id, size_t n)
{
	size_t k = n, digits = 0, j;
	while (k > 0 && id[k - 1] >= '0' && id[k - 1] <= '9')
		k--;
	if (k == n || k < 2 || n - k > 4 || (id[k - 1] != '-' && id[k - 1] != '_'))
		return n;
	for (j = 0; j < k - 1; j++)
		digits += id[j] >= '0' && id[j] <= '9';
	return digits >= 4 ? k - 1 : n;
}

/* A complete <Sentence>: joins the current story or starts the next. */
static int xml_record(tides_reader *r, int *got, int *done)
{
	char idbuf[TIDES_ID_MAX + 24], d[11];
	const char *id = r->xid.s;
	size_t idn, tn;
	int32_t day;
	r->in_sentence = 0;
	tn = xml_unescape(r->xtext.s, r->xtext.len);
	r->xtext.len = tn;
	r->xtext.s[tn] = '\0';
	if (r->xid.len == 0) {
		snprintf(idbuf, sizeof idbuf, "%s-%ld", r->base_id, r->xline);
		id = idbuf;
	}
	idn = story_id_len(id, strlen(id));
	day = reader_parse_date(r, r->xdate.s, r->xdate.len, r->xline);
	reader_date_text(day, d);
	if (*got) {
		if (idn == r->doc_id.len && memcmp(id, r->doc_id.s, idn) == 0 && !reader_story_full(r))
			return reader_story_add(r, r->xtext.s, r->xtext.len, r->xline);
		*done = 1;
		return reader_set_pend(r, r->xtext.s, r->xtext.len, id, idn, d, r->xline);
	}
	if (reader_story_set(r, id, idn, day) != 0 || reader_story_add(r, r->xtext.s, r->xtext.len, r->xline) != 0)
		return -1;
	*got = 1;
	return 0;
}

static int xml_tag(tides_reader *r, int ret, int *got, int *done)
{
	const char *t = r->xtag.s;
	size_t n = r->xtag.len;
	while (n && reader_is_space((unsigned char)t[n - 1]))
		n--;
	if (tag_is(t, n, "Sentence")) {
		if (r->in_sentence) {
			tides_warn_at(r->ctx, r->name, r->xline, "<Sentence> not closed; skipped");
			r->bad++;
		}
		r->in_sentence = 1;
		r->xline = r->li.lineno;
		tides_buf_reset(&r->xtext);
		if (xml_attr(t, n, "id", &r->xid) != 0 || xml_attr(t, n, "date", &r->xdate) != 0)
			return -1;
		r->xstate = X_OUT;
	} else if (tag_is(t, n, "/Sentence")) {
		r->xstate = X_OUT;
		if (r->in_sentence)
			return xml_record(r, got, done);
	} else if (tag_is(t, n, "Text") && r->in_sentence && t[n - 1] != '/') {
		tides_buf_reset(&r->xtext);
		r->xtrunc = 0;
		r->xstate = X_TEXT;
	} else if (tag_is(t, n, "/Text")) {
		r->xstate = X_OUT;
	} else if (tag_is(t, n, "Parse") && t[n - 1] != '/') {
		r->xstate = X_PARSE;
	} else if (tag_is(t, n, "/Parse")) {
		r->xstate = X_OUT;
	} else {
		r->xstate = ret;
	}
	return 0;
}

tides_status reader_next_petrxml(tides_reader *r, int *got)
{
	tides_status st = TIDES_OK;
	int done = 0, ret = X_OUT;
	*got = 0;
	if (r->have_pend) {
		if (reader_take_pend(r) != 0)
			return reader_nomem(r);
		*got = 1;
	}
	while (!done) {
		const char *s;
		size_t n, i = 0;
		int rc;
		if (r->xmore) {
			/* the rest of the line that ended the previous story */
			r->xmore = 0;
			i = r->xpos;
			rc = 1;
		} else {
			rc = reader_next_line(r, &st);
		}
		if (rc < 0)
			return st;
		if (rc == 0) {
			if (r->in_sentence) {
				tides_warn_at(r->ctx, r->name, r->xline, "<Sentence> not closed at end of input; skipped");
				r->bad++;
				r->in_sentence = 0;
			}
			break;
		}
		s = r->li.line.s;
		n = r->li.line.len;
		while (i < n && !done) {
			const char *p;
			size_t k;
			switch (r->xstate) {
			case X_COMMENT:
				for (k = i; k + 2 < n && memcmp(s + k, "-->", 3) != 0; k++)
					;
				if (k + 2 < n) {
					r->xstate = X_OUT;
					i = k + 3;
				} else {
					i = n;
				}
				break;
			case X_TAG:
				p = memchr(s + i, '>', n - i);
				k = p ? (size_t)(p - s) : n;
				if (r->xtag.len + (k - i) > XML_TAG_MAX) {
					tides_warn_at(r->ctx, r->name, r->li.lineno, "XML tag longer than %d bytes; skipped",
					              XML_TAG_MAX);
					r->bad++;
					tides_buf_reset(&r->xtag);
					r->xstate = X_OUT;
					i = p ? k + 1 : n;
					break;
				}
				if (tides_buf_add(&r->xtag, s + i, k - i) != 0 ||
				    (!p && tides_buf_addc(&r->xtag, ' ') != 0))
					return reader_nomem(r);
				i = p ? k + 1 : n;
				if (p && xml_tag(r, ret, got, &done) != 0)
					return reader_nomem(r);
				break;
			case X_TEXT:
			case X_PARSE:
			case X_OUT:
			default:
				p = memchr(s + i, '<', n - i);
				k = p ? (size_t)(p - s) : n;
				if (r->xstate == X_TEXT && r->xtext.len + (k - i) > TEXT_LINE_MAX) {
					if (!r->xtrunc) {
						tides_warn_at(r->ctx, r->name, r->li.lineno,
						              "<Text> longer than %d bytes, truncated", TEXT_LINE_MAX);
						r->bad++;
						r->xtrunc = 1;
					}
				} else if (r->xstate == X_TEXT && tides_buf_add(&r->xtext, s + i, k - i) != 0) {
					return reader_nomem(r);
				}
				if (!p) {
					i = n;
					break;
				}
				if (r->xstate == X_OUT && n - k >= 4 && memcmp(p, "<!--", 4) == 0) {
					r->xstate = X_COMMENT;
					i = k + 4;
					break;
				}
				ret = r->xstate;
				r->xstate = X_TAG;
				tides_buf_reset(&r->xtag);
				i = k + 1;
				break;
			}
		}
		if (done && i < n) {
			r->xmore = 1;
			r->xpos = i;
			break;
		}
		if (r->xstate == X_TEXT && tides_buf_addc(&r->xtext, ' ') != 0)
			return reader_nomem(r);
	}
	return TIDES_OK;
}

