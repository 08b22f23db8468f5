# The bad-input corpus (tests/data/store/, written for tides): every malformed row is
# reported as FILE:LINE: message and skipped, the rest imported; broken archives fail
# with a message; --strict stops at the first bad row with nothing of its batch written.
set -e
D=$ROOT/tests/data/store
db=$TMP/bad.db
cd "$D"

expect() { # file expected-added expected-malformed expected-exit, then grep patterns
	f=$1 add=$2 bad=$3 rc=$4; shift 4
	rm -f "$db" "$db-wal" "$db-shm"
	set +e
	$TIDES import --db "$db" "$f" 2>"$TMP/err"
	got=$?
	set -e
	if [ "$got" != "$rc" ]; then echo "$f: exit $got, expected $rc"; cat "$TMP/err"; exit 1; fi
	grep -q "imported .*: $add added, 0 already stored, $bad malformed" "$TMP/err" ||
		{ echo "$f: expected $add added, $bad malformed"; cat "$TMP/err"; exit 1; }
	for pat in "$@"; do
		grep -q "^tides: $pat" "$TMP/err" || { echo "$f: no message '$pat'"; cat "$TMP/err"; exit 1; }
	done
	echo "ok $f"
}

expect good.CSV 40 0 0
expect wrong-columns.CSV 4 2 0 \
	"wrong-columns.CSV:3: expected 57 or 58 columns, found 40" \
	"wrong-columns.CSV:5: expected 57 or 58 columns, found 59"
expect non-utf8.CSV 2 3 0 "non-utf8.CSV:2: invalid UTF-8" "non-utf8.CSV:3: invalid UTF-8" \
	"non-utf8.CSV:4: invalid UTF-8"
expect bad-dates-codes.CSV 2 6 0 "bad-dates-codes.CSV:2: bad date '20121399'" \
	"bad-dates-codes.CSV:3: bad date '20120230'" "bad-dates-codes.CSV:5: bad event code '999'" \
	"bad-dates-codes.CSV:6: bad event code 'abc'" "bad-dates-codes.CSV:7: bad Goldstein value 'x1'"
expect empty.CSV 0 0 0 "empty.CSV:1: empty file"
expect icews-bad.tab 2 4 0 "icews-bad.tab:3: bad date '2018-13-01'" "icews-bad.tab:4: bad event code" \
	"icews-bad.tab:5: expected 20 columns, found 3" "icews-bad.tab:6: bad Intensity"
expect bad.jsonl 2 4 0 "bad.jsonl:2: bad JSON" "bad.jsonl:3: bad date" "bad.jsonl:4: not a JSON object" \
	"bad.jsonl:5: bad JSON string"
# a truncated gzip keeps the whole rows before the damage and fails at the line it broke
expect truncated.CSV.gz '[0-9][0-9]*' 0 1 "truncated.CSV.gz:[0-9]*: gzip: unexpected end of file"
n=$($TIDES export --db "$db" | awk 'NR > 1' | wc -l)
if [ "$n" -lt 1 ] || [ "$n" -ge 200 ]; then echo "truncated gz kept $n rows"; exit 1; fi
expect truncated.zip 0 0 1 "cannot open 'truncated.zip': zip: "

# several files: the bad ones do not stop the good ones; the exit status says something failed
rm -f "$db" "$db-wal" "$db-shm"
set +e
$TIDES import --db "$db" truncated.zip good.CSV 2>"$TMP/err"; rc=$?
set -e
[ $rc = 1 ] || { echo "exit $rc"; exit 1; }
grep -q "40 added" "$TMP/err" || { cat "$TMP/err"; exit 1; }

# --strict: the first bad row is fatal, nothing of its batch is written
rm -f "$db" "$db-wal" "$db-shm"
set +e
$TIDES import --strict --db "$db" bad-dates-codes.CSV 2>"$TMP/err"; rc=$?
set -e
[ $rc = 1 ] || { echo "strict: exit $rc"; cat "$TMP/err"; exit 1; }
grep -q "^tides: bad-dates-codes.CSV:2: bad date '20121399'$" "$TMP/err" || { cat "$TMP/err"; exit 1; }
if grep -q "bad-dates-codes.CSV:3" "$TMP/err"; then echo "strict went on"; exit 1; fi
n=$($TIDES export --db "$db" | awk 'NR > 1' | wc -l)
[ "$n" = 0 ] || { echo "strict left $n rows"; exit 1; }
# a format that cannot be told from the content
printf 'a\tb\tc\n' > "$TMP/odd.tsv"
set +e
$TIDES import --db "$db" "$TMP/odd.tsv" 2>"$TMP/err"; rc=$?
set -e
[ $rc = 1 ] && grep -q "odd.tsv:1: cannot tell the format (3 tab-separated columns); use --format" "$TMP/err" ||
	{ echo "detect: exit $rc"; cat "$TMP/err"; exit 1; }
# usage errors exit 2
set +e
$TIDES import --format nope x 2>/dev/null; rc=$?
set -e
[ $rc = 2 ] || { echo "usage: exit $rc"; exit 1; }
