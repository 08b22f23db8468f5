# tides import --threads N into a store runs whole batches on the workers
# (parse, columns, segment encoding) and only cuts lines on the caller's
# thread.  The batch ends must fall where one thread puts them although
# the cutter does not parse: blank lines and ICEWS header lines do not
# count, bad rows and over-long lines do.  This puts those at and around
# batch ends, over-long lines (more than the 4 MiB read buffer) in the
# middle of a batch, a zip of several entries and a resume, and asks for
# the same warnings, store (segment blobs) and export as one thread.
set -e
G="$ROOT/tests/bad/gen.sh"
cd "$TMP"
. "$ROOT/tests/cli/lib.sh"
same() { import_same "3" "$@"; } # FILE OPTIONS...
# GDELT: blank lines (spaces, tabs, CRLF) at batch ends, a bad row, over-long lines
{ sh "$G" gdelt1 999 1
  printf '\n \t \n\r\n'
  sh "$G" gdelt1 1 2 | awk -F'\t' 'BEGIN { OFS = "\t" } { $2 = "20121399"; print }'
  sh "$G" gdelt1 1000 3
  awk 'BEGIN { s = "x"; while (length(s) < 4300000) s = s s; print s }'
  sh "$G" gdelt1 500 4
  awk 'BEGIN { s = "y\t"; while (length(s) < 9000000) s = s s; print s }'
  printf '\n'
  sh "$G" gdelt1 1700 5; } > g.tsv
same g.tsv --batch 1000
grep -q 'g.tsv:1003: bad date' one.err
grep -q 'line longer than 4194304 bytes, skipped' one.err
$TIDES export --db par.db > b
test "$(wc -l < b)" -gt 4000
same g.tsv --batch 1000 --strict
grep -q 'g.tsv:1003: bad date' one.err
# small batches: several encoded batches wait on the workers behind the
# part with the bad row; they come before it, so they are stored
same g.tsv --batch 90 --strict
grep -q 'g.tsv:1003: bad date' one.err
test "$($TIDES export --db par.db | wc -l)" -gt 900
# ICEWS: its header line repeated at a batch end is skipped, not counted
sh "$G" icews 2500 5 > i0.tsv
{ head -1001 i0.tsv; head -1 i0.tsv; tail -n +1002 i0.tsv; } > i.tsv
same i.tsv --batch 1000
# Phoenix in a zip of two entries, then a partial store resumed
if command -v zip > /dev/null; then
	sh "$G" phoenix 2500 6 > p1.tsv
	sh "$G" phoenix 1200 7 > p2.tsv
	rm -f p.zip; zip -q p.zip p1.tsv p2.tsv
	same p.zip --batch 700
fi
# a file imported again is skipped, a grown file starts over (the event
# ids keep its rows from being added twice), the same as one thread
sh "$G" gdelt1 3000 8 > r.tsv
rm -f one.db* par.db*
$TIDES import --batch 800 --db one.db r.tsv 2> /dev/null
$TIDES import --batch 800 --threads 2 --db par.db r.tsv 2> /dev/null
sh "$G" gdelt1 500 9 >> r.tsv
$TIDES import --batch 800 --db one.db r.tsv 2> /dev/null
$TIDES import --batch 800 --threads 2 --db par.db r.tsv 2> /dev/null
$TIDES export --db one.db > a; $TIDES export --db par.db > b; cmp a b
test "$(wc -l < a)" -gt 3000
# the ids stored (the parser hands their values to the column builder)
# are those of the events parsed: --emit (no store) against export
for f in g.tsv i.tsv p1.tsv; do
	[ -f $f ] || continue
	rm -f e.db*
	$TIDES import --quiet --emit tsv $f 2> /dev/null | awk -F'\t' 'NR > 1 { print $1 }' | sort -u > x
	$TIDES import --quiet --db e.db $f 2> /dev/null
	$TIDES export --db e.db | awk -F'\t' 'NR > 1 { print $1 }' | sort > y
	cmp x y
	test "$(wc -l < y)" -gt 1000
done
