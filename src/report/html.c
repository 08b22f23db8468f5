/*
 * html.c — the report: one self-contained HTML page.
 *
 * Everything is inline (CSS, SVG, script); the page makes no request.  The
 * chart is drawn here as SVG (so it shows without script): the dated index
 * (smoothed when smoothing was asked for) over the raw one, contraction
 * phases shaded, peaks and troughs marked, named periods as labelled bands.
 * The per-period top events with their sentences are embedded as JSON in a
 * <script type="application/json"> element; the small script only reads it
 * to fill the detail panel when a period is hovered or clicked, and writes
 * it with textContent, never as markup.
 *
 * Escaping: text in HTML goes through html_esc (& < > " '); JSON goes
 * through rp_json_str, which also escapes < > & so that no "</script>"
 * can close the data element early.
 */
#include <math.h>
#include <string.h>

#include "report/report-int.h"
#include "util/ctx.h"
#include "util/date.h"
#include "util/banned.h"

#define W_ 1100.0
#define H_ 430.0
#define ML 64.0
#define MR 20.0
#define MT 48.0
#define MB 40.0

typedef struct geom {
	size_t n;
	double lo, hi;
} geom;

static double gx(const geom *g, double i)
{
	return ML + (i + 0.5) * (W_ - ML - MR) / (double)g->n;
}

static double gy(const geom *g, double v)
{
	return MT + (g->hi - v) / (g->hi - g->lo) * (H_ - MT - MB);
}

static void html_esc(FILE *out, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\'': fputs("&#39;", out); break;
		default: fputc(*s, out);
		}
	}
}

static const char CSS[] =
	"body{font-family:system-ui,-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;"
	"margin:24px;color:#1d2330;background:#fff;max-width:1160px}"
	"h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;"
	"border-bottom:1px solid #d8dce4;padding-bottom:4px}h3{font-size:15px;margin:18px 0 6px}"
	".meta{color:#59606e;font-size:13px;margin:0 0 12px}"
	"#tides-chart{width:100%;height:auto;border:1px solid #d8dce4;background:#fbfcfe}"
	".band0{fill:#e8eef9}.band1{fill:#f3ecf8}.bandtext{font-size:12px;fill:#3a4252}"
	".contraction{fill:#f6c9c4;opacity:.45}.contraction[data-flag]{fill:#f3dc8c}.grid{stroke:#e3e6ec;stroke-width:1}"
	".axis{font-size:11px;fill:#59606e}.zero{stroke:#9aa1ad;stroke-dasharray:4 3}"
	".raw{fill:none;stroke:#9fb3d1;stroke-width:1}"
	".dated{fill:none;stroke:#1f4e9c;stroke-width:2}"
	".peak{fill:#1a7f37;stroke:#fff;stroke-width:1}.trough{fill:#c0392b;stroke:#fff;stroke-width:1}"
	".tplabel{font-size:10px;fill:#3a4252}"
	"#cursor{stroke:#444;stroke-width:1;stroke-dasharray:2 2}"
	"#month-detail{border:1px solid #d8dce4;padding:8px 12px;margin-top:8px;min-height:60px;"
	"font-size:13px;background:#fff}"
	"#month-detail .ev{margin:4px 0}#month-detail .code{color:#59606e;font-family:monospace}"
	"table{border-collapse:collapse;font-size:13px;margin:4px 0 8px}"
	"th,td{border:1px solid #d8dce4;padding:3px 8px;text-align:left;vertical-align:top}"
	"th{background:#f1f3f7}td.num{text-align:right;font-variant-numeric:tabular-nums}"
	".yes{color:#1a7f37;font-weight:600}.no{color:#c0392b;font-weight:600}"
	".sent{max-width:640px}.legend{font-size:12px;color:#59606e;margin:6px 0}"
	".sw{display:inline-block;width:14px;height:10px;margin:0 4px 0 12px;vertical-align:middle}"
	".flag{border-left:4px solid #d9a400;background:#fff8e1;padding:4px 8px;font-size:13px}";

