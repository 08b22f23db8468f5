# The bundled English default dictionaries code the bundled sample news
# (data/sample/news-en.txt) as data/sample/news-en.expected.tsv says.  The
# two files are turned into a validation suite (the TSV format of `tides
# suite`) and run; the test fails when fewer than 90% of the records, or
# fewer than 90% of the expected events, come out as expected (all of them
# did when the threshold was set), or when loading the dictionaries warns.
# Other samples reuse this script (053): SAMPLE names data/sample/SAMPLE.txt
# and SAMPLE.expected.tsv; REC_MIN and EV_MIN are the thresholds in percent.
S="$ROOT/data/sample"
D="$ROOT/data/dict/en"
SAMPLE=${SAMPLE:-news-en}
REC_MIN=${REC_MIN:-90}
EV_MIN=${EV_MIN:-90}
if $TIDES_WRAP $TIDES suite /dev/null 2>&1 | grep -q 'not built yet'; then
	echo "skip: tides suite is still a placeholder"; exit 77
fi
awk -F'\t' 'BEGIN { OFS = "\t" }
FNR == NR { if ($0 !~ /^#/ && NF >= 2) want[$1] = $2; next }
/^#/ || NF < 3 { next }
{
	d = $1; gsub(/-/, "", d)
	e = want[$2]
	if (e == "") { print "no expectation for " $2 > "/dev/stderr"; bad = 1 }
	n = split(e, a, ";")
	print "sample", $2, "", d, "true", "", "", e, n, "", $3, "verb=verbs.txt;actor=actors.txt;agent=agents.txt"
}
END { exit bad }' "$S/$SAMPLE.expected.tsv" "$S/$SAMPLE.txt" > "$TMP/sample.tsv" || exit 1
lines=$(grep -c . "$S/$SAMPLE.txt")
[ "$(wc -l < "$TMP/sample.tsv")" -eq "$lines" ] || { echo "sample and suite differ in length"; exit 1; }

$TIDES_WRAP $TIDES suite "$TMP/sample.tsv" --dicts "$D" --verbose > "$TMP/out" 2> "$TMP/err" || { cat "$TMP/err"; exit 1; }
if [ -s "$TMP/err" ]; then echo "warnings:"; cat "$TMP/err"; exit 1; fi
grep -A3 '^FAIL' "$TMP/out"
grep '^events:' "$TMP/out"
res=$(grep '^suite sample:' "$TMP/out") || { echo "no score line"; exit 1; }
echo "$res"
passed=$(printf '%s\n' "$res" | sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed.*/\1/p')
failed=$(printf '%s\n' "$res" | sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed.*/\2/p')
[ -n "$passed" ] && [ -n "$failed" ] || { echo "cannot read the score"; exit 1; }
[ $((passed + failed)) -eq "$lines" ] || { echo "scored $((passed + failed)) of $lines records"; exit 1; }
ev=$(grep '^events:' "$TMP/out" | sed -n 's/events: \([0-9]*\) expected, [0-9]* produced, \([0-9]*\) matched.*/\1 \2/p')
set -- $ev
[ $# -eq 2 ] && [ "$1" -gt 0 ] || { echo "cannot read the event counts"; exit 1; }
[ $((passed * 100)) -ge $((lines * REC_MIN)) ] || { echo "fewer than $REC_MIN% of the records as expected"; exit 1; }
[ $(($2 * 100)) -ge $(($1 * EV_MIN)) ] || { echo "fewer than $EV_MIN% of the expected events"; exit 1; }
