# Bad input never stops tides code: invalid UTF-8, NUL bytes, CRLF, a BOM,
# a 1 MB line and an empty file are repaired or skipped with FILE:LINE
# messages, the rest is still read, and the exit status is 0.  A missing
# file is fatal (exit 1) after the files before it were processed.
TIDES="${TIDES_WRAP:+$TIDES_WRAP }$TIDES"   # valgrind under make valgrind
set -e
printf '\357\273\277Arnor met Gondor.\r\nGondor \377\376 left.\r\nRohan\000 stayed.\r\n' > "$TMP/bad.txt"
: > "$TMP/empty.txt"
awk 'BEGIN { printf "Arnor met Gondor. "; for (i = 0; i < 70000; i++) printf "Mordor attacked Rohan again. "; printf "\nEnd of file.\n" }' > "$TMP/long.txt"
test "$(wc -c < "$TMP/long.txt")" -gt 1000000
$TIDES code --sentences --input-format lines --date 2014-06-01 "$TMP/bad.txt" "$TMP/empty.txt" "$TMP/long.txt" > "$TMP/out" 2> "$TMP/err"
cat "$TMP/err"
grep -q "bad.txt:2: 2 invalid UTF-8 or NUL bytes replaced" "$TMP/err"
grep -q "bad.txt:3: 1 invalid UTF-8 or NUL byte replaced" "$TMP/err"
grep -q "long.txt:1: line longer than 65536 bytes, truncated" "$TMP/err"
grep -q '^tides: 3 lines skipped or repaired$' "$TMP/err"
grep -q '	Arnor met Gondor\.$' "$TMP/out"               # BOM and CR gone
grep -q '	Gondor ?? left\.$' "$TMP/out"
grep -q '	Rohan  stayed\.$' "$TMP/out" || grep -q '	Rohan stayed\.$' "$TMP/out"
grep -q '^long.txt-2	1	2014-06-01	0	en	End of file\.$' "$TMP/out"
! grep -q "empty.txt" "$TMP/out" "$TMP/err"
# the same files as prose
$TIDES code --sentences --input-format text "$TMP/long.txt" > "$TMP/out2" 2> "$TMP/err2"
grep -q 'End of file\.$' "$TMP/out2"
# a missing file is fatal, but what came before it was written
set +e
$TIDES code --sentences "$TMP/bad.txt" "$TMP/nonexistent.txt" > "$TMP/out3" 2> "$TMP/err3"
rc=$?
set -e
test $rc = 1
grep -q "tides: cannot open '$TMP/nonexistent.txt': No such file or directory" "$TMP/err3"
grep -q 'Arnor met Gondor' "$TMP/out3"
# usage errors exit 2
set +e
$TIDES code --input-format word x 2>/dev/null; test $? = 2 || exit 1
$TIDES code --format csv x 2>/dev/null; test $? = 2 || exit 1
$TIDES code --lang fr x 2>/dev/null; test $? = 2 || exit 1
$TIDES code --date 2014-02-30 --sentences "$TMP/bad.txt" >/dev/null 2>"$TMP/err4"; test $? = 1 || exit 1
grep -q "bad date '2014-02-30'" "$TMP/err4" || exit 1