static const char JS[] =
	"(function(){\n"
	"var D=JSON.parse(document.getElementById('tides-data').textContent);\n"
	"var svg=document.getElementById('tides-chart');\n"
	"var cur=document.getElementById('cursor');\n"
	"var box=document.getElementById('month-detail');\n"
	"var pinned=-1;\n"
	"function el(t,c,x){var e=document.createElement(t);if(c)e.className=c;"
	"if(x!==undefined)e.textContent=x;return e;}\n"
	"function show(i){\n"
	" if(i<0||i>=D.labels.length)return;\n"
	" var x=D.x0+(i+0.5)*D.dx;cur.setAttribute('x1',x);cur.setAttribute('x2',x);"
	"cur.style.display='';\n"
	" box.textContent='';\n"
	" var h=el('div','',D.labels[i]+': index '+(D.dated[i]===null?'n/a':D.dated[i].toFixed(3))+"
	"(D.raw[i]===null?'':' (raw '+D.raw[i].toFixed(3)+')')+', '+D.n[i]+' events'+"
	"(pinned===i?' (pinned; click again to release)':''));\n"
	" h.style.fontWeight='600';box.appendChild(h);\n"
	" var ev=D.events[i]||[];\n"
	" if(!ev.length){box.appendChild(el('div','','No events in this period.'));return;}\n"
	" for(var k=0;k<ev.length;k++){var e=ev[k];var d=el('div','ev');\n"
	"  d.appendChild(el('span','code',e.date+' '+e.source+'\\u2192'+e.target+' '+e.code+' ('+"
	"(e.goldstein===null?'?':(e.goldstein>0?'+':'')+e.goldstein)+')'+"
	"(e.issues?' ['+e.issues+']':'')+' '));\n"
	"  d.appendChild(el('span','',e.text===null?'(sentence not stored: '+e.doc_id+'#'+"
	"e.sentence+')':e.text));box.appendChild(d);}\n"
	"}\n"
	"function idx(evt){var p=svg.createSVGPoint();p.x=evt.clientX;p.y=evt.clientY;\n"
	" var m=svg.getScreenCTM();if(!m)return -1;var q=p.matrixTransform(m.inverse());\n"
	" return Math.floor((q.x-D.x0)/D.dx);}\n"
	"svg.addEventListener('mousemove',function(e){if(pinned<0)show(idx(e));});\n"
	"svg.addEventListener('click',function(e){var i=idx(e);"
	"if(pinned===i){pinned=-1;}else{pinned=i;}show(i);});\n"
	"if(D.initial>=0)show(D.initial);\n"
	"})();\n";

static void nice_ticks(double lo, double hi, double *step)
{
	double r = hi - lo, s = pow(10, floor(log10(r / 5)));
	if (r / s > 25)
		s *= 5;
	else if (r / s > 10)
		s *= 2;
	*step = s;
}

