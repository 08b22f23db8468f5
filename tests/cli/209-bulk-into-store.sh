#!/bin/sh
# A large file imported into a store that already has rows: rows already stored and
# rows repeated in the file are stored once (the dedup pass marks them dead), no segment
# stays pending, and the store equals a one-step import of the same rows: the same
# events (tides export, sorted) and the same dyad index.
set -e
command -v sqlite3 >/dev/null || { echo "skipped: sqlite3 CLI not installed"; exit 77; }
D=$ROOT/tests/data/store
sh "$ROOT/bench/import-gen.sh" 150000 "$D/good.CSV" > "$TMP/big.CSV"
head -1000 "$TMP/big.CSV" >> "$TMP/big.CSV"
head -20000 "$TMP/big.CSV" > "$TMP/part.CSV"
$TIDES import --quiet --db "$TMP/s.db" "$TMP/part.CSV" 2>/dev/null
$TIDES import --db "$TMP/s.db" "$TMP/big.CSV" 2>"$TMP/err"
grep -q "imported 151000 rows from 1 files: 130000 added, 21000 already stored" "$TMP/err" || { cat "$TMP/err"; exit 1; }
[ "$(sqlite3 "$TMP/s.db" 'PRAGMA integrity_check')" = ok ] || { echo "integrity check failed"; exit 1; }
[ "$(sqlite3 "$TMP/s.db" 'SELECT count(*) FROM segments WHERE pending')" = 0 ] || { echo "pending segments"; exit 1; }
$TIDES export --db "$TMP/s.db" | awk 'NR > 1' | sort > "$TMP/a"
d=$(cut -f1 "$TMP/a" | uniq -d | wc -l)
[ "$d" = 0 ] || { echo "$d repeated event ids"; exit 1; }
[ "$(wc -l < "$TMP/a")" = 150000 ] || { echo "expected 150000 events"; exit 1; }
# the same rows in one import into an empty store
$TIDES import --quiet --db "$TMP/one.db" "$TMP/big.CSV" 2>/dev/null
a=$($TIDES stats --db "$TMP/s.db" | grep -v '^files')
b=$($TIDES stats --db "$TMP/one.db" | grep -v '^files')
[ "$a" = "$b" ] || { echo "stores differ"; echo "$a"; echo "$b"; exit 1; }
$TIDES export --db "$TMP/one.db" | awk 'NR > 1' | sort > "$TMP/b"
cmp "$TMP/a" "$TMP/b" || { echo "rows differ"; exit 1; }
for s in s one; do
	$TIDES index --db "$TMP/$s.db" --dyad USA,RUS --by month --measure goldstein-sum > "$TMP/$s.idx"
done
cmp "$TMP/s.idx" "$TMP/one.idx" || { echo "index differs"; exit 1; }
# the index (directed by default) agrees with awk over the export: USA->RUS events
n=$(awk -F'\t' '$18 == "USA" && $19 == "RUS"' "$TMP/a" | wc -l)
[ "$n" -gt 0 ] && [ "$(awk -F, 'NR > 2 { n += $3 } END { print n }' "$TMP/s.idx")" = "$n" ] || { echo "index count"; exit 1; }
# two copies of one file in one command: one dedup pass at the end finds the second copy
cp "$D/good.CSV" "$TMP/g1.CSV"; cp "$D/good.CSV" "$TMP/g2.CSV"
$TIDES import --db "$TMP/two.db" "$TMP/g1.CSV" "$TMP/g2.CSV" 2> "$TMP/err"
grep -q "imported 80 rows from 2 files: 40 added, 40 already stored" "$TMP/err" || { cat "$TMP/err"; exit 1; }
$TIDES stats --db "$TMP/two.db" | grep -qx "events	40"
[ "$(sqlite3 "$TMP/two.db" 'SELECT count(*) FROM segments WHERE pending')" = 0 ]
