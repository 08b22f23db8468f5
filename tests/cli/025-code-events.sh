# tides code end to end with dictionaries written for the tests: events as
# TSV and JSONL with the documented columns, dates stated in sentences,
# stable event ids, --quad, and --db (events and their sentences stored,
# a re-run adds nothing, tides' own TSV imports back to the same ids).
TIDES="${TIDES_WRAP:+$TIDES_WRAP }$TIDES"   # valgrind under make valgrind
set -e
D=$ROOT/tests/data/text
CODE="$TIDES code --dicts $D/dict --verbs mini.verbs --actors mini.actors --date 2014-06-01"
$CODE "$D/events.txt" > "$TMP/a.tsv" 2> "$TMP/a.err"
cat "$TMP/a.tsv" "$TMP/a.err"
head -1 "$TMP/a.tsv" | grep -qx 'event_id	date	source	target	code	root	quad	goldstein	issues	doc_id	sentence	lang	source_text	verb_text	target_text'
test "$(sed 1d "$TMP/a.tsv" | wc -l)" = 4
grep -q '^tides: 2 stories, 5 sentences, 4 events$' "$TMP/a.err"
# every row has 15 columns and a 16-hex-digit id
awk -F'\t' 'NR > 1 && (NF != 15 || length($1) != 16 || $1 ~ /[^0-9a-f]/) { exit 1 }' "$TMP/a.tsv"
cut -f2-8,10,11 "$TMP/a.tsv" | sed 1d > "$TMP/got"
cat > "$TMP/want" <<'W'
2014-06-01	RUS	CHN	040	04	1	1.0	events.txt	1
1993-04-01	ARN	GON	040	04	1	1.0	events.txt	2
2014-03-16	RUS	UKR	192	19	4	-9.5	events.txt	3
2014-06-01	ARN	GON	1123	11	3	-2.0	events.txt	4
W
diff "$TMP/want" "$TMP/got"
# the same input gives the same ids; JSONL carries the same events
$CODE "$D/events.txt" 2>/dev/null | cmp -s - "$TMP/a.tsv"
$CODE --format jsonl "$D/events.txt" > "$TMP/a.jsonl" 2>/dev/null
test "$(wc -l < "$TMP/a.jsonl")" = 4
grep -q '^{"event_id":"[0-9a-f]\{16\}","date":"2014-03-16","source":"RUS","target":"UKR","code":"192","root":"19","quad":4,"goldstein":-9.5,"issues":"","doc_id":"events.txt","sentence":3,"lang":"en","source_text":"Russia","verb_text":"annexed","target_text":"Crimea"}$' "$TMP/a.jsonl"
test "$(cut -d'"' -f4 "$TMP/a.jsonl" | sort)" = "$(sed 1d "$TMP/a.tsv" | cut -f1 | sort)"
# ICEWS quads: root 09 and 14 differ only; here nothing changes but the flag is accepted
$CODE --quad icews "$D/events.txt" 2>/dev/null | cmp -s - "$TMP/a.tsv"
# --db: events and sentences stored; a second run adds nothing
$CODE --db "$TMP/t.db" "$D/events.txt" > /dev/null 2>&1
$CODE --db "$TMP/t.db" "$D/events.txt" > /dev/null 2>&1
$TIDES stats --db "$TMP/t.db" > "$TMP/stats"
grep -qx 'events	4' "$TMP/stats"
grep -qx 'sentences	5' "$TMP/stats"
grep -q '^span	1993-04-01	2014-06-01$' "$TMP/stats"
# tides' own TSV imports back: same ids, so nothing new is added
$TIDES import --db "$TMP/t.db" --format tides "$TMP/a.tsv" > /dev/null 2>&1
$TIDES stats --db "$TMP/t.db" | grep -qx 'events	4'
# --dicts DIR alone: DIR/verbs.txt, DIR/actors.txt... (the bundled layout)
mkdir "$TMP/lay"
cp "$D/dict/mini.verbs" "$TMP/lay/verbs.txt"
cp "$D/dict/mini.actors" "$TMP/lay/actors.txt"
$TIDES code --dicts "$TMP/lay" --date 2014-06-01 "$D/events.txt" 2>/dev/null | cmp -s - "$TMP/a.tsv"
# no dictionary options is not an error (the bundled defaults, if any, apply)
printf 'Russia met China.\n' | $TIDES code > "$TMP/none.tsv" 2>/dev/null
head -1 "$TMP/none.tsv" | grep -q "^event_id	date	source	target	code"
# a missing dictionary is fatal
set +e
$TIDES code --dicts "$D/dict" --verbs nonexistent.verbs "$D/events.txt" > /dev/null 2> "$TMP/err"
test $? = 1 || exit 1
grep -q "nonexistent.verbs" "$TMP/err" || exit 1