static void write_chart(tides_analysis *an, FILE *out)
{
	geom g;
	size_t i, k;
	double lo = INFINITY, hi = -INFINITY, step, t;
	char lab[16], prev[8] = "";
	double lastx = -1e9;
	int first;

	g.n = an->s.n;
	for (i = 0; i < an->s.n; i++) {
		double v[2] = {an->s.value[i], an->y[i]};
		for (k = 0; k < 2; k++)
			if (isfinite(v[k])) {
				if (v[k] < lo)
					lo = v[k];
				if (v[k] > hi)
					hi = v[k];
			}
	}
	if (!isfinite(lo)) {
		lo = -1;
		hi = 1;
	}
	if (hi - lo < 1e-9) {
		lo -= 1;
		hi += 1;
	}
	{
		double pad = (hi - lo) * 0.06;
		lo -= pad;
		hi += pad;
	}
	g.lo = lo;
	g.hi = hi;

	fprintf(out, "<svg id=\"tides-chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %.0f "
	             "%.0f\" role=\"img\" aria-label=\"relations index over time\">\n", W_, H_);
	/* period bands */
	for (i = 0; i < an->nper; i++) {
		const rp_period *p = &an->per[i];
		double x1, x2;
		if (!p->has)
			continue;
		x1 = gx(&g, (double)p->first - 0.5);
		x2 = gx(&g, (double)p->last + 0.5);
		fprintf(out, "<rect class=\"band%zu\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>",
		        i % 2, x1, MT, x2 - x1, H_ - MT - MB);
		fprintf(out, "<rect class=\"band%zu\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"20\"/>",
		        i % 2, x1, MT - 24, x2 - x1);
		fprintf(out, "<text class=\"bandtext\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">",
		        (x1 + x2) / 2, MT - 9);
		html_esc(out, p->name);
		fprintf(out, "</text>\n");
	}
	/* contraction phases */
	for (i = 0; i < an->nphases; i++) {
		const tides_phase *ph = &an->phases[i];
		const char *flag;
		double x1, x2;
		if (ph->kind >= 0)
			continue;
		x1 = gx(&g, (double)ph->start);
		x2 = gx(&g, (double)ph->end);
		flag = i < an->nwin && an->win[i].phase == (long)i + 1 ? rp_window_flag(&an->win[i])
		                                                       : NULL;
		fprintf(out, "<rect class=\"contraction\"%s%s%s x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
		             "height=\"%.1f\"><title>contraction %s .. ", flag ? " data-flag=\"" : "",
		        flag ? flag : "", flag ? "\"" : "", x1, MT, x2 - x1, H_ - MT - MB,
		        rp_period_label(an, ph->start, lab, sizeof lab));
		fprintf(out, "%s%s</title></rect>\n", rp_period_label(an, ph->end, lab, sizeof lab),
		        flag ? " (its raw events add up to a positive total)" : "");
	}
	/* y grid */
	nice_ticks(lo, hi, &step);
	for (t = ceil(lo / step) * step; t <= hi; t += step) {
		double y = gy(&g, t);
		fprintf(out, "<line class=\"%s\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>"
		             "<text class=\"axis\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%.3g</text>\n",
		        fabs(t) < step / 1e6 ? "zero" : "grid", ML, W_ - MR, y, y, ML - 6, y + 4,
		        fabs(t) < step / 1e6 ? 0.0 : t);
	}
	/* x labels: where the year changes, if there is room */
	for (i = 0; i < an->s.n; i++) {
		double x = gx(&g, (double)i);
		rp_period_label(an, i, lab, sizeof lab);
		if (strncmp(lab, prev, 4) == 0)
			continue;
		memcpy(prev, lab, 4);
		prev[4] = '\0';
		if (x - lastx < 38)
			continue;
		lastx = x;
		fprintf(out, "<line class=\"grid\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>"
		             "<text class=\"axis\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%.4s</text>\n",
		        x, x, H_ - MB, H_ - MB + 5, x, H_ - MB + 18, lab);
	}
	/* lines: the raw series under the dated one */
	for (k = 0; k < 2; k++) {
		const double *v = k == 0 ? an->s.value : an->y;
		if (k == 0 && an->o.smooth == 0)
			continue;
		fprintf(out, "<path id=\"%s\" class=\"%s\" d=\"", k ? "index-line" : "raw-line",
		        k ? "dated" : "raw");
		first = 1;
		for (i = 0; i < an->s.n; i++) {
			if (!isfinite(v[i])) {
				first = 1;
				continue;
			}
			fprintf(out, "%s%.1f %.1f", first ? (i ? " M" : "M") : " L", gx(&g, (double)i),
			        gy(&g, v[i]));
			first = 0;
		}
		fprintf(out, "\"/>\n");
	}
	/* turning points */
	for (i = 0; i < an->nturns; i++) {
		size_t ix = an->turns[i].index;
		int peak = an->turns[i].kind > 0;
		double x = gx(&g, (double)ix), y = gy(&g, an->y[ix]);
		rp_period_label(an, ix, lab, sizeof lab);
		fprintf(out, "<circle class=\"%s\" cx=\"%.1f\" cy=\"%.1f\" r=\"5\"><title>%s %s %.3f"
		             "</title></circle><text class=\"tplabel\" x=\"%.1f\" y=\"%.1f\" "
		             "text-anchor=\"middle\">%s</text>\n",
		        peak ? "peak" : "trough", x, y, peak ? "peak" : "trough", lab, an->y[ix], x,
		        peak ? y - 9 : y + 16, lab);
	}
	fprintf(out, "<line id=\"cursor\" x1=\"0\" x2=\"0\" y1=\"%.1f\" y2=\"%.1f\" "
	             "style=\"display:none\"/>\n", MT, H_ - MB);
	fprintf(out, "</svg>\n");
	fprintf(out, "<div class=\"legend\"><span class=\"sw\" style=\"background:#1f4e9c\"></span>"
	             "index%s", an->o.smooth ? " (smoothed, dated)" : "");
	if (an->o.smooth)
		fprintf(out, "<span class=\"sw\" style=\"background:#9fb3d1\"></span>raw index");
	fputs("<span class=\"sw\" style=\"background:#f6c9c4\"></span>contraction phase", out);
	for (i = 0; i < an->nwin; i++)
		if (an->win[i].kind < 0 && rp_window_flag(&an->win[i]))
			break;
	if (i < an->nwin) /* the flagged shading is explained where there is one */
		fputs("<span class=\"sw\" style=\"background:#f3dc8c\"></span>contraction whose raw "
		      "events add up to a positive total", out);
	fputs("<span class=\"sw\" style=\"background:#1a7f37\"></span>peak"
	      "<span class=\"sw\" style=\"background:#c0392b\"></span>trough</div>\n", out);
}

