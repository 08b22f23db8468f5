# tides report: the HTML page of a store built here, rendered in headless
# Chromium.  The screenshot must not be blank and must show the index line;
# the DOM after the script ran must hold the chart (an <svg> with path data)
# and the detail panel filled from the embedded JSON.  Skips without chromium.
set -e
CHROMIUM=""
for c in chromium chromium-browser google-chrome; do
	if command -v "$c" >/dev/null 2>&1; then CHROMIUM=$c; break; fi
done
if [ -z "$CHROMIUM" ]; then
	echo "chromium is not installed (apt-get install chromium; 'make check' as root installs it)"
	exit 77
fi
command -v cc >/dev/null 2>&1 || { echo "no C compiler for the PNG check"; exit 77; }
cd "$TMP"

# a chronicle coded here with dictionaries written for the test: each month
# has 4 sentences, meetings (+1) or criticism over NATO expansion (-2), their
# mix following a 24-month cycle that drifts down; the criticism carries
# markup-like characters that must reach the page as text
printf 'MET  [040]\nCRITICIZED  [111]\n' > t.verbs
printf 'WASHINGTON  [USA]\nMOSCOW  [RUS]\n' > t.actors
awk 'BEGIN{pi=3.14159265358979; for(m=0;m<96;m++){y=2000+int(m/12); mo=m%12+1;
 c=int(2.5+2*cos(2*pi*(m-6)/24)-m/48); if(c<0)c=0; if(c>4)c=4;
 for(k=0;k<4;k++){d=sprintf("%04d-%02d-%02d",y,mo,k+3); id=sprintf("s%d-%d",m,k);
  if(k<c) printf "%s\t%s\tWashington met Moscow at a summit on trade.\n",d,id;
  else printf "%s\t%s\tMoscow criticized Washington over NATO expansion <b>&\"now\"</b>.\n",d,id}}}' > chron.txt
$TIDES code --dicts . --verbs t.verbs --actors t.actors --input-format lines --db t.db chron.txt \
	> /dev/null 2>&1
printf 'name,start,end\nFirst,2000-01-01,2002-12-31\nSecond <&>,2003-01-01,2005-12-31\nThird,2006-01-01,2007-12-31\n' > p.csv
$TIDES report --db t.db --dyad USA,RUS --periods p.csv --issues "$ROOT/data/issues/issues.txt" \
	--title 'USA & RUS <test>' -o r.html --summary s.txt
grep -q '^<!DOCTYPE html>' r.html
grep -q '<title>USA &amp; RUS &lt;test&gt;</title>' r.html
grep -q '>Second &lt;&amp;&gt;</text>' r.html
# nothing to fetch: no src=, href= or url( in the page
! grep -q 'src=\|href=\|url(' r.html
grep -q '^  each low lower than the last: \(yes\|no\)$' s.txt
grep -q 'claimed drivers, rank among the negative issues: NATO_ENLARGEMENT #1' s.txt

cat > png.c <<'CEOF'
/* Prints "W H nonwhite distinct chartblue" for an 8-bit RGB/RGBA PNG. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
static unsigned long be32(const unsigned char *p) { return ((unsigned long)p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3]; }
static int paeth(int a, int b, int c) { int p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c); return pa <= pb && pa <= pc ? a : pb <= pc ? b : c; }
int main(int argc, char **argv) {
	FILE *f = fopen(argv[1], "rb"); unsigned char hdr[8], len4[8]; unsigned char *idat = NULL, *raw, *img;
	size_t nidat = 0; unsigned long w = 0, h = 0; int bpp = 0; unsigned long x, y, nonwhite = 0, blue = 0, distinct = 0;
	static unsigned char seen[1 << 21];
	if (!f || fread(hdr, 1, 8, f) != 8 || memcmp(hdr, "\x89PNG\r\n\x1a\n", 8)) return 2;
	while (fread(len4, 1, 8, f) == 8) {
		unsigned long n = be32(len4); unsigned char *d = malloc(n + 4);
		if (!d || fread(d, 1, n + 4, f) != n + 4) return 2;
		if (!memcmp(len4 + 4, "IHDR", 4)) { w = be32(d); h = be32(d + 4); if (d[8] != 8) return 3; bpp = d[9] == 6 ? 4 : d[9] == 2 ? 3 : 0; if (!bpp) return 3; }
		else if (!memcmp(len4 + 4, "IDAT", 4)) { idat = realloc(idat, nidat + n); memcpy(idat + nidat, d, n); nidat += n; }
		free(d);
	}
	{ uLongf rl = (uLongf)(w * bpp + 1) * h; raw = malloc(rl); img = malloc(w * bpp * h);
	  if (uncompress(raw, &rl, idat, nidat) != Z_OK) return 4; }
	for (y = 0; y < h; y++) {
		unsigned char ft = raw[y * (w * bpp + 1)], *src = raw + y * (w * bpp + 1) + 1, *dst = img + y * w * bpp, *up = y ? dst - w * bpp : NULL;
		for (x = 0; x < w * bpp; x++) {
			int a = x >= (unsigned long)bpp ? dst[x - bpp] : 0, b = up ? up[x] : 0, c = (up && x >= (unsigned long)bpp) ? up[x - bpp] : 0, v = src[x];
			switch (ft) { case 1: v += a; break; case 2: v += b; break; case 3: v += (a + b) / 2; break; case 4: v += paeth(a, b, c); break; }
			dst[x] = (unsigned char)v;
		}
	}
	for (y = 0; y < h; y++) for (x = 0; x < w; x++) {
		unsigned char *p = img + (y * w + x) * bpp; unsigned long key = ((p[0] >> 1) << 14) | ((p[1] >> 1) << 7) | (p[2] >> 1);
		if (p[0] < 245 || p[1] < 245 || p[2] < 245) nonwhite++;
		if (abs(p[0] - 31) < 25 && abs(p[1] - 78) < 25 && abs(p[2] - 156) < 25) blue++;
		if (!seen[key]) { seen[key] = 1; distinct++; }
	}
	printf("%lu %lu %lu %lu %lu\n", w, h, nonwhite, distinct, blue);
	return 0;
}
CEOF
cc -O1 -o png png.c -lz

run_chromium() {
	timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$TMP/chr" --window-size=1200,900 "$@" "file://$TMP/r.html" 2>chromium.log
}
run_chromium --screenshot="$TMP/shot.png" >/dev/null
test -s shot.png
set -- $(./png shot.png)
echo "screenshot: ${1}x$2, $3 non-white pixels, $4 colours, $5 pixels of the index line"
test "$1" = 1200 && test "$2" = 900
test "$3" -gt 50000     # a page, not a blank
test "$4" -gt 20        # shading, bands, markers, text
test "$5" -gt 300       # the index line is drawn

run_chromium --dump-dom > dom.html
grep -q '<svg id="tides-chart"' dom.html
grep -q '<path id="index-line" class="dated" d="M[0-9.]* [0-9.]* L' dom.html
grep -q 'class="contraction"' dom.html
grep -q '<circle class="trough"' dom.html
# the script ran: the panel shows the lowest period and its sentences, as text
grep -q '<div id="month-detail"><div style="font-weight: 600;">20[0-9][0-9]-[0-9][0-9]: index -' dom.html
grep -q '<span>Moscow criticized Washington over NATO expansion &lt;b&gt;&amp;"now"&lt;/b&gt;.</span>' dom.html
! grep -q '<b>&' dom.html
# each event's line: date, source -> target, code, Goldstein, issues
grep -q '<span class="code">20[0-9-]* RUS→USA 111 (-2) \[NATO_ENLARGEMENT\] </span>' dom.html
