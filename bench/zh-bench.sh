#!/bin/sh
# bench/zh-bench.sh [BUILD_DIR] [EN_DICTS] — Chinese coding speed and memory with the
# bundled Chinese dictionaries, and English in the same run for comparison.
# The sentences are the parallel set (tests/parallel/en-zh.tsv: the same 113 news
# sentences in both languages), coded REPEAT times.  Prints sentences per CPU second
# (median of 5 runs) and peak RSS for each language; never fails on time.
B=${1:-build-rel}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
EN=${2:-$ROOT/data/dict/en}
REPEAT=${REPEAT:-40}
[ -f "$ROOT/$B/libtides.a" ] || { echo "zh bench: build $B first (make release)"; exit 0; }
BIN=$(mktemp "${TMPDIR:-/tmp}/zh-bench.XXXXXX")
trap 'rm -f "$BIN" "$BIN.time"' EXIT
# shellcheck disable=SC2046
cc -O2 -I"$ROOT/include" -I"$ROOT/src" -o "$BIN" "$ROOT/bench/zh-bench.c" "$ROOT/$B/libtides.a" \
	$(pkg-config --libs sqlite3 icu-uc icu-i18n zlib libzip) -lpthread -lm || exit 0
P="$ROOT/tests/parallel/en-zh.tsv"
run() { # lang dictdir column
	[ -f "$2/verbs.txt" ] || { echo "$1: no dictionaries in $2; skipped"; return; }
	for i in 1 2 3 4 5; do
		/usr/bin/time -f '%M' -o "$BIN.time" "$BIN" "$2" "$1" "$P" "$3" "$REPEAT" || return
		echo "rss_kb $(cat "$BIN.time")"
	done | awk -v L="$1" '
		/sentences\/s/ { for (i = 1; i <= NF; i++) if ($i == "sentences/s;") s[++n] = $(i - 1)
		                 for (i = 1; i <= NF; i++) if ($i == "load") ld[n] = $(i + 1) }
		/^rss_kb/ { r[++m] = $2 }
		END { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) {
		        if (s[j] < s[i]) { t = s[i]; s[i] = s[j]; s[j] = t }
		        if (r[j] < r[i]) { t = r[i]; r[i] = r[j]; r[j] = t }
		        if (ld[j] < ld[i]) { t = ld[i]; ld[i] = ld[j]; ld[j] = t } }
		      k = int((n + 1) / 2)
		      printf "%s: %d sentences per CPU second (median of %d runs), dictionary load %s ms, peak RSS %.1f MB\n",
		             L, s[k], n, ld[k], r[k] / 1024 }'
}
echo "== coding the parallel set ($REPEAT x 113 sentences) with the bundled dictionaries"
run zh "$ROOT/data/dict/zh" 3
run en "$EN" 2