static void write_data(tides_analysis *an, FILE *out)
{
	size_t i, k;
	char lab[16];
	fprintf(out, "<script type=\"application/json\" id=\"tides-data\">{\"x0\":%.3f,\"dx\":%.6f,"
	             "\"labels\":[", ML, (W_ - ML - MR) / (double)an->s.n);
	for (i = 0; i < an->s.n; i++)
		fprintf(out, "%s\"%s\"", i ? "," : "", rp_period_label(an, i, lab, sizeof lab));
	fputs("],\"raw\":[", out);
	for (i = 0; i < an->s.n; i++) {
		if (i)
			fputc(',', out);
		rp_json_num(out, an->s.value[i]);
	}
	fputs("],\"dated\":[", out);
	for (i = 0; i < an->s.n; i++) {
		if (i)
			fputc(',', out);
		rp_json_num(out, an->y[i]);
	}
	fputs("],\"n\":[", out);
	for (i = 0; i < an->s.n; i++)
		fprintf(out, "%s%ld", i ? "," : "", an->nev[i]);
	fputs("],\"events\":[", out);
	for (i = 0; i < an->s.n; i++) {
		const rp_top *t = &an->month[i];
		fprintf(out, "%s[", i ? "," : "");
		for (k = 0; k < t->n; k++) {
			if (k)
				fputc(',', out);
			rp_json_kept(out, &t->v[k]);
		}
		fputc(']', out);
	}
	{
		/* the deepest point of the dated series is shown first */
		long lowest = -1;
		for (i = 0; i < an->s.n; i++)
			if (isfinite(an->y[i]) && (lowest < 0 || an->y[i] < an->y[lowest]))
				lowest = (long)i;
		fprintf(out, "],\"initial\":%ld}</script>\n", lowest);
	}
}

static void td_num(FILE *out, double v)
{
	if (isfinite(v))
		fprintf(out, "<td class=\"num\">%.3f</td>", v);
	else
		fputs("<td class=\"num\">n/a</td>", out);
}

static void yesno(FILE *out, int v)
{
	fprintf(out, "<td class=\"%s\">%s</td>", v ? "yes" : "no", v ? "yes" : "no");
}

/* Opens a table with its header row (cols ends with NULL). */
static void table_head(FILE *out, const char *attr, const char *const *cols)
{
	fprintf(out, "<table %s><tr>", attr);
	for (; *cols; cols++)
		fprintf(out, "<th>%s</th>", *cols);
	fputs("</tr>\n", out);
}

/* A cell of escaped text. */
static void td_text(FILE *out, const char *s)
{
	fputs("<td>", out);
	html_esc(out, s);
	fputs("</td>", out);
}

