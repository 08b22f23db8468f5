# tides code reads each input format (detected from content) into the
# sentences written in tests/data/text/*.expected; forcing the format gives
# the same result; the sentence dump is what the coder receives.
TIDES="${TIDES_WRAP:+$TIDES_WRAP }$TIDES"   # valgrind under make valgrind
set -e
D=$ROOT/tests/data/text
for f in chapter.txt news.lines plain.lines news.jsonl sample.tabari sample.xml zh.txt; do
	$TIDES code --sentences --date 2014-06-01 "$D/$f" > "$TMP/$f.out" 2> "$TMP/$f.err"
	if ! cmp -s "$TMP/$f.out" "$D/$f.expected"; then
		echo "$f: unexpected sentences"; diff "$D/$f.expected" "$TMP/$f.out"; exit 1
	fi
done
# forced formats agree with detection
$TIDES code --sentences --date 2014-06-01 --input-format petrxml "$D/sample.xml" 2>/dev/null | cmp -s - "$D/sample.xml.expected"
$TIDES code --sentences --date 2014-06-01 --input-format tabari "$D/sample.tabari" 2>/dev/null | cmp -s - "$D/sample.tabari.expected"
$TIDES code --sentences --date 2014-06-01 --input-format jsonl "$D/news.jsonl" 2>/dev/null | cmp -s - "$D/news.jsonl.expected"
# the counts line
grep -q '^tides: 3 stories, 12 sentences, 0 events$' "$TMP/chapter.txt.err"
# bad records are reported with file:line, and counted
grep -q 'news.jsonl:3: bad JSON at column 50' "$TMP/news.jsonl.err"
grep -q 'news.jsonl:6: no "text"; line skipped' "$TMP/news.jsonl.err"
grep -q '^tides: 3 lines skipped or repaired$' "$TMP/news.jsonl.err"
grep -q "news.lines:4: bad date '2014-13-45'" "$TMP/news.lines.err"
