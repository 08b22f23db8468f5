# tides code --threads N --db: the store is written on a writer thread; it must end up
# as with one thread: the same segments (blobs included) in the same order, the same
# sentences, the same stdout, into an empty store and into
# one holding import segments (the dedup pass drops what they hold), and the same
# message when the store cannot be opened.
set -e
G="$ROOT/tests/bad/gen.sh"
D="$ROOT/tests/data/hard"
DICTS="--dicts $D --verbs world.verbs --actors world.actors"
sh "$G" jsonl 6000 3 > "$TMP/c.jsonl"
# a store with segments: GDELT rows, and the first 2000 stories' events as tides TSV
$TIDES code $DICTS "$TMP/c.jsonl" 2> /dev/null | head -2001 > "$TMP/first.tsv"
$TIDES import --db "$TMP/seg.db" --batch 500 "$ROOT/tests/data/store/good.CSV" 2> /dev/null
$TIDES import --db "$TMP/seg.db" --format tides --batch 300 "$TMP/first.tsv" 2> /dev/null

dump() { # the segments (catalogue and blobs, byte for byte), the row table and the
	# sentences (a WITHOUT ROWID table: in key order), when sqlite3 is there
	if command -v sqlite3 > /dev/null 2>&1; then
		sqlite3 "$1" "SELECT s.*, hex(d.data) FROM segments s JOIN segment_data d USING(seg) ORDER BY seg;
		              SELECT * FROM events ORDER BY id; SELECT * FROM sentences ORDER BY doc_id, sentence;"
	fi
	$TIDES stats --db "$1"
	$TIDES export --db "$1"
}
for base in empty seg; do
	rm -f "$TMP/one.db" "$TMP/one.db-wal" "$TMP/one.db-shm"
	[ $base = seg ] && cp "$TMP/seg.db" "$TMP/one.db"
	$TIDES code $DICTS --db "$TMP/one.db" "$TMP/c.jsonl" > "$TMP/one.tsv" 2> "$TMP/one.err"
	dump "$TMP/one.db" > "$TMP/one.dump"
	test "$(grep -c . "$TMP/one.dump")" -gt 6000
	for n in 2 3; do
		rm -f "$TMP/par.db" "$TMP/par.db-wal" "$TMP/par.db-shm"
		[ $base = seg ] && cp "$TMP/seg.db" "$TMP/par.db"
		$TIDES code --threads $n $DICTS --db "$TMP/par.db" "$TMP/c.jsonl" > "$TMP/par.tsv" 2> "$TMP/par.err"
		cmp "$TMP/one.tsv" "$TMP/par.tsv"
		cmp "$TMP/one.err" "$TMP/par.err"
		dump "$TMP/par.db" > "$TMP/par.dump"
		cmp "$TMP/one.dump" "$TMP/par.dump" || { echo "$base, --threads $n: stores differ"; exit 1; }
	done
done
# again into the same store: nothing new
$TIDES code --threads 2 $DICTS --db "$TMP/par.db" "$TMP/c.jsonl" > /dev/null 2>&1
dump "$TMP/par.db" > "$TMP/again.dump"
cmp "$TMP/one.dump" "$TMP/again.dump"
# a store that cannot be opened: the same message and status as one thread
rc1=0; $TIDES code $DICTS --db "$TMP/no/such/dir/x.db" "$TMP/c.jsonl" > /dev/null 2> "$TMP/e1" || rc1=$?
rc2=0; $TIDES code --threads 2 $DICTS --db "$TMP/no/such/dir/x.db" "$TMP/c.jsonl" > /dev/null 2> "$TMP/e2" || rc2=$?
test $rc1 = 1 && test $rc2 = 1
cmp "$TMP/e1" "$TMP/e2"
# under valgrind (TIDES_WRAP): the writer thread, memory errors and leaks fail the run
head -300 "$TMP/c.jsonl" > "$TMP/small.jsonl"
$TIDES_WRAP $TIDES code --threads 3 $DICTS --db "$TMP/v.db" "$TMP/small.jsonl" > /dev/null 2> "$TMP/err" ||
	{ cat "$TMP/err"; exit 1; }