static void write_drivers(tides_analysis *an, FILE *out, rp_window *w)
{
	static const char *const iss_cols[] = {"issue", "family", "events", "negative", "positive",
	                                       "net", "share", NULL};
	static const char *const ev_cols[] = {"date", "event", "Goldstein", "issues", "sentence",
	                                      NULL};
	char l1[16], l2[16];
	size_t k;
	rp_sort_window(w);
	fprintf(out, "<h3 id=\"downturn-%ld\">Phase %ld: %s .. %s (index %.3f &rarr; %.3f), "
	             "%ld events, raw Goldstein total %+.1f</h3>\n", w->phase, w->phase,
	        rp_period_label(an, w->turn_from, l1, sizeof l1),
	        rp_period_label(an, w->turn_to, l2, sizeof l2), an->y[w->turn_from],
	        an->y[w->turn_to], w->n, w->sum);
	if (rp_window_flag(w))
		fprintf(out, "<p class=\"flag\" data-flag=\"%s\"><b>Raw total positive.</b>  The "
		             "events of this window add up to %+.1f (negative %.1f, positive %+.1f): the "
		             "fall is in the dated index, not in the sum of the events, so "
		             "it is not shown as a downturn driven by conflict.  The issues below are "
		             "what negative weight there was.</p>\n",
		        rp_window_flag(w), w->sum, w->neg, w->pos);
	fputs("<p class=\"meta\">Rank of the claimed drivers among the issues with negative "
	      "weight:", out);
	for (k = 0; k < 3; k++) {
		size_t r = rp_issue_rank(w, rp_claimed_drivers[k]);
		fprintf(out, "%s %s ", k ? "," : "", rp_claimed_drivers[k]);
		if (r)
			fprintf(out, "#%zu", r);
		else
			fputs("&ndash;", out);
	}
	fputs("</p>\n", out);
	table_head(out, "class=\"drivers\"", iss_cols);
	for (k = 0; k < w->niss; k++) {
		const rp_issue *x = &w->iss[k];
		double sh = rp_share(w, w->iss, w->niss, x);
		fputs("<tr>", out);
		td_text(out, x->name);
		td_text(out, x->family);
		fprintf(out, "<td class=\"num\">%ld</td>", x->n);
		td_num(out, x->neg);
		td_num(out, x->pos);
		td_num(out, x->sum);
		if (isfinite(sh))
			fprintf(out, "<td class=\"num\">%.0f%%</td></tr>\n", 100 * sh);
		else
			fputs("<td></td></tr>\n", out);
	}
	fputs("</table>\n", out);
	table_head(out, "class=\"top-events\"", ev_cols);
	for (k = 0; k < w->top.n; k++) {
		const rp_kept *e = &w->top.v[k];
		fprintf(out, "<tr><td>%s</td><td>", e->ev.date);
		html_esc(out, e->ev.source);
		fputs("&rarr;", out);
		html_esc(out, e->ev.target);
		fputc(' ', out);
		html_esc(out, e->ev.code);
		fputs("</td>", out);
		td_num(out, e->ev.goldstein);
		td_text(out, e->issues);
		fputs("<td class=\"sent\">", out);
		if (e->text)
			html_esc(out, e->text);
		else {
			fputs("(not stored: ", out);
			html_esc(out, e->ev.doc_id);
			fprintf(out, "#%d)", e->ev.sentence);
		}
		fputs("</td></tr>\n", out);
	}
	fputs("</table>\n", out);
}

static void write_tables(tides_analysis *an, FILE *out)
{
	static const char *const tp_cols[] = {"#", "period", "kind", "index", NULL};
	static const char *const ph_cols[] = {"#", "kind", "from", "to", "duration", "amplitude",
	                                      "events", "raw Goldstein total", "flag", NULL};
	static const char *const per_cols[] = {"period", "from", "to", "start", "end", "mean", "low",
	                                       "started high", "ended low",
	                                       "low below the previous", NULL};
	size_t i, j;
	char l1[16], l2[16], d1[11], d2[11];

	fputs("<h2>Turning points</h2>\n", out);
	table_head(out, "id=\"turning-points\"", tp_cols);
	for (i = 0; i < an->nturns; i++) {
		fprintf(out, "<tr><td>%zu</td><td>%s</td><td>%s</td>", i + 1,
		        rp_period_label(an, an->turns[i].index, l1, sizeof l1),
		        an->turns[i].kind > 0 ? "peak" : "trough");
		td_num(out, an->y[an->turns[i].index]);
		fputs("</tr>\n", out);
	}
	if (an->nturns == 0)
		fputs("<tr><td colspan=\"4\">no turning point dated</td></tr>\n", out);
	fputs("</table>\n", out);

	fputs("<h2>Phases</h2>\n", out);
	table_head(out, "id=\"phases\"", ph_cols);
	for (i = 0; i < an->nphases; i++) {
		const tides_phase *ph = &an->phases[i];
		fprintf(out, "<tr><td>%zu</td><td>%s</td><td>%s</td><td>%s</td><td class=\"num\">%ld</td>",
		        i + 1, ph->kind > 0 ? "expansion" : "contraction",
		        rp_period_label(an, ph->start, l1, sizeof l1),
		        rp_period_label(an, ph->end, l2, sizeof l2), ph->duration);
		td_num(out, ph->amplitude);
		if (i < an->nwin && an->win[i].phase == (long)i + 1) {
			const char *flag = rp_window_flag(&an->win[i]);
			fprintf(out, "<td class=\"num\">%ld</td>", an->win[i].n);
			td_num(out, an->win[i].sum);
			fprintf(out, "<td>%s</td>", flag ? flag : "");
		} else
			fputs("<td></td><td></td><td></td>", out);
		fputs("</tr>\n", out);
	}
	fputs("</table>\n", out);

	if (an->nper) {
		fputs("<h2>Periods</h2>\n<p class=\"meta\">Started high: the first value is above the "
		      "period's mean.  Ended low: the last value is below the mean and below the first.  "
		      "Low: the period's minimum.</p>\n", out);
		table_head(out, "id=\"periods\"", per_cols);
		for (i = 0; i < an->nper; i++) {
			const rp_period *p = &an->per[i];
			tides_date_format(p->start, d1);
			tides_date_format(p->end, d2);
			fputs("<tr>", out);
			td_text(out, p->name);
			fprintf(out, "<td>%s</td><td>%s</td>", d1, d2);
			if (!p->has) {
				fputs("<td colspan=\"7\">no data</td></tr>\n", out);
				continue;
			}
			td_num(out, p->start_value);
			td_num(out, p->end_value);
			td_num(out, p->mean);
			td_num(out, p->min);
			yesno(out, p->high_start);
			yesno(out, p->low_end);
			if (p->lower_low < 0)
				fputs("<td>-</td>", out);
			else
				yesno(out, p->lower_low);
			fputs("</tr>\n", out);
		}
		fprintf(out, "</table>\n<p>Each low lower than the last: <b>%s</b></p>\n",
		        an->descending_lows < 0 ? "n/a" : an->descending_lows ? "yes" : "no");
	}

	fputs("<h2>Drivers of each downturn</h2>\n<p class=\"meta\">Events of the dyad from the "
	      "month after the dated peak to the dated trough's month, counted raw (not smoothed).  "
	      "Each event's Goldstein weight is split equally among its issues; events without an "
	      "issue count as (untagged).  Negative and positive: the parts of an issue's net weight "
	      "from hostile and from cooperative events; issues are ranked by their negative part.  "
	      "Share: part of the downturn's negative weight.  A downturn whose raw events add up to "
	      "a positive total is flagged.  Events between one side and third parties (e.g. Russia "
	      "and NATO) are not in the dyad.</p>\n", out);
	for (i = 0, j = 0; i < an->nwin; i++) {
		if (an->win[i].kind >= 0)
			continue;
		j++;
		write_drivers(an, out, &an->win[i]);
	}
	if (j == 0)
		fputs("<p>No contraction phase was dated.</p>\n", out);
}

