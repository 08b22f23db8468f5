# Bad input to `tides import` (tests/bad/import, plus big and truncated files
# generated here): exit status, FILE:LINE messages and what is stored, as
# documented in tests/bad/README.md.
set -e
B="$ROOT/tests/bad"
cd "$B/import"
run() { # run EXPECTED_RC ARGS... ; stdout in $TMP/out, stderr in $TMP/err
	want=$1; shift
	rc=0; $TIDES_WRAP $TIDES "$@" > "$TMP/out" 2> "$TMP/err" || rc=$?
	if [ "$rc" != "$want" ]; then echo "tides $*: exit $rc, expected $want"; cat "$TMP/err"; exit 1; fi
}
has() { grep -q -- "$1" "$TMP/err" || { echo "missing in stderr: $1"; cat "$TMP/err"; exit 1; }; }
events() { $TIDES stats --db "$1" | awk -F'\t' '$1 == "events" { print $2 }'; }

# wrong column count, impossible dates, a bad code, invalid UTF-8, a NUL:
# each row warned about and skipped, the good rows stored
run 0 import --db "$TMP/a.db" gdelt1-bad-rows.tsv
has 'tides: gdelt1-bad-rows.tsv:3: expected 57 or 58 columns, found 3'
has "tides: gdelt1-bad-rows.tsv:4: bad date '20121399'"
has "tides: gdelt1-bad-rows.tsv:5: bad date '20130229'"
has "tides: gdelt1-bad-rows.tsv:6: bad event code '999'"
has 'tides: gdelt1-bad-rows.tsv:7: invalid UTF-8 or NUL in an actor name or URL'
has 'tides: gdelt1-bad-rows.tsv:8: NUL byte in line'
has '2 added, 0 already stored, 6 malformed'
test "$(events "$TMP/a.db")" = 2
# --strict: the first bad row is fatal and its batch rolled back
run 1 import --db "$TMP/s.db" --strict gdelt1-bad-rows.tsv
has 'tides: gdelt1-bad-rows.tsv:3: expected 57 or 58 columns, found 3'
test "$(events "$TMP/s.db")" = 0
# CRLF line ends are accepted
run 0 import --db "$TMP/c.db" gdelt1-crlf.tsv
has '5 added, 0 already stored, 0 malformed'
# a BOM before the ICEWS header is dropped: the header is recognised and
# the three rows are stored
run 0 import --db "$TMP/i.db" icews-bom.tsv
has '3 added, 0 already stored, 0 malformed'
! grep -q 'icews-bom.tsv:1' "$TMP/err"
# an empty file
run 0 import --db "$TMP/e.db" empty.tsv
has 'tides: empty.tsv:1: empty file, nothing imported'

# a truncated gzip: the whole lines before the damage are kept, exit 1
sh "$B/gen.sh" gdelt1 3000 | gzip > "$TMP/full.gz"
sz=$(wc -c < "$TMP/full.gz")
head -c $((sz / 2)) "$TMP/full.gz" > "$TMP/trunc.gz"
run 1 import --db "$TMP/g.db" "$TMP/trunc.gz"
has "tides: $TMP/trunc.gz:[0-9]*: gzip: .*unexpected end of file"
n=$(events "$TMP/g.db")
test "$n" -gt 0 && test "$n" -lt 3000
# the complete file afterwards adds the rest, none twice
run 0 import --db "$TMP/g.db" "$TMP/full.gz"
test "$(events "$TMP/g.db")" = 3000
# a truncated zip (no central directory) and a 2-byte gzip
sh "$B/gen.sh" gdelt1 3000 > "$TMP/g1.csv"
(cd "$TMP" && zip -q x.zip g1.csv) || { echo "zip not installed"; exit 77; }
sz=$(wc -c < "$TMP/x.zip")
head -c $((sz / 2)) "$TMP/x.zip" > "$TMP/trunc.zip"
run 1 import --db "$TMP/z.db" "$TMP/trunc.zip"
has "tides: cannot open '$TMP/trunc.zip': zip: Not a zip archive"
printf '\037\213' > "$TMP/tiny.gz"
run 1 import --db "$TMP/z.db" "$TMP/tiny.gz"
has "tides: $TMP/tiny.gz:1: gzip: .*unexpected end of file"
# a 1 MB line is a malformed row; a 5 MB line (over the 4 MiB buffer) is
# skipped as too long; the rows around both are stored
{ sh "$B/gen.sh" gdelt1 2 1; awk 'BEGIN{for(i=0;i<1100000;i++) printf "x"; printf "\n"}'
  sh "$B/gen.sh" gdelt1 2 2; awk 'BEGIN{for(i=0;i<5100000;i++) printf "y"; printf "\n"}'
  sh "$B/gen.sh" gdelt1 2 3; } > "$TMP/long.tsv"
run 0 import --db "$TMP/l.db" "$TMP/long.tsv"
has "tides: $TMP/long.tsv:3: expected 57 or 58 columns, found 1"
has "tides: $TMP/long.tsv:6: line longer than 4194304 bytes, skipped"
test "$(events "$TMP/l.db")" = 6
# a missing file is fatal
run 1 import --db "$TMP/m.db" "$TMP/nowhere.tsv"
has "tides: cannot open '$TMP/nowhere.tsv'"
