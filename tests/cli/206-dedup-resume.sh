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
