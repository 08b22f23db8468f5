# Bad input to `tides suite` (tests/bad/suite/bad.tsv: a BOM and CRLF on the
# header, an impossible date, a 5-column row, invalid UTF-8, a NUL byte),
# as documented in tests/bad/README.md.
set -e
B="$ROOT/tests/bad/suite"
cd "$B"
rc=0; $TIDES_WRAP $TIDES suite bad.tsv --dicts . > "$TMP/out" 2> "$TMP/err" || rc=$?
cat "$TMP/err"
test $rc -eq 0
grep -q "tides: bad.tsv:3: bad date '951399'" "$TMP/err"
grep -q 'tides: bad.tsv:4: expected 12 columns, found 5; skipped' "$TMP/err"
grep -q 'tides: bad.tsv:6: NUL byte in record; skipped' "$TMP/err"
# the BOM did not leak into the suite name; were scored
tail -1 "$TMP/out" | grep -qx 'suite b: 3 passed, 0 failed (100.0%)'
# an empty suite and a missing one
: > "$TMP/empty.tsv"
$TIDES suite "$TMP/empty.tsv" --dicts . > "$TMP/out"
tail -1 "$TMP/out" | grep -qx 'suite ?: 0 passed, 0 failed (0.0%)'
rc=0; $TIDES suite "$TMP/none.tsv" 2> "$TMP/err" || rc=$?
test $rc -eq 1
grep -q "tides: cannot open '$TMP/none.tsv'" "$TMP/err"
