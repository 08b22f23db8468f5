#!/bin/sh
# scripts/demo.sh BUILD_DIR — the main job of tides on bundled data (`make demo`).
#
# Codes the U.S.-Russia chronicle (data/demo/usa-rus-chronicle.txt) with the
# bundled English dictionaries (data/dict/en), stores the events and their
# sentences in demo/tides.db, builds the monthly USA-RUS relations index,
# dates its cycles against the presidential terms (data/demo/periods.csv),
# and writes demo/cycles.json (`tides cycles --format json`),
# demo/report.html (`tides report`) and demo/summary.txt, which it prints
# (into $TIDES_DEMO_OUT instead of demo/ when set).
# Uses nothing outside the project (no ../shared).
#
# Choices (see README, "Cycles, drivers and the report: the demo"):
#   dyad USA,RUS undirected   relations, both directions
#   --measure goldstein-mean  intensity per event, not volume: the chronicle's
#                             density varies by year, a sum would follow it
#   --smooth ma:12            about one sentence a month: months are mostly
#                             empty, so the dating runs on a one-year average
#   BBQ --window 6 --min-phase 5 --min-cycle 15
#                             the Bry-Boschan (NBER) monthly constraints
set -e
B=${1:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
TIDES="$ROOT/$B/tides"
[ -x "$TIDES" ] || { echo "tides: demo: $TIDES is not built (run 'make')" >&2; exit 1; }

DICT=data/dict/en
CHRONICLE=data/demo/usa-rus-chronicle.txt
PERIODS=data/demo/periods.csv
ISSUES=data/issues/issues.txt
OUT=${TIDES_DEMO_OUT:-demo}
DYAD=USA,RUS
INDEX="--by month --measure goldstein-mean"
DATING="--smooth ma:12 --window 6 --min-phase 5 --min-cycle 15"

set --
for kind in verbs actors agents discards; do
	[ -f "$DICT/$kind.txt" ] && set -- "$@" "--$kind" "$kind.txt"
done
if [ ! -f "$DICT/verbs.txt" ] || [ ! -f "$DICT/actors.txt" ]; then
	echo "tides: demo: the default dictionaries are missing ($DICT/verbs.txt, $DICT/actors.txt)" >&2
	exit 1
fi

mkdir -p "$OUT"
rm -f "$OUT/tides.db" "$OUT/tides.db-wal" "$OUT/tides.db-shm"

echo "== coding $CHRONICLE with $DICT"
"$TIDES" code --dicts "$DICT" "$@" --issues "$ISSUES" --input-format lines \
	--db "$OUT/tides.db" "$CHRONICLE" > "$OUT/events.tsv"
"$TIDES" stats --db "$OUT/tides.db" --top 5 | sed 's/^/   /'
n=$(awk -F'\t' 'NR > 1 && (($3 ~ /^USA/ && $4 ~ /^RUS/) || ($3 ~ /^RUS/ && $4 ~ /^USA/))' "$OUT/events.tsv" | wc -l)
echo "   events between USA and RUS (both directions): $n"
[ "$n" -gt 0 ] || { echo "tides: demo: no USA-RUS event was coded" >&2; exit 1; }

echo "== dating the cycles of the monthly index"
"$TIDES" cycles --db "$OUT/tides.db" --dyad "$DYAD" --undirected $INDEX $DATING \
	--periods "$PERIODS" --format json > "$OUT/cycles.json"
echo "   $OUT/cycles.json"

echo "== report"
"$TIDES" report --db "$OUT/tides.db" --dyad "$DYAD" --undirected $INDEX $DATING \
	--periods "$PERIODS" --issues "$ISSUES" \
	--title "U.S.-Russian relations 1992-2016: the demo of tides" \
	-o "$OUT/report.html" --summary "$OUT/summary.txt"
echo "   $OUT/report.html (open it in a browser; it needs no network)"
echo
cat "$OUT/summary.txt"
