# tides import --threads N reads the input straight into 4 MiB blocks and
# hands the workers byte ranges of them (src/store/import-par.h): lines
# cross block ends, a batch ends inside a block, parts of one batch go to
# both workers.  This imports an input of several blocks (blank lines, CRLF
# lines and bad rows mixed in) plain and gzipped, with batch sizes that put
# batch ends everywhere, and asks for the same warnings, store (segment
# blobs, progress rows) and export as one thread; a gzip file cut short
# (a read error half-way) keeps the same whole batches and says the same;
# an import killed half-way resumes with threads to the same store.
set -e
G="$ROOT/tests/bad/gen.sh"
cd "$TMP"
. "$ROOT/tests/cli/lib.sh"
same() { import_same "2 3" "$@"; } # FILE OPTIONS...
{ sh "$G" gdelt1 20000 1
  printf '\n  \n'
  sh "$G" gdelt1 2 2 | awk -F'\t' 'BEGIN { OFS = "\t" } { $2 = "20121399"; print }'
  sh "$G" gdelt1 15000 3 | sed 's/$/\r/'
  printf 'a\tb\n'
  sh "$G" gdelt1 25000 4; } > big.tsv
test "$(wc -c < big.tsv)" -gt 9000000
same big.tsv --batch 7777
grep -q 'big.tsv:20003: bad date' one.err
same big.tsv --batch 65536
same big.tsv --batch 5000 --strict
grep -q 'big.tsv:20003: bad date' one.err
test "$($TIDES export --db par.db | wc -l)" -gt 10000
gzip -c big.tsv > big.tsv.gz
same big.tsv.gz --batch 3000
# cut short: the whole batches before the damage stay, the same message
head -c 600000 big.tsv.gz > cut.tsv.gz
same cut.tsv.gz --batch 2000
grep -q 'cut.tsv.gz:[0-9]*: gzip' one.err
# stopped half-way (--strict at the bad row: the batches before it and
# their progress stay), then resumed from the recorded offset: with
# threads the same resumed run as one thread, and with one thread to stop
# and threads to resume the store of one uninterrupted run
rm -f one.db* par.db* mix.db*
for db in one par mix; do
	t1=1; t2=1
	[ $db = par ] && t1=2 && t2=3
	[ $db = mix ] && t2=2
	rc=0; $TIDES import --strict --batch 3000 --threads $t1 --db $db.db big.tsv 2> /dev/null || rc=$?
	test $rc -eq 1
	$TIDES import --batch 3000 --threads $t2 --db $db.db big.tsv 2> $db.err
done
import_msgs one.err > a; import_msgs par.err > b; cmp a b
grep -q 'imported 42003 rows' one.err
grep -q 'resumed from a recorded offset' par.err
for db in par mix; do
	$TIDES stats --db one.db > a; $TIDES stats --db $db.db > b; cmp a b
	$TIDES export --db one.db > a; $TIDES export --db $db.db > b; cmp a b
	if command -v sqlite3 > /dev/null; then
		q='SELECT seg, nrows, nlive, hex(dead), (SELECT hex(data) FROM segment_data d WHERE d.seg = s.seg) FROM segments s ORDER BY seg'
		sqlite3 one.db "$q" > a; sqlite3 $db.db "$q" > b; cmp a b
	fi
done
test "$($TIDES export --db par.db | wc -l)" -gt 50000
