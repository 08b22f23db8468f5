# Bad series and periods files are reported as FILE:LINE; usage errors exit 2.
D=$ROOT/tests/data/cycles
printf 'date,value\n2000-01-01,1\n2000-02-01,x\n' > $TMP/s1.csv
$TIDES cycles --series $TMP/s1.csv 2> $TMP/e; [ $? -eq 1 ] || exit 1
grep -q "tides: $TMP/s1.csv:3: not a number 'x'" $TMP/e || exit 1
printf '2000-01-01,1\n2000-99-01,2\n' > $TMP/s2.csv
$TIDES cycles --series $TMP/s2.csv 2> $TMP/e && exit 1
grep -q "s2.csv:2: bad date '2000-99-01'" $TMP/e || exit 1
printf '2000-01-01,1,USA,extra\n' > $TMP/s3.csv
$TIDES cycles --series $TMP/s3.csv 2> $TMP/e && exit 1
grep -q "s3.csv:1: expected 2 or 3 columns" $TMP/e || exit 1
printf 'name,start,end\nt1,2000-01-01\n' > $TMP/p1.csv
$TIDES cycles --series $D/quarterly.csv --periods $TMP/p1.csv 2> $TMP/e && exit 1
grep -q "p1.csv:2: expected 3 columns" $TMP/e || exit 1
printf 't1,2000-01-01,2001-02-30\n' > $TMP/p2.csv
$TIDES cycles --series $D/quarterly.csv --periods $TMP/p2.csv 2> $TMP/e && exit 1
grep -q "p2.csv:1: bad date '2001-02-30'" $TMP/e || exit 1
$TIDES cycles --series $D/quarterly.csv --method nope 2>/dev/null; [ $? -eq 2 ] || exit 1
$TIDES cycles 2>/dev/null; [ $? -eq 2 ] || exit 1
# a gap in the dates is interpolated, and said so
printf '2000-01-01,1\n2000-04-01,2\n2000-10-01,4\n' > $TMP/s4.csv
$TIDES cycles --series $TMP/s4.csv > $TMP/o || exit 1
grep -q '4 quarterly periods.*(1 values interpolated)' $TMP/o || exit 1
