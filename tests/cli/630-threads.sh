# tides code --threads N: the same bytes as one thread, whatever N, for
# TSV and JSONL output, for JSON-lines and DATE/ID/TEXT inputs, and for the
# store written with --db (same events, same ids).  The corpus is generated
# (tests/bad/gen.sh), big enough for many batches in flight.
set -e
G="$ROOT/tests/bad/gen.sh"
D="$ROOT/tests/data/hard"
DICTS="--dicts $D --verbs world.verbs --actors world.actors"
sh "$G" jsonl 6000 1 > "$TMP/c.jsonl"
sh "$G" lines 6000 2 > "$TMP/c.lines"
for f in c.jsonl c.lines; do
	$TIDES code $DICTS "$TMP/$f" > "$TMP/one.tsv" 2> "$TMP/one.err"
	test "$(wc -l < "$TMP/one.tsv")" -gt 6000   # events were coded
	for n in 2 3 8; do
		$TIDES code --threads $n $DICTS "$TMP/$f" > "$TMP/par.tsv" 2> "$TMP/par.err"
		cmp "$TMP/one.tsv" "$TMP/par.tsv"
		grep 'stories' "$TMP/one.err" > "$TMP/a"; grep 'stories' "$TMP/par.err" > "$TMP/b"
		cmp "$TMP/a" "$TMP/b"
	done
done
# JSONL output, stdin input
$TIDES code --format jsonl $DICTS - < "$TMP/c.jsonl" > "$TMP/one.jsonl" 2>/dev/null
$TIDES code --threads 2 --format jsonl $DICTS - < "$TMP/c.jsonl" > "$TMP/par.jsonl" 2>/dev/null
cmp "$TMP/one.jsonl" "$TMP/par.jsonl"
# --db: the same events in the store
$TIDES code $DICTS --db "$TMP/one.db" "$TMP/c.jsonl" > /dev/null 2>&1
$TIDES code --threads 2 $DICTS --db "$TMP/par.db" "$TMP/c.jsonl" > /dev/null 2>&1
$TIDES stats --db "$TMP/one.db" > "$TMP/a"
$TIDES stats --db "$TMP/par.db" > "$TMP/b"
cmp "$TMP/a" "$TMP/b"
# every column of every event (tides export writes them in event_id order here)
$TIDES export --db "$TMP/one.db" > "$TMP/a"
$TIDES export --db "$TMP/par.db" > "$TMP/b"
test "$(wc -l < "$TMP/a")" -gt 6000
cmp "$TMP/a" "$TMP/b"
# under valgrind (make valgrind sets TIDES_WRAP): the worker pool on a
# small corpus, memory errors and leaks fail the run
head -300 "$TMP/c.jsonl" > "$TMP/small.jsonl"
$TIDES code $DICTS "$TMP/small.jsonl" > "$TMP/one.tsv" 2> /dev/null
$TIDES_WRAP $TIDES code --threads 3 $DICTS "$TMP/small.jsonl" > "$TMP/par.tsv" 2> "$TMP/err" || { cat "$TMP/err"; exit 1; }
cmp "$TMP/one.tsv" "$TMP/par.tsv"
# usage errors
for bad in 0 -1 x 1000; do
	rc=0; $TIDES code --threads $bad $DICTS "$TMP/c.jsonl" > /dev/null 2> "$TMP/err" || rc=$?
	test $rc -eq 2
	grep -q 'threads' "$TMP/err"
done
