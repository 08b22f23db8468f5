# Bad input to `tides code` (tests/bad/code, tests/bad/dict, and big files
# generated here): each case's exit status and FILE:LINE message are the
# ones documented in tests/bad/README.md.
set -e
B="$ROOT/tests/bad"
cd "$B/code"
run() { # run EXPECTED_RC ARGS... ; stdout in $TMP/out, stderr in $TMP/err
	want=$1; shift
	rc=0; $TIDES_WRAP $TIDES "$@" > "$TMP/out" 2> "$TMP/err" || rc=$?
	if [ "$rc" != "$want" ]; then echo "tides $*: exit $rc, expected $want"; cat "$TMP/err"; exit 1; fi
}
has() { grep -q -- "$1" "$TMP/err" || { echo "missing in stderr: $1"; cat "$TMP/err"; exit 1; }; }

# invalid UTF-8 is replaced ('?'), counted per line, the text still coded
run 0 code --sentences badutf8.lines
has 'tides: badutf8.lines:1: 2 invalid UTF-8 or NUL bytes replaced'
has 'tides: badutf8.lines:2: 1 invalid UTF-8 or NUL byte replaced'
grep -q '^D2	1	2012-08-02	.*Georgia ? met Russia\.$' "$TMP/out"
# NUL bytes likewise
run 0 code --sentences nul.lines
has 'tides: nul.lines:1: 1 invalid UTF-8 or NUL byte replaced'
! tr -d '\n' < "$TMP/out" | grep -q "$(printf '\000')"
# BOM and CRLF are invisible: same records as without them, no warning
run 0 code --sentences bom-crlf.lines
test "$(grep -c '^D[12]	1	2012-08-0[12]	' "$TMP/out")" = 2
! grep -q "$(printf '\r')" "$TMP/out"
! grep -q 'skipped or repaired' "$TMP/err"
# an empty file: a header, no events, exit 0
run 0 code empty.txt
test "$(wc -l < "$TMP/out")" -eq 1
has 'tides: 0 stories, 0 sentences, 0 events'
# impossible dates: warned, the sentence kept without a date
run 0 code --sentences baddate.lines
has "tides: baddate.lines:1: bad date '2012-13-45'"
has "tides: baddate.lines:2: bad date '2012-02-30'"
# malformed JSON lines: warned with the column, skipped
run 0 code --sentences bad.jsonl
has 'tides: bad.jsonl:1: bad JSON at column 53: lone high surrogate; line skipped'
has 'tides: bad.jsonl:2: bad JSON at column 52: unterminated string; line skipped'
has "tides: bad.jsonl:4: bad JSON at column 1: expected '{'; line skipped"
# a 1 MB first line: truncated at 64 KiB with a warning, the format is still
# recognised (DATE<TAB>ID<TAB>TEXT) and the next record is intact
awk 'BEGIN{printf "2012-08-01\tBIG\t"; for(i=0;i<100000;i++) printf "Russia att "; printf "\n2012-08-02\tD2\tGeorgia met Russia.\n"}' > "$TMP/big.lines"
run 0 code --sentences "$TMP/big.lines"
has "tides: $TMP/big.lines:1: line longer than 65536 bytes, truncated"
grep -q '^BIG	1	2012-08-01	' "$TMP/out"
grep -q '^D2	1	2012-08-02	.*Georgia met Russia\.$' "$TMP/out"
# a missing input is fatal
run 1 code "$TMP/nowhere.txt"
has "tides: cannot open '$TMP/nowhere.txt'"

# malformed dictionary lines: FILE:LINE warnings, the rest still codes
cd "$B/dict"
run 0 code --dicts . --verbs bad.verbs --actors bad.actors "$B/code/ok.lines"
has "tides: ./bad.verbs:2: malformed line (expected 'ROOT \[code\]'); skipped"
has 'tides: ./bad.verbs:3: malformed line (pattern without a verb); skipped'
has 'tides: ./bad.verbs:6: malformed line'
has 'tides: ./bad.actors:3: malformed line (bad date); skipped'
has 'tides: ./bad.actors:4: malformed line (bad date); skipped'
grep -q '	2001-01-01	ARN	GON	112	' "$TMP/out"
# a dictionary of 1,000,000 actors (29 MB, generated): loads and codes
sh "$B/gen.sh" tabari-actors 1000000 > "$TMP/big.actors"
run 0 code --dicts . --verbs bad.verbs --actors "bad.actors,$TMP/big.actors" "$B/code/ok.lines"
grep -q '	2001-01-01	ARN	GON	112	' "$TMP/out"
# a missing dictionary is fatal
run 1 code --dicts . --verbs nowhere.verbs "$B/code/ok.lines"
has "tides: cannot open './nowhere.verbs'"
