#!/bin/sh
# bench/code.sh [BUILD_DIR] — English coding speed with the production
# PETRARCH dictionaries (CAMEO.2.0 verbs, Phoenix actors and agents).
#
# Builds bench/code-bench (against BUILD_DIR/libtides.a, default build-rel;
# `make release` first), generates the corpus with bench/code-corpus.awk
# into bench/out/ (never committed) unless it is there already, and prints:
#   - dictionary load time, median of LOADS loads (target <= 50 ms)
#   - sentences/s on one core, median of RUNS passes (target >= 500,000), by
#     wall clock and by the process's CPU time (fairer on a shared machine)
#   - peak RSS of the process (target <= 64 MB)
#   - the same through `tides code`, when that command codes TSV input
#   - with CALLGRIND=1: instructions per sentence under callgrind (coding
#     only, the first CG_N=50000 sentences): repeatable on a loaded machine
# Environment: SHARED (default ../shared/data), N (corpus lines, 1000000),
# RUNS (3), LOADS (5), CALLGRIND (0), CG_N (50000).  Figures only; never
# fails on time.
set -u
B=${1:-build-rel}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 1
SHARED=${SHARED:-$ROOT/../shared/data}
N=${N:-1000000}
RUNS=${RUNS:-3}
LOADS=${LOADS:-5}
P=$SHARED/petrarch
if [ ! -d "$P" ]; then
	echo "bench/code.sh: no PETRARCH dictionaries in $P; skipped"
	exit 0
fi
if [ ! -f "$B/libtides.a" ]; then
	echo "bench/code.sh: $B/libtides.a missing; run 'make release' (or pass a build dir)"
	exit 1
fi
mkdir -p bench/out
BIN=bench/out/code-bench
PKGS="sqlite3 icu-uc icu-i18n zlib libzip"
# shellcheck disable=SC2046
cc -std=c11 -O2 -g -DNDEBUG -Iinclude -Isrc -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	-o "$BIN" bench/code-bench.c "$B/libtides.a" $(pkg-config --libs $PKGS) -lpthread -lm || exit 1

CORPUS=bench/out/corpus-$N.tsv
if [ ! -s "$CORPUS" ]; then
	awk -v n="$N" -f bench/code-corpus.awk "$SHARED/suites/petr_unittest.tsv" \
		"$SHARED/suites/tabari_validate.tsv" "$P/GigaWord.sample.PETR.xml" > "$CORPUS.tmp" &&
		mv "$CORPUS.tmp" "$CORPUS" || exit 1
fi
echo "corpus: $CORPUS ($(wc -l < "$CORPUS") sentences, $(cksum < "$CORPUS" | cut -d' ' -f1) cksum)"
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')"

DICTS="--dir $P --verbs CAMEO.2.0.txt --actors Phoenix.Countries.actors.txt,Phoenix.International.actors.txt,Phoenix.MilNonState.actors.txt --agents Phoenix.agents.txt"
echo "== library (bench/code-bench, one core)"
# shellcheck disable=SC2086
taskset -c 0 "$BIN" $DICTS --loads "$LOADS" --runs "$RUNS" "$CORPUS" 2>&1 ||
	"$BIN" $DICTS --loads "$LOADS" --runs "$RUNS" "$CORPUS"

if [ "${CALLGRIND:-0}" = 1 ] && command -v valgrind > /dev/null 2>&1; then
	CG_N=${CG_N:-50000}
	echo "== callgrind (coding only, first $CG_N sentences)"
	# shellcheck disable=SC2086
	valgrind --tool=callgrind --callgrind-out-file=bench/out/code.callgrind --collect-atstart=no \
		--toggle-collect=tides_coder_code_story "$BIN" $DICTS --loads 1 --runs 1 --limit "$CG_N" \
		"$CORPUS" > /dev/null 2> bench/out/code-callgrind.err
	IR=$(callgrind_annotate bench/out/code.callgrind 2> /dev/null | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1; exit }')
	[ -n "$IR" ] && echo "instructions=$IR sentences=$CG_N instructions_per_sentence=$((IR / CG_N))"
fi

head -100 "$CORPUS" > bench/out/code-probe.tsv
if "$B/tides" code --dicts "$P" --verbs CAMEO.2.0.txt --actors Phoenix.International.actors.txt \
	--input-format lines bench/out/code-probe.tsv > /dev/null 2>&1; then
	echo "== tides code (CLI, lines input, output to /dev/null)"
	i=0
	while [ $i -lt "$RUNS" ]; do
		i=$((i + 1))
		/usr/bin/time -f "run=$i seconds=%e maxrss_kb=%M" "$B/tides" code --input-format lines \
			--dicts "$P" --verbs CAMEO.2.0.txt \
			--actors Phoenix.Countries.actors.txt,Phoenix.International.actors.txt,Phoenix.MilNonState.actors.txt \
			--agents Phoenix.agents.txt "$CORPUS" > /dev/null 2> bench/out/code-cli.err
		tail -1 bench/out/code-cli.err
	done
else
	echo "== tides code: not available in this build (the library figures above stand)"
fi
