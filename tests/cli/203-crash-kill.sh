# SIGKILL during import: a few hundred thousand generated GDELT rows are imported and the
# import is killed at random moments N times.  After every kill the store passes
# PRAGMA integrity_check and holds no event twice; a final run completes it to exactly the
# totals of a clean import.  Bounded well under 60 s.
set -e
command -v sqlite3 >/dev/null || { echo "skipped: sqlite3 CLI not installed"; exit 77; }
ROWS=${CRASH_ROWS:-200000}
N=${CRASH_KILLS:-8}
src=$TMP/gen.CSV
sh "$ROOT/bench/import-gen.sh" "$ROWS" "$ROOT/tests/data/store/good.CSV" > "$src"

q() { sqlite3 "$1" "$2"; }
totals() { q "$1" "SELECT count(*), count(DISTINCT event_id), printf('%.1f', sum(goldstein)), min(date), max(date) FROM events"; }

t0=$(date +%s)
start=$(date +%s.%N)
$TIDES import --db "$TMP/clean.db" "$src" 2>/dev/null
clean=$(totals "$TMP/clean.db")
secs=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
echo "clean import: $clean (${secs}s)"
[ "$(q "$TMP/clean.db" 'SELECT count(*) FROM events')" = "$ROWS" ]

seed=${CRASH_SEED:-$(date +%s)}
echo "seed $seed"
db=$TMP/crash.db
i=0
while [ $i -lt "$N" ]; do
	# a delay between 0.02 s and a quarter of the clean import's time (at most 0.6 s):
	# short enough that most kills land while rows are written (each resumed run gets a
	# little further), some during the index build that ends a bulk load
	d=$(awk -v s="$seed" -v i=$i -v m="$secs" 'BEGIN { srand(s + i); if (m > 2.4) m = 2.4; printf "%.2f", 0.02 + rand() * m / 4 }')
	$TIDES import --batch 20000 --db "$db" "$src" 2>/dev/null &
	pid=$!
	sleep "$d"
	kill -9 $pid 2>/dev/null || true
	wait $pid 2>/dev/null || true
	if [ -e "$db" ]; then
		ic=$(q "$db" "PRAGMA integrity_check")
		[ "$ic" = ok ] || { echo "kill $i after ${d}s: integrity_check: $ic"; exit 1; }
		dup=$(q "$db" "SELECT count(*) - count(DISTINCT event_id), count(*) - count(DISTINCT orig_id) FROM events")
		[ "$dup" = "0|0" ] || { echo "kill $i after ${d}s: duplicates $dup"; exit 1; }
		echo "kill $i after ${d}s: $(q "$db" 'SELECT count(*) FROM events') rows, progress $(q "$db" 'SELECT offset, done FROM import_progress')"
	fi
	i=$((i + 1))
done
$TIDES import --db "$db" "$src" 2>"$TMP/err"
cat "$TMP/err"
final=$(totals "$db")
echo "after kills:  $final"
[ "$final" = "$clean" ] || { echo "totals differ"; exit 1; }
[ "$(q "$db" 'PRAGMA integrity_check')" = ok ]
# every index is back, whatever moment the bulk load was killed at
idx=$(q "$db" "SELECT count(*) FROM sqlite_master WHERE type='index' AND name LIKE 'events_%'")
[ "$idx" = 5 ] || { echo "indexes: $idx"; exit 1; }
echo "elapsed $(( $(date +%s) - t0 ))s"
