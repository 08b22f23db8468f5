# tides import --emit --threads N writes the lines on a writer thread of
# its own, batch after batch in input order, while the reader goes on
# (src/store/import.c, par_emit_work).  On an input of several such
# batches (PAR_DRY_BATCH, 8192 rows), to a pipe and to a file, with --strict
# stopping in a late batch (the batches before it are written first, then
# the rows before the bad one), with small blocks (TIDES_IMPORT_BUF: many
# parts a batch) and the default ones, two and three threads write one
# thread's bytes and messages; a write error (/dev/full) is reported once,
# exit status 1, as with one thread, and the next file is still emitted.
set -e
G="$ROOT/tests/bad/gen.sh"
cd "$TMP"
{ sh "$G" gdelt1 39000 11
  sh "$G" gdelt1 2 12 | awk -F'\t' 'BEGIN { OFS = "\t" } { $2 = "20121399"; print }'
  sh "$G" gdelt1 12000 13; } > big.tsv
test "$(wc -l < big.tsv)" -eq 51002
counts() { sed 's/; [0-9.]*s, [0-9]* rows\/s, .*//' "$1"; } # the summary without timings
n=0
for buf in 65536 ""; do
	for o in "--emit jsonl" "--emit tsv" "--emit jsonl --strict"; do
		rc1=0; TIDES_IMPORT_BUF=$buf $TIDES import $o big.tsv > one.out 2> one.err || rc1=$?
		counts one.err > a
		for t in 2 3; do
			# a pipe
			TIDES_THREAD_STATS=1 TIDES_IMPORT_BUF=$buf $TIDES import --threads $t $o big.tsv 2> par.err |
				cat > par.out
			cmp one.out par.out || { echo "pipe output differs: buf $buf $o --threads $t"; exit 1; }
			grep -v '^tides: thread ' par.err > par.msgs; counts par.msgs > b
			cmp a b || { echo "messages differ: buf $buf $o --threads $t"; diff a b | head; exit 1; }
			grep -q 'batches; parts [1-9]' par.err || { echo "no parts on the workers: $o"; exit 1; }
			# a regular file
			rc=0; TIDES_THREAD_STATS=1 TIDES_IMPORT_BUF=$buf $TIDES import --threads $t $o big.tsv \
				> par.out 2> par.err || rc=$?
			test $rc -eq $rc1 || { echo "exit $rc1 vs $rc: buf $buf $o --threads $t"; exit 1; }
			cmp one.out par.out || { echo "file output differs: buf $buf $o --threads $t"; exit 1; }
			# the lines (megabytes of them) were written on the writer thread
			grep -q 'writer [0-9.]* worker' par.err && ! grep -q 'writer 0\.000 ' par.err ||
				{ echo "nothing written on the writer thread: $o"; grep thread par.err; exit 1; }
			grep -v '^tides: thread ' par.err > par.msgs; counts par.msgs > b
			cmp a b || { echo "messages differ (file): buf $buf $o --threads $t"; exit 1; }
			n=$((n + 1))
		done
	done
done
# what --strict stopped at: the 39000 rows before the bad one, in order
TIDES_IMPORT_BUF=65536 $TIDES import --threads 2 --strict --emit jsonl big.tsv > par.out 2> par.err && exit 1
test "$(wc -l < par.out)" -eq 39000
grep -q "big.tsv:39001: bad date '20121399'" par.err
# a write error: once, exit 1, the same message as one thread; the next
# file (the same one again) is tried and fails the same way
for t in 1 2 3; do
	rc=0; $TIDES import --threads $t --emit jsonl big.tsv big.tsv > /dev/full 2> full.err || rc=$?
	test $rc -eq 1 || { echo "exit $rc on /dev/full, --threads $t"; exit 1; }
	test "$(grep -c '^tides: cannot write the events: No space left on device$' full.err)" -eq 2 ||
		{ echo "--threads $t:"; cat full.err; exit 1; }
	test "$(grep -vc -e "bad date" -e '^tides: imported ' full.err)" -eq 2 || { cat full.err; exit 1; }
done
echo "$n runs compared"
