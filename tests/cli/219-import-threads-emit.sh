# tides import --emit / --dry-run --threads N take the block path of the
# store import (src/store/import-par.h): the workers parse and format the
# events of their parts, the reader writes the parts in input order.  For
# every --emit format and --dry-run, with and without --strict, on GDELT
# 1.0/2.0, ICEWS (header lines) and Phoenix inputs with bad rows, blank and
# CRLF lines, over-long lines and a last line without its newline, plain,
# zipped (two entries),
# gzipped and on standard input, with 4 KiB blocks (TIDES_IMPORT_BUF: lines
# cross block ends, parts end mid-batch) and the default 4 MiB ones, two
# and three threads give one thread's exit status, output bytes, messages
# and closing counts (rows, added, malformed; the timings aside).  tides'
# own TSV stays on one thread and is compared too.
set -e
G="$ROOT/tests/bad/gen.sh"
cd "$TMP"
long() { awk 'BEGIN { for (i = 0; i < 5000; i++) printf "x"; print "" }'; }
{ sh "$G" gdelt1 1500 1
  printf '\n  \n'
  sh "$G" gdelt1 2 2 | awk -F'\t' 'BEGIN { OFS = "\t" } { $2 = "20121399"; print }'
  sh "$G" gdelt1 1200 3 | sed 's/$/\r/'
  long
  printf 'a\tb\n'
  sh "$G" gdelt1 900 4 | awk '{ printf "%s%s", n++ ? "\n" : "", $0 }'; } > g1.tsv
{ sh "$G" gdelt2 1000 5; printf 'x\ty\tz\n'; sh "$G" gdelt2 1000 6; } > g2.tsv
{ sh "$G" icews 1200 7; sh "$G" icews 800 8; } > i.tsv
{ sh "$G" phoenix 1000 9; long; sh "$G" phoenix 1000 10; } > p.tsv
gzip -c g1.tsv > g1.tsv.gz
test "$(tail -c 1 g1.tsv | od -An -c | tr -d ' ')" != '\n'
counts() { sed 's/; [0-9.]*s, [0-9]* rows\/s, .*//' "$1"; } # the summary without timings
n=0
check() { # BUF INPUT OPTIONS... (INPUT - : g1.tsv on standard input)
	c_buf=$1; c_in=$2; shift 2
	c_rc1=0; TIDES_IMPORT_BUF=$c_buf $TIDES import "$@" $c_in > one.out 2> one.err < g1.tsv || c_rc1=$?
	counts one.err > a
	for c_t in 2 3; do
		c_rc=0
		TIDES_THREAD_STATS=1 TIDES_IMPORT_BUF=$c_buf $TIDES import --threads $c_t "$@" $c_in \
			> par.out 2> par.err < g1.tsv || c_rc=$?
		test $c_rc1 -eq $c_rc || { echo "exit $c_rc1 vs $c_rc: buf $c_buf $c_in $* --threads $c_t"; exit 1; }
		cmp one.out par.out || { echo "output differs: buf $c_buf $c_in $* --threads $c_t"; exit 1; }
		grep -v '^tides: thread ' par.err > par.msgs; counts par.msgs > b
		cmp a b || { echo "messages differ: buf $c_buf $c_in $* --threads $c_t"; diff a b | head; exit 1; }
		# the block path it is (parts on the workers)
		test -n "${ONE_THREAD:-}" || grep -q 'parts [1-9]' par.err ||
			{ echo "no parts on the workers: $c_in $*"; exit 1; }
	done
	n=$((n + 1))
}
for buf in 4096 ""; do
	for f in g1.tsv g2.tsv i.tsv p.tsv g1.tsv.gz -; do
		for o in "--emit tsv" "--emit jsonl" "--dry-run"; do
			check "$buf" $f $o
			check "$buf" $f $o --strict --batch 700
		done
	done
	# several files, one of them missing (reported, the others emitted)
	check "$buf" i.tsv --emit tsv --batch 300 p.tsv nosuch.tsv g2.tsv
done
# the entries of a zip, one stream after the other on the same workers
if command -v zip > /dev/null; then
	head -1700 g1.tsv > z1.tsv; tail -n +1701 g1.tsv > z2.tsv
	zip -q z.zip z1.tsv z2.tsv
	check 4096 z.zip --emit jsonl
fi
# tides' own TSV: a header can change the columns mid-file, so it is
# parsed on the reader's thread, also with --threads
$TIDES import --emit tsv g1.tsv > own.tsv 2> /dev/null
ONE_THREAD=1
check 4096 own.tsv --emit jsonl --format tides
unset ONE_THREAD
# what the comparisons saw: events, warnings in order, the strict stop
TIDES_IMPORT_BUF=4096 $TIDES import --emit tsv g1.tsv > one.out 2> one.err
test "$(wc -l < one.out)" -eq 3601
grep -v '^tides: imported' one.err > msgs
cat > want << 'EOF'
tides: g1.tsv:1503: bad date '20121399'
tides: g1.tsv:1504: bad date '20121399'
tides: g1.tsv:2705: line longer than 4096 bytes, skipped
tides: g1.tsv:2706: expected 57 or 58 columns, found 2
EOF
cmp want msgs
rc=0; TIDES_IMPORT_BUF=4096 $TIDES import --threads 2 --strict --emit jsonl g1.tsv > par.out 2> par.err || rc=$?
test $rc -eq 1
grep -q "g1.tsv:1503: bad date '20121399'" par.err
grep -q '^tides: imported 1501 rows from 0 files: 1500 added, 0 already stored, 1 malformed' par.err
test "$(wc -l < par.out)" -eq 1500
echo "$n inputs compared"