tides_status tides_report_write_html(tides_analysis *an, FILE *out, const char *title)
{
	char d1[16], d2[16];
	long nev = 0;
	size_t i;
	char t[160];

	for (i = 0; i < an->s.n; i++)
		nev += an->nev[i];
	if (!title) {
		snprintf(t, sizeof t, "tides report: %s-%s", an->a, an->b);
		title = t;
	}
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>", out);
	html_esc(out, title);
	fprintf(out, "</title>\n<style>%s</style>\n</head>\n<body>\n<h1>", CSS);
	html_esc(out, title);
	fputs("</h1>\n<p class=\"meta\">Dyad ", out);
	html_esc(out, an->a);
	fputs(an->o.directed ? " &rarr; " : " &harr; ", out);
	html_esc(out, an->b);
	fprintf(out, "; measure %s by %s; %zu periods %s .. %s; %ld events",
	        tides_measure_name(an->o.measure), rp_by_name(an->s.by), an->s.n, rp_period_label(an, 0, d1, sizeof d1),
	        rp_period_label(an, an->s.n - 1, d2, sizeof d2), nev);
	if (an->s.ninterpolated)
		fprintf(out, " (%zu empty periods interpolated)", an->s.ninterpolated);
	if (an->o.smooth > 0)
		fprintf(out, "; dated on a %d-period centred moving average", an->o.smooth);
	else if (an->o.smooth < 0)
		fputs("; dated on Spencer's 15-term curve", out);
	fprintf(out, "; %s (window %d, minimum phase %d, minimum cycle %d).</p>\n",
	        an->o.cycle.method == TIDES_CYCLE_BRY_BOSCHAN ? "Bry-Boschan" : "BBQ",
	        an->o.cycle.window, an->o.cycle.min_phase, an->o.cycle.min_cycle);
	write_chart(an, out);
	fputs("<p class=\"legend\">Hover over the chart to see a period's top events and their "
	      "sentences; click to pin a period.  Shown first: the lowest point.</p>\n"
	      "<div id=\"month-detail\">(needs JavaScript)</div>\n", out);
	write_tables(an, out);
	write_data(an, out);
	fprintf(out, "<script>\n%s</script>\n</body>\n</html>\n", JS);
	if (ferror(out))
		return tides_fail(an->ctx, TIDES_ERR_IO, "cannot write the report: write error");
	return TIDES_OK;
}
