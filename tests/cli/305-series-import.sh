# tides series import keeps a series in the store; tides cycles --series-name
# dates it exactly as from the CSV.  A dyad's index dated from a store, and
# the concordance of A->B with B->A.
set -e
. "$ROOT/tests/cli/lib.sh"
D=$ROOT/tests/data/cycles
$TIDES series import --db $TMP/s.db --name q $D/quarterly.csv 2> $TMP/err
grep -q "series 'q': 24 values stored" $TMP/err
$TIDES cycles --series $D/quarterly.csv --format csv > $TMP/a.csv
$TIDES cycles --db $TMP/s.db --series-name q --format csv > $TMP/b.csv
diff $TMP/a.csv $TMP/b.csv
# re-importing replaces, never doubles
$TIDES series import --db $TMP/s.db --name q $D/quarterly.csv 2>/dev/null
$TIDES cycles --db $TMP/s.db --series-name q --format csv | diff $TMP/a.csv -
set +e
$TIDES cycles --db $TMP/s.db --series-name nope 2> $TMP/err; [ $? -eq 1 ] || exit 1
grep -q "no series named 'nope'" $TMP/err || exit 1
set -e
# 120 days of USA -> RUS events whose daily Goldstein score follows the
# quarterly shape above (one event a day, score = value), and RUS -> USA the
# same shape: the two directions date alike, concordance 1.
awk 'BEGIN { OFS = "\t"
	print "event_id","date","source","target","code","root","quad","goldstein","issues","doc_id","sentence","lang","source_text","verb_text","target_text"
	split("-2 -1 1 3 4 2 0 -3 -5 -4 -2 0 2 5 6 4 1 -1 -4 -6 -5 -3 -2 -1", v, " ")
	for (i = 1; i <= 24; i++) {
		d = sprintf("2021-01-%02d", i)
		print "", d, "USA", "RUS", "042", "04", 1, v[i], "", "u" i, 1, "en", "", "", ""
		print "", d, "RUS", "USA", "042", "04", 1, v[i], "", "r" i, 1, "en", "", "", ""
	} }' > $TMP/ev.tsv
$TIDES import --db $TMP/s.db --format tides $TMP/ev.tsv 2>/dev/null
$TIDES cycles --db $TMP/s.db --dyad USA,RUS --by day --measure goldstein-sum --format csv > $TMP/d.csv
expect_file $TMP/d.csv <<'X'
date,index,kind,value
2021-01-05,5,peak,4
2021-01-09,9,trough,-5
2021-01-15,15,peak,6
2021-01-20,20,trough,-6
X
$TIDES cycles --db $TMP/s.db --dyad USA,RUS --by day --concordance reverse --format json | grep -q '"concordance":1,"concordance_periods":24'
