# tides merge: partial stores and tides event streams into one store, no duplicates,
# and merging the same inputs again adds nothing.
set -e
D=$ROOT/tests/data/store
$TIDES import --db "$TMP/a.db" "$D/good.CSV" 2>/dev/null
$TIDES import --db "$TMP/b.db" "$D/good.CSV" "$D/wrong-columns.CSV" 2>/dev/null
$TIDES merge --db "$TMP/m.db" "$TMP/a.db" "$TMP/b.db" "$D/bad.jsonl" 2>"$TMP/err"
grep -q "merged 90 events from 3 inputs: 46 added, 40 already stored, 4 malformed" "$TMP/err" ||
	{ cat "$TMP/err"; exit 1; }
grep -q "bad.jsonl:3: bad date" "$TMP/err"
$TIDES stats --db "$TMP/m.db" | grep -qx "events	46"
$TIDES merge --db "$TMP/m.db" "$TMP/a.db" "$TMP/b.db" 2>"$TMP/err"
grep -q "merged 84 events from 2 inputs: 0 added, 84 already stored" "$TMP/err" || { cat "$TMP/err"; exit 1; }
$TIDES stats --db "$TMP/m.db" | grep -qx "events	46"
# the origins survive the merge
$TIDES stats --db "$TMP/m.db" | grep -qx "origin	gdelt1	44	2012-08-01	2012-08-28"
$TIDES stats --db "$TMP/m.db" | grep -qx "origin	coder	2	2008-08-08	2008-08-09"
# a database that is not a tides store is refused with its name
if command -v sqlite3 >/dev/null; then
	sqlite3 "$TMP/other.db" "CREATE TABLE t(x)"
	if $TIDES merge --db "$TMP/m.db" "$TMP/other.db" 2>"$TMP/err"; then exit 1; fi
	grep -q "other.db: not a tides store" "$TMP/err" || { cat "$TMP/err"; exit 1; }
fi
# a stream merge takes tides rows only: GDELT rows are malformed there
$TIDES merge --db "$TMP/m.db" "$D/good.CSV" 2>"$TMP/err" || true
grep -q "good.CSV:1: expected 15 or 19 columns, found 58" "$TMP/err" || { cat "$TMP/err"; exit 1; }
$TIDES stats --db "$TMP/m.db" | grep -qx "events	46"
