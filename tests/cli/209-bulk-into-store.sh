#!/bin/sh
# A large file imported into a store that already has rows (a bulk load: the four
# secondary indexes are dropped and rebuilt at the end, the unique event_id index is
# kept): rows already stored and rows repeated in the file are stored once, every
# index is back, and the store equals a one-step import of the same rows.
set -e
command -v sqlite3 >/dev/null || { echo "skipped: sqlite3 CLI not installed"; exit 77; }
D=$ROOT/tests/data/store
sh "$ROOT/bench/import-gen.sh" 150000 "$D/good.CSV" > "$TMP/big.CSV"
head -1000 "$TMP/big.CSV" >> "$TMP/big.CSV"
[ "$(wc -c < "$TMP/big.CSV")" -gt 16777216 ] || { echo "input too small for a bulk load"; exit 1; }
# 20,000 rows first: the big file's ~57,000 estimated rows are more than a quarter of them
head -20000 "$TMP/big.CSV" > "$TMP/part.CSV"
$TIDES import --quiet --db "$TMP/s.db" "$TMP/part.CSV" 2>/dev/null
$TIDES import --db "$TMP/s.db" "$TMP/big.CSV" 2>"$TMP/err"
grep -q "imported 151000 rows from 1 files: 130000 added, 21000 already stored" "$TMP/err" || { cat "$TMP/err"; exit 1; }
n=$(sqlite3 "$TMP/s.db" "SELECT count(*) FROM sqlite_master WHERE type='index' AND name LIKE 'events_%'")
[ "$n" = 5 ] || { echo "expected 5 event indexes, found $n"; exit 1; }
[ "$(sqlite3 "$TMP/s.db" 'PRAGMA integrity_check')" = ok ] || { echo "integrity check failed"; exit 1; }
d=$(sqlite3 "$TMP/s.db" "SELECT count(*) - count(DISTINCT event_id) FROM events")
[ "$d" = 0 ] || { echo "$d repeated event ids"; exit 1; }
# the same rows in one import into an empty store
$TIDES import --quiet --db "$TMP/one.db" "$TMP/big.CSV" 2>/dev/null
a=$($TIDES stats --db "$TMP/s.db" | grep -v '^files')
b=$($TIDES stats --db "$TMP/one.db" | grep -v '^files')
[ "$a" = "$b" ] || { echo "stores differ"; echo "$a"; echo "$b"; exit 1; }
q="SELECT event_id, date, source_country, target_country, goldstein FROM events ORDER BY event_id"
[ "$(sqlite3 "$TMP/s.db" "$q" | md5sum)" = "$(sqlite3 "$TMP/one.db" "$q" | md5sum)" ] || { echo "rows differ"; exit 1; }
# reading through the rebuilt dyad index
p=$(sqlite3 "$TMP/s.db" "EXPLAIN QUERY PLAN SELECT sum(goldstein) FROM events WHERE source_country = 'USA' AND target_country = 'RUS'")
echo "$p" | grep -q events_dyad || { echo "dyad index not used: $p"; exit 1; }
