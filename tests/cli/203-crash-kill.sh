# SIGKILL during import: a few hundred thousand generated GDELT rows are imported and the
# import is killed at random moments N times.  After every kill the store passes
# PRAGMA integrity_check and holds no event twice (counted over `tides export`); a final
# run completes it to exactly the totals of a clean import, with no segment left pending.
# Bounded well under 60 s.
set -e
command -v sqlite3 >/dev/null || { echo "skipped: sqlite3 CLI not installed"; exit 77; }
ROWS=${CRASH_ROWS:-200000}
N=${CRASH_KILLS:-8}
src=$TMP/gen.CSV
sh "$ROOT/bench/import-gen.sh" "$ROWS" "$ROOT/tests/data/store/good.CSV" > "$src"

q() { sqlite3 "$1" "$2"; }
ex() { $TIDES export --db "$1" | awk 'NR > 1'; }
# rows, distinct event ids, Goldstein sum, first and last date
totals() {
	ex "$1" > "$TMP/ex"
	echo "$(wc -l < "$TMP/ex") $(cut -f1 "$TMP/ex" | sort -u | wc -l) $(awk -F'\t' '{ g += $8; if (min == "" || $2 < min) min = $2; if ($2 > max) max = $2 } END { printf "%.1f %s %s", g, min, max }' "$TMP/ex")"
}

t0=$(date +%s)
start=$(date +%s.%N)
$TIDES import --db "$TMP/clean.db" "$src" 2>/dev/null
clean=$(totals "$TMP/clean.db")
secs=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
echo "clean import: $clean (${secs}s)"
[ "$(ex "$TMP/clean.db" | wc -l)" = "$ROWS" ]

seed=${CRASH_SEED:-$(date +%s)}
echo "seed $seed"
db=$TMP/crash.db
i=0
while [ $i -lt "$N" ]; do
	# a delay between 0.02 s and a quarter of the clean import's time (at most 0.6 s):
	# short enough that most kills land while rows are written (each resumed run gets a
	# little further), some during the dedup pass that ends an import
	d=$(awk -v s="$seed" -v i=$i -v m="$secs" 'BEGIN { srand(s + i); if (m > 2.4) m = 2.4; printf "%.2f", 0.02 + rand() * m / 4 }')
	$TIDES import --batch 20000 --db "$db" "$src" 2>/dev/null &
	pid=$!
	sleep "$d"
	kill -9 $pid 2>/dev/null || true
	wait $pid 2>/dev/null || true
	if [ -e "$db" ]; then
		ic=$(q "$db" "PRAGMA integrity_check")
		[ "$ic" = ok ] || { echo "kill $i after ${d}s: integrity_check: $ic"; exit 1; }
		ex "$db" > "$TMP/ex"
		dup="$(cut -f1 "$TMP/ex" | sort | uniq -d | wc -l) $(cut -f17 "$TMP/ex" | sort | uniq -d | wc -l)"
		[ "$dup" = "0 0" ] || { echo "kill $i after ${d}s: duplicates $dup"; exit 1; }
		echo "kill $i after ${d}s: $(wc -l < "$TMP/ex") rows, progress $(q "$db" 'SELECT offset, done FROM import_progress')"
	fi
	i=$((i + 1))
done
$TIDES import --db "$db" "$src" 2>"$TMP/err"
cat "$TMP/err"
final=$(totals "$db")
echo "after kills:  $final"
[ "$final" = "$clean" ] || { echo "totals differ"; exit 1; }
[ "$(q "$db" 'PRAGMA integrity_check')" = ok ]
# every segment is settled (deduplicated), whatever moment the import was killed at
p=$(q "$db" "SELECT count(*) FROM segments WHERE pending")
[ "$p" = 0 ] || { echo "pending segments: $p"; exit 1; }
echo "elapsed $(( $(date +%s) - t0 ))s"
