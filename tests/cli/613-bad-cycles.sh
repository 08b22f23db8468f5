# Bad input to `tides cycles --series/--periods` (tests/bad/cycles, plus a
# 1 MB line generated here), as documented in tests/bad/README.md: every
# malformed series or periods file is fatal (exit 1) with FILE:LINE.
set -e
B="$ROOT/tests/bad/cycles"
cd "$B"
run() { # run EXPECTED_RC ARGS...
	want=$1; shift
	rc=0; $TIDES_WRAP $TIDES "$@" > "$TMP/out" 2> "$TMP/err" || rc=$?
	if [ "$rc" != "$want" ]; then echo "tides $*: exit $rc, expected $want"; cat "$TMP/err"; exit 1; fi
}
has() { grep -q -- "$1" "$TMP/err" || { echo "missing in stderr: $1"; cat "$TMP/err"; exit 1; }; }

# BOM + CRLF: the same dating as the clean file
run 0 cycles --series series-ok.csv --format csv
cp "$TMP/out" "$TMP/clean"
run 0 cycles --series series-bom-crlf.csv --format csv
cmp "$TMP/out" "$TMP/clean"
run 1 cycles --series series-bad-date.csv
has "tides: series-bad-date.csv:3: bad date '2000-02-30'"
run 1 cycles --series series-columns.csv
has 'tides: series-columns.csv:2: expected 2 or 3 columns (date,value\[,dyad\]), found more'
run 1 cycles --series series-nul.csv
has "tides: series-nul.csv:3: not a number 'x'"
run 1 cycles --series series-bad-utf8.csv
has 'tides: series-bad-utf8.csv:3: not a number'
run 1 cycles --series series-empty.csv
has 'tides: series-empty.csv: no rows'
awk 'BEGIN{printf "2000-01-01,"; for(i=0;i<1100000;i++) printf "1"; printf "\n"}' > "$TMP/long.csv"
run 1 cycles --series "$TMP/long.csv"
has "tides: $TMP/long.csv:1: line too long"
run 1 cycles --series "$TMP/none.csv"
has "tides: cannot open '$TMP/none.csv'"

run 1 cycles --series series-ok.csv --periods periods-columns.csv
has 'tides: periods-columns.csv:3: expected 3 columns (name,start,end), found 2'
run 1 cycles --series series-ok.csv --periods periods-bad-date.csv
has "tides: periods-bad-date.csv:1: bad date '2000-02-30'"
run 1 cycles --series series-ok.csv --periods periods-reversed.csv
has 'tides: periods-reversed.csv:1: period ends before it starts'
# BOM + CRLF periods: header recognised, one period A
run 0 cycles --series series-ok.csv --periods periods-bom-crlf.csv
grep -q '^periods (1):' "$TMP/out"
grep -q '^  A  ' "$TMP/out"
# an empty periods file: no periods, exit 0
run 0 cycles --series series-ok.csv --periods periods-empty.csv
! grep -q '^periods (' "$TMP/out"
