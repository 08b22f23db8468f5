# The progress bar: drawn on stderr when stderr is a terminal (rows/s, MB/s, ETA, redrawn
# with \r), absent otherwise (only the one summary line).
set -e
D=$ROOT/tests/data/store
$TIDES import --db "$TMP/a.db" "$D/good.CSV" 2>"$TMP/err"
[ "$(wc -l < "$TMP/err")" = 1 ] || { cat "$TMP/err"; exit 1; }
if grep -q "$(printf '\r')" "$TMP/err" || grep -q 'ETA' "$TMP/err"; then echo "bar without a tty"; exit 1; fi
command -v script >/dev/null || { echo "skipped: no script(1) to give the import a terminal"; exit 77; }
script -qec "$TIDES import --db $TMP/b.db $D/good.CSV" /dev/null > "$TMP/tty" 2>&1 || true
grep -q "good.CSV 100.0% .* rows/s .* MB/s  ETA" "$TMP/tty" || { cat -A "$TMP/tty"; exit 1; }
grep -q "imported 40 rows" "$TMP/tty"
