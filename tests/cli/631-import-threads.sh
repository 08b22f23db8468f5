# tides import --threads N: the same store (byte-identical segment blobs,
# the same export) and the same warnings, in the same order, as one thread; --strict stops at the same row; --emit with
# threads writes the same bytes.  Bad rows are mixed in so warnings and
# skipped lines cross the parts of the 4 MiB blocks and the batches.
set -e
G="$ROOT/tests/bad/gen.sh"
cd "$TMP"
{ sh "$G" gdelt1 9000 1
  printf 'a\tb\n'
  sh "$G" gdelt1 3 2 | awk -F'\t' 'BEGIN { OFS = "\t" } { $2 = "20121399"; print }'
  sh "$G" gdelt1 9000 3 | sed 's/$/\r/'
  printf '\n\n'
  sh "$G" gdelt1 2000 4; } > g.tsv
sh "$G" icews 5000 5 > i.tsv
sh "$G" phoenix 5000 6 > p.tsv
norm() { grep -v '^tides: imported ' "$1" || true; }   # the summary has timings
for f in g.tsv i.tsv p.tsv; do
	rm -f one.db* par.db*
	# batches of 3000 rows: several batches are on the committer thread
	# while the next ones are built
	$TIDES import --batch 3000 --db one.db $f 2> one.err
	$TIDES import --batch 3000 --threads 2 --db par.db $f 2> par.err
	norm one.err > a; norm par.err > b; cmp a b
	$TIDES stats --db one.db > a; $TIDES stats --db par.db > b; cmp a b
$TIDES export --db one.db > a; $TIDES export --db par.db > b; cmp a b
	$TIDES export --db one.db > a; $TIDES export --db par.db > b; cmp a b
	test "$(wc -l < a)" -gt 4000
	if command -v sqlite3 > /dev/null; then
		q='SELECT seg, nrows, nlive, hex(dead), (SELECT hex(data) FROM segment_data d WHERE d.seg = s.seg) FROM segments s ORDER BY seg'
		sqlite3 one.db "$q" > a; sqlite3 par.db "$q" > b; cmp a b
	fi
	$TIDES import --emit jsonl $f > a 2> /dev/null
	$TIDES import --threads 3 --emit jsonl $f > b 2> /dev/null
	cmp a b
done
# under valgrind (make valgrind sets TIDES_WRAP): workers formatting --emit
head -3000 g.tsv > small.tsv
$TIDES import --emit tsv small.tsv > a 2> /dev/null
$TIDES_WRAP $TIDES import --threads 2 --emit tsv small.tsv > b 2> err || { cat err; exit 1; }
cmp a b
# strict: the same row is fatal, the same batches stored
rm -f one.db* par.db*
rc1=0; $TIDES import --strict --batch 1000 --db one.db g.tsv 2> one.err || rc1=$?
rc2=0; $TIDES import --strict --batch 1000 --threads 2 --db par.db g.tsv 2> par.err || rc2=$?
test $rc1 -eq 1 && test $rc2 -eq 1
grep -q 'g.tsv:9001: expected 57 or 58 columns, found 2' one.err
norm one.err > a; norm par.err > b; cmp a b
$TIDES stats --db one.db > a; $TIDES stats --db par.db > b; cmp a b
$TIDES export --db one.db > a; $TIDES export --db par.db > b; cmp a b
