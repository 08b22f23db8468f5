# --dedup one-a-day keeps one event per (date, source, target, code); re-running an
# import adds nothing; a compressed copy of a file gives the same rows.
set -e
D=$ROOT/tests/data/store
src=$TMP/gen.CSV
sh "$ROOT/bench/import-gen.sh" 20000 "$D/good.CSV" > "$src"
$TIDES import --dedup one-a-day --db "$TMP/d.db" "$src" 2>"$TMP/err"
# the expected count, computed by awk: distinct (date, actor1, actor2, code)
exp=$(awk -F'\t' '{ k[$2 FS $6 FS $16 FS $27] = 1 } END { n = 0; for (x in k) n++; print n }' "$src")
got=$($TIDES stats --db "$TMP/d.db" | awk -F'\t' '$1 == "events" { print $2 }')
[ "$exp" = "$got" ] || { echo "one-a-day: expected $exp, got $got"; exit 1; }
[ "$got" -lt 20000 ] || { echo "nothing was deduplicated"; exit 1; }
if $TIDES import --dedup sometimes --db "$TMP/d.db" "$src" 2>/dev/null; then exit 1; else [ $? = 2 ]; fi

# idempotent: the second run skips the file; a changed mtime re-reads it and adds nothing
$TIDES import --db "$TMP/i.db" "$src" 2>/dev/null
$TIDES import --db "$TMP/i.db" "$src" 2>"$TMP/err"
grep -q "1 files already imported, skipped" "$TMP/err" || { cat "$TMP/err"; exit 1; }
touch -d '2001-01-01' "$src"
$TIDES import --db "$TMP/i.db" "$src" 2>"$TMP/err"
grep -q "imported 20000 rows from 1 files: 0 added, 20000 already stored" "$TMP/err" || { cat "$TMP/err"; exit 1; }

# gzip: the same rows as the plain file
gzip -c "$src" > "$TMP/gen.CSV.gz"
$TIDES import --db "$TMP/z.db" "$TMP/gen.CSV.gz" 2>"$TMP/err"
grep -q "20000 added" "$TMP/err" || { cat "$TMP/err"; exit 1; }
a=$($TIDES stats --db "$TMP/i.db" | grep -v '^files')
b=$($TIDES stats --db "$TMP/z.db" | grep -v '^files')
[ "$a" = "$b" ] || { echo "gz differs"; echo "$a"; echo "$b"; exit 1; }

# a bulk load (>= 16 MB into an empty store) builds the unique index at the end: rows
# repeated inside the file are still stored once, and counted as already stored
sh "$ROOT/bench/import-gen.sh" 150000 "$D/good.CSV" > "$TMP/big.CSV"
head -1000 "$TMP/big.CSV" >> "$TMP/big.CSV"
[ "$(wc -c < "$TMP/big.CSV")" -gt 16777216 ] || { echo "input too small for a bulk load"; exit 1; }
$TIDES import --db "$TMP/b.db" "$TMP/big.CSV" 2>"$TMP/err"
grep -q "imported 151000 rows from 1 files: 150000 added, 1000 already stored" "$TMP/err" || { cat "$TMP/err"; exit 1; }
$TIDES stats --db "$TMP/b.db" | grep -qx "events	150000"
