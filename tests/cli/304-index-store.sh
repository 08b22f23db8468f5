# tides index over a store of hand-made events (tests/data/cycles/events.tsv):
# values worked out by hand; empty months are rows with n=0 and no value.
set -e
. "$ROOT/tests/cli/lib.sh"
$TIDES import --db $TMP/e.db --format tides $ROOT/tests/data/cycles/events.tsv 2>/dev/null
$TIDES index --db $TMP/e.db --dyad USA,RUS --by month > $TMP/o.csv
expect_file $TMP/o.csv <<'X'
# measure: goldstein-sum
period,dyad,n,value,coop,conf,q1,q2,q3,q4
2020-01-01,USA->RUS,2,-6,4,-10,1,0,0,1
2020-02-01,USA->RUS,0,,0,0,0,0,0,0
2020-03-01,USA->RUS,2,7,7,0,1,1,0,0
X
# undirected: RUS -> USA (verbal conflict, -2) joins January
$TIDES index --db $TMP/e.db --dyad USA,RUS --undirected --by month --measure conflict-share --format json > $TMP/o.json
grep -q '{"period":"2020-01-01","dyad":"USA<->RUS","n":3,"value":50,"coop":4,"conf":-12,"q1":1,"q2":0,"q3":1,"q4":1}' $TMP/o.json
grep -q '"n":0,"value":null' $TMP/o.json
$TIDES index --db $TMP/e.db --dyad USA,RUS --undirected --by month --measure net-coop | grep -q '^2020-01-01,USA<->RUS,3,-0.5,'
# exact actors: only the plain USA -> RUS rows
$TIDES index --db $TMP/e.db --dyad USA,RUS --exact-actors --by month | grep -q '^2020-01-01,USA->RUS,1,-10,'
# volume: January has 3 events in the store: -6 * 1000 / 3; --from/--to keep empty ends
$TIDES index --db $TMP/e.db --dyad USA,RUS --by month --normalize volume --from 2019-12-01 --to 2020-04-15 > $TMP/v.csv
grep -q '^# measure: goldstein-sum, per 1000 events' $TMP/v.csv
grep -q '^2019-12-01,USA->RUS,0,,' $TMP/v.csv
grep -q '^2020-01-01,USA->RUS,2,-2000,' $TMP/v.csv
grep -q '^2020-04-01,USA->RUS,0,,' $TMP/v.csv
# weekly, tab-separated: the week of Monday 2020-01-20 holds the -10
$TIDES index --db $TMP/e.db --dyad USA,RUS --by week --format tsv | grep -q "^2020-01-20	USA->RUS	1	-10	"
# usage errors exit 2
set +e
$TIDES index --db $TMP/e.db --dyad USA --by month 2>/dev/null; [ $? -eq 2 ] || exit 1
$TIDES index --db $TMP/e.db --dyad USA,RUS --by fortnight 2>/dev/null; [ $? -eq 2 ] || exit 1
$TIDES index --db $TMP/e.db --dyad USA,RUS --by month --measure net-coop --normalize volume 2>/dev/null; [ $? -eq 2 ] || exit 1
$TIDES index --db $TMP/nope.db --dyad USA,RUS --by month 2>/dev/null; [ $? -eq 1 ] || exit 1
exit 0
