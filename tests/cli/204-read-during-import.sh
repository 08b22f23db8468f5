# Reads while an import runs (WAL): `tides stats` and the sqlite3 CLI (the segment
# catalogue) read the store over and over while a generated import writes it.  Every read succeeds, sees whole batches
# only (a multiple of the batch size), counts never go down, and some reads land mid-import.
set -e
command -v sqlite3 >/dev/null || { echo "skipped: sqlite3 CLI not installed"; exit 77; }
ROWS=300000
B=5000
src=$TMP/gen.CSV
sh "$ROOT/bench/import-gen.sh" $ROWS "$ROOT/tests/data/store/good.CSV" > "$src"
db=$TMP/w.db
$TIDES import --db "$db" "$ROOT/tests/data/store/empty.CSV" 2>/dev/null   # creates the store
$TIDES import --batch $B --db "$db" "$src" 2>"$TMP/imp.err" &
pid=$!
prev=0 mid=0 reads=0
while kill -0 $pid 2>/dev/null; do
	n=$($TIDES stats --db "$db" | awk -F'\t' '$1 == "events" { print $2 }')
	# the sqlite3 CLI waits for locks only when told to (tides waits 30 s)
	m=$(sqlite3 -cmd ".timeout 30000" "$db" "SELECT coalesce(sum(nlive), 0) FROM segments")
	reads=$((reads + 1))
	[ -n "$n" ] && [ -n "$m" ] || { echo "a read failed"; kill $pid; exit 1; }
	[ $((n % B)) = 0 ] || [ "$n" = $ROWS ] || { echo "read a partial batch: $n"; kill $pid; exit 1; }
	[ "$n" -ge "$prev" ] && [ "$m" -ge "$n" ] || { echo "count went down: $prev $n $m"; kill $pid; exit 1; }
	if [ "$n" -gt 0 ] && [ "$n" -lt $ROWS ]; then mid=$((mid + 1)); fi
	prev=$m
done
wait $pid
echo "$reads reads, $mid during the import"
[ "$mid" -ge 1 ] || { echo "no read landed during the import"; exit 1; }
[ "$($TIDES export --db "$db" | awk 'NR > 1' | wc -l)" = $ROWS ]
[ "$(sqlite3 "$db" 'PRAGMA integrity_check')" = ok ]
