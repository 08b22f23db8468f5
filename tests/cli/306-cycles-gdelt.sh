# Real data: the GDELT 1.0 Georgia sample (Aug + Nov 2012) imported into a
# store, its daily mean Goldstein score over all events dated with BBQ.
# Skips when ../shared is absent.
if [ -z "$SHARED" ] || [ ! -d "$SHARED/events/gdelt1" ]; then
	echo "no shared data (../shared/data/events/gdelt1)"; exit 77
fi
set -e
$TIDES import --db $TMP/g.db $SHARED/events/gdelt1/*.CSV 2>/dev/null
# the undirected USA-RUS weekly index counts every USA<->RUS event once
total=$($TIDES stats --db $TMP/g.db | awk -F'\t' '$1 == "dyad" && (($2 == "USA" && $3 == "RUS") || ($2 == "RUS" && $3 == "USA")) { s += $4 } END { print s + 0 }')
[ "$total" -gt 0 ]
n=$($TIDES index --db $TMP/g.db --dyad USA,RUS --undirected --by week | awk -F, 'NR > 2 { s += $3 } END { print s + 0 }')
[ "$n" -eq "$total" ]
# daily mean Goldstein of every event: Aug 1 .. Nov 30 is 122 days, the
# September-October gap is interpolated and said so
$TIDES cycles --db $TMP/g.db --dyad '*,*' --undirected --by day --measure goldstein-mean > $TMP/c.txt
grep -q '^series: 122 daily periods, 2012-08-01 to 2012-11-30 ([0-9]* values interpolated)' $TMP/c.txt
$TIDES cycles --db $TMP/g.db --dyad '*,*' --undirected --by day --measure goldstein-mean --format csv > $TMP/c.csv
[ $(wc -l < $TMP/c.csv) -ge 3 ]
# turning points alternate peak / trough
awk -F, 'NR > 2 && $3 == prev { exit 1 } NR > 1 { prev = $3 }' $TMP/c.csv
# the grid re-dates over 18 parameter sets x 4 measures
$TIDES cycles --db $TMP/g.db --dyad '*,*' --undirected --by day --measure goldstein-mean --grid --format json > $TMP/g.json
grep -q '"grid":{"runs":72,' $TMP/g.json
