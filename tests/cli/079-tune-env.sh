# The test knobs (TIDES_BULK_BATCH, TIDES_IMPORT_BUF, TIDES_DEDUP_BUCKET) are read by the
# tides command, once, into its context (tides_ctx_set_tune); the library reads no
# environment.  `tides code --db --threads 2` writes its store on a writer thread with a
# context of its own: it must get the knob too (it used to read the environment itself),
# so its segments come out as with one thread.  A value that is not a number, or out of
# range, leaves the default.
set -e
command -v sqlite3 >/dev/null || { echo "skipped: sqlite3 CLI not installed"; exit 77; }
D="$ROOT/tests/data/hard"
CODE="$TIDES code --dicts $D --verbs world.verbs --actors world.actors"
cd "$TMP"
q() { sqlite3 "$1" "$2"; }
sh "$ROOT/tests/bad/gen.sh" jsonl 3000 7 > c.jsonl
n=$($CODE c.jsonl 2> /dev/null | sed 1d | wc -l)
test "$n" -gt 1000
segs() { q "$1" 'SELECT count(*) || " " || sum(nrows) FROM segments'; }
TIDES_BULK_BATCH=300 $CODE --db one.db c.jsonl > /dev/null 2>&1
TIDES_BULK_BATCH=300 $CODE --threads 2 --db two.db c.jsonl > /dev/null 2>&1
want="$(( (n + 299) / 300 )) $n"
[ "$(segs one.db)" = "$want" ]
[ "$(segs two.db)" = "$want" ]
for v in 12x "" 0 -5 2000000; do
	rm -f x.db
	TIDES_BULK_BATCH=$v $CODE --threads 2 --db x.db c.jsonl > /dev/null 2>&1
	[ "$(segs x.db)" = "1 $n" ]
done
# the import's block size: a line longer than the block is skipped with a warning
awk 'BEGIN { printf "id\tdate\tsource\ttarget\tcode\tdoc_id\n"; x = sprintf("%300s", ""); gsub(/ /, "A", x);
	printf "e1\t2020-01-01\tUSA\tRUS\t111\t%s\n", x; printf "e2\t2020-01-02\tUSA\tRUS\t111\td\n" }' > long.tsv
TIDES_IMPORT_BUF=128 $TIDES import --format tides --dry-run long.tsv > /dev/null 2> err
grep -q 'line longer than 128 bytes, skipped' err
$TIDES import --format tides --dry-run long.tsv > /dev/null 2> err
if grep -q "longer than" err; then exit 1; fi
