#!/bin/sh
# bench/sentences.sh — what storing sentences costs `tides code --db`:
# instructions a stored sentence (valgrind --tool=callgrind, inclusive cost
# of tides_store_bulk_add_sentence plus the sentence flushes before each
# commit, over the rows of the sentences table), on the first LINES stories
# of a JSONL corpus, in input order and shuffled (doc_ids in random key
# order: a seek from the root and a cell shift in a 64 KiB page a row).
# Instruction counts do not depend on the load of a shared machine; the
# CPU medians of RUNS one-thread runs on the whole corpus (TIME=1) do.
#
# Needs the PETRARCH dictionaries in $SHARED/petrarch and the corpus
# bench/threads.sh makes (bench/out/threads-200000.jsonl; CORPUS= another).
# Environment: TIDES (default build-rel/tides), CORPUS, LINES (50000),
# TIME (0), RUNS (5).  Figures only; never fails on a figure.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TIDES=${TIDES:-$ROOT/build-rel/tides}
SHARED=${SHARED:-$ROOT/../shared/data}
CORPUS=${CORPUS:-$ROOT/bench/out/threads-200000.jsonl}
LINES=${LINES:-50000}
TIME=${TIME:-0}
RUNS=${RUNS:-5}
S=$SHARED/petrarch
[ -x "$TIDES" ] || { echo "sentences.sh: no $TIDES (make release)"; exit 0; }
[ -f "$S/CAMEO.2.0.txt" ] || { echo "sentences.sh: no PETRARCH dictionaries in $S"; exit 0; }
[ -f "$CORPUS" ] || { echo "sentences.sh: no corpus $CORPUS (bench/threads.sh makes it)"; exit 0; }
command -v sqlite3 >/dev/null || { echo "sentences.sh: needs the sqlite3 CLI"; exit 0; }
T=$(mktemp -d "${TMPDIR:-/tmp}/tides-sent.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT INT TERM
set -- --dicts "$S" --verbs CAMEO.2.0.txt \
	--actors Phoenix.Countries.actors.txt,Phoenix.International.actors.txt,Phoenix.MilNonState.actors.txt \
	--agents Phoenix.agents.txt

head -n "$LINES" "$CORPUS" > "$T/in.jsonl"
awk 'BEGIN { srand(7) } { printf "%.9f\t%s\n", rand(), $0 }' "$T/in.jsonl" | sort -k1,1 |
	cut -f2- > "$T/shuf.jsonl"

if command -v valgrind >/dev/null && command -v callgrind_annotate >/dev/null; then
	for c in in shuf; do
		rm -f "$T/c.db" "$T/c.db-wal" "$T/c.db-shm"
		valgrind --tool=callgrind --callgrind-out-file="$T/cg" "$TIDES" code --db "$T/c.db" \
			"$@" "$T/$c.jsonl" >/dev/null 2>&1
		rows=$(sqlite3 "$T/c.db" 'SELECT count(*) FROM sentences')
		callgrind_annotate --inclusive=yes --tree=caller "$T/cg" 2>/dev/null | awk -v rows="$rows" -v c="$c" '
			function num(s) { gsub(/,/, "", s); return s + 0 }
			/PROGRAM TOTALS/ { total = num($1) }
			/^ *[0-9,]+ .*\* .*:tides_store_bulk_add_sentence / { add = num($1) }
			/^ *[0-9,]+ .*< .*:bulk_flush / { fl = num($1) }   # callers of the next node
			/^ *[0-9,]+ .*\* .*:bulk_flush_sentences/ { flush = fl }
			/^$/ { fl = 0 }
			END {
				n = add + flush
				printf "%-5s %d sentences: %.0f M instructions storing them (%.0f a sentence), %.0f M in all\n",
				       c, rows, n / 1e6, rows ? n / rows : 0, total / 1e6
			}'
	done
else
	echo "sentences.sh: no valgrind: no instruction counts"
fi

if [ "$TIME" = 1 ]; then
	i=0
	while [ $i -lt "$RUNS" ]; do
		rm -f "$T/t.db" "$T/t.db-wal" "$T/t.db-shm"
		/usr/bin/time -f '%e %U %S' -o "$T/time" "$TIDES" code --db "$T/t.db" "$@" "$CORPUS" \
			>/dev/null 2>&1
		awk '{ printf "%.2f %.2f\n", $1, $2 + $3 }' "$T/time" >> "$T/times"
		i=$((i + 1))
	done
	sort -n -k1,1 "$T/times" | awk -v r="$RUNS" 'NR == int((r + 1) / 2) { printf "wall median %s s\n", $1 }'
	sort -n -k2,2 "$T/times" | awk -v r="$RUNS" 'NR == int((r + 1) / 2) { printf "cpu  median %s s (user+sys; noisy on a shared machine)\n", $2 }'
fi
exit 0
