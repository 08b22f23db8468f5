# tides cycles on a hand-made quarterly series: BBQ dates, phases, periods
# (worked out by hand in tests/data/cycles/quarterly.csv) in all formats.
set -e
. "$ROOT/tests/cli/lib.sh"
D=$ROOT/tests/data/cycles
$TIDES cycles --series $D/quarterly.csv --format csv > $TMP/tp.csv
expect_file $TMP/tp.csv <<'X'
date,index,kind,value
2001-01-01,5,peak,4
2002-01-01,9,trough,-5
2003-07-01,15,peak,6
2004-10-01,20,trough,-6
X
$TIDES cycles --series $D/quarterly.csv --periods $D/terms.csv --format json > $TMP/out.json
[ $(wc -l < $TMP/out.json) -eq 1 ]
grep -q '"phases":\[{"kind":"contraction","start":"2001-01-01","end":"2002-01-01","duration":4,"amplitude":-9,"triangle":-18,"cumulation":-22,"excess":-2.125}' $TMP/out.json
grep -q '{"name":"first","start":"2000-01-01","end":"2002-12-31","start_value":-2,"end_value":0,"max":4,"min":-5,"mean":-0.5833333333,"high_start_low_end":false,"low_below_previous":null}' $TMP/out.json
grep -q '"name":"second".*"high_start_low_end":true,"low_below_previous":true}\],"descending_lows":true}$' $TMP/out.json
if command -v python3 >/dev/null; then python3 -m json.tool $TMP/out.json > /dev/null; fi
# window 5 leaves too little room at the ends for the first peak and the last
# trough (candidates need 5 periods on each side): two turns remain
$TIDES cycles --series $D/quarterly.csv --window 5 > $TMP/out.txt
grep -q 'turning points (2)' $TMP/out.txt
# concordance of a dating with itself is 1; the grid finds every turn in all 18 runs
$TIDES cycles --series $D/quarterly.csv --concordance $D/quarterly.csv --grid > $TMP/g.txt
grep -q 'concordance with .*: 1.0000 over 24 periods' $TMP/g.txt
grep -q '2003-07-01 peak   18/18' $TMP/g.txt
