# PETRARCH's unit-test suite (284 records) coded with the PETRARCH-1
# validation dictionaries, through the word-sequence engine (no parse
# trees).  Fails when the score drops below the level tides reached.
MIN=91
if [ -z "$SHARED" ] || [ ! -f "$SHARED/suites/petr_unittest.tsv" ]; then
	echo "needs \$SHARED/suites/petr_unittest.tsv and \$SHARED/petrarch (../shared/data)"
	exit 77
fi
$TIDES suite "$SHARED/suites/petr_unittest.tsv" --dicts "$SHARED/petrarch" > "$TMP/out" 2> "$TMP/err"
rc=$?
if [ $rc -ne 0 ] && grep -q 'not built yet' "$TMP/err"; then
	echo "tides suite is not built in this tree yet"; exit 77
fi
if [ $rc -ne 0 ]; then
	echo "tides suite exited $rc"; tail -5 "$TMP/err"; exit 1
fi
last=$(tail -1 "$TMP/out")
echo "$last"
# the summary line carries the percentage of records coded correctly
pct=$(printf '%s\n' "$last" | sed -n 's/.*[^0-9.]\([0-9][0-9]*\)\(\.[0-9]*\)\{0,1\}%.*/\1/p')
if [ -z "$pct" ]; then
	echo "no percentage in the last line of tides suite"; exit 1
fi
if [ "$pct" -lt "$MIN" ]; then
	echo "petr_unittest: $pct% < $MIN%"; exit 1
fi
exit 0
