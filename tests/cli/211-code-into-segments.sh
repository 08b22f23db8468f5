# tides code --db into a store whose events came in through import (segments): an event
# the coder makes again is found among the segment rows (tides_store_add's id lookup) and
# not added twice; new ones are added, and the index and export see both kinds.
set -e
D=$ROOT/tests/data/text
CODE="$TIDES code --dicts $D/dict --verbs mini.verbs --actors mini.actors --date 2014-06-01"
$CODE "$D/events.txt" > "$TMP/a.tsv" 2> /dev/null
test "$(sed 1d "$TMP/a.tsv" | wc -l)" = 4
# three of the four events (and unrelated GDELT rows) through import, in segments of 10
head -4 "$TMP/a.tsv" > "$TMP/three.tsv"
$TIDES import --db "$TMP/s.db" --batch 10 "$ROOT/tests/data/store/good.CSV" 2> /dev/null
$TIDES import --db "$TMP/s.db" --format tides "$TMP/three.tsv" 2> /dev/null
$TIDES stats --db "$TMP/s.db" | grep -qx "events	43"
# the coder adds only the fourth
$CODE --db "$TMP/s.db" "$D/events.txt" > /dev/null 2>&1
$TIDES stats --db "$TMP/s.db" | grep -qx "events	44"
$TIDES export --db "$TMP/s.db" | cut -f1 | sort | uniq -d > "$TMP/dups"
test ! -s "$TMP/dups"
# every id the coder wrote is in the export once
for id in $(sed 1d "$TMP/a.tsv" | cut -f1); do
	test "$($TIDES export --db "$TMP/s.db" | grep -c "^$id	")" = 1
done
# and again: nothing new
$CODE --db "$TMP/s.db" "$D/events.txt" > /dev/null 2>&1
$TIDES stats --db "$TMP/s.db" | grep -qx "events	44"
