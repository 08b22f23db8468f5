# tides code --db writes its events as segments (store-bulk.c), not into the row table:
# coding the same text twice stores every event once and leaves the store as it was;
# import and code mix in one store, each recognising what the other stored; a store
# whose row table already holds the coder's events (v1 rows, written here with the
# sqlite3 CLI) gets nothing twice; undated events (no --date) still go to the row
# table, once; the segments come out the same with --threads 2.
set -e
command -v sqlite3 >/dev/null || { echo "skipped: sqlite3 CLI not installed"; exit 77; }
G="$ROOT/tests/bad/gen.sh"
D="$ROOT/tests/data/hard"
CODE="$TIDES code --dicts $D --verbs world.verbs --actors world.actors"
cd "$TMP"
q() { sqlite3 "$1" "$2"; }
snap() { # DB OUT: everything a reader sees
	$TIDES export --db "$1" > "$2"
	$TIDES export --sorted --db "$1" >> "$2"
	$TIDES stats --db "$1" >> "$2"
	q "$1" "SELECT * FROM sentences ORDER BY doc_id, sentence" >> "$2"
}
nodups() { # DB: no event id twice
	$TIDES export --db "$1" | sed 1d | cut -f1 | sort | uniq -d > dups
	test ! -s dups
}
sh "$G" jsonl 1500 3 > c.jsonl
$CODE c.jsonl > c.tsv 2> /dev/null
n=$(sed 1d c.tsv | wc -l)
test "$n" -gt 1000

# twice into one store: the second run adds nothing, not even an empty segment;
# each run says how many events it added and how many were stored before
$CODE --db a.db c.jsonl > a.tsv 2> a.err
cmp c.tsv a.tsv
grep -qx "tides: $n events added to the store, 0 stored before" a.err
[ "$(q a.db 'SELECT count(*) FROM events')" = 0 ]
[ "$(q a.db 'SELECT count(*) || " " || sum(nlive) || " " || sum(pending) FROM segments')" = "1 $n 0" ]
test "$($TIDES export --db a.db | sed 1d | wc -l)" = "$n"
nodups a.db
snap a.db before
$CODE --db a.db c.jsonl > /dev/null 2> a.err
grep -qx "tides: 0 events added to the store, $n stored before" a.err
snap a.db after
cmp before after
[ "$(q a.db 'SELECT count(*) FROM segments')" = 1 ]
# the events and their sentences are those coded: export has the coder's columns
sed 1d c.tsv | sort > want
$TIDES export --db a.db | sed 1d | cut -f1-15 | sort > got
cmp want got
test "$(q a.db 'SELECT count(*) FROM sentences')" -gt 0
# the same with --threads 2: the same segment, byte for byte
$CODE --threads 2 --db p.db c.jsonl > /dev/null 2>&1
[ "$(q a.db 'SELECT hex(data) FROM segment_data')" = "$(q p.db 'SELECT hex(data) FROM segment_data')" ]

# import and code in one store: GDELT rows, then the coder, then the coder's own TSV
$TIDES import --quiet --db m.db "$ROOT/tests/data/store/good.CSV"
$CODE --db m.db c.jsonl > /dev/null 2>&1
test "$($TIDES export --db m.db | sed 1d | wc -l)" = $((n + 40))
$TIDES import --db m.db --format tides c.tsv 2> err
grep -q "0 added, $n already stored" err
$CODE --db m.db c.jsonl > /dev/null 2>&1
test "$($TIDES export --db m.db | sed 1d | wc -l)" = $((n + 40))
nodups m.db
# the other way round: the coder's TSV imported first, then the coder adds nothing
$TIDES import --quiet --db i.db --format tides c.tsv
snap i.db before
$CODE --threads 2 --db i.db c.jsonl > /dev/null 2> i.err
grep -qx "tides: 0 events added to the store, $n stored before" i.err
[ "$(q i.db 'SELECT count(*) FROM segments')" = 1 ]
test "$($TIDES export --db i.db | sed 1d | wc -l)" = "$n"
nodups i.db
# and both stored the same events, every column (origin, countries from the CAMEO codes)
$TIDES export --db i.db | sort > i.x
$TIDES export --db a.db | sort > a.x
cmp i.x a.x

# the coder's events already in the row table (as tides_store_add or a v1 store left
# them): the id column is the 16 hex digits as a signed 64-bit integer
$CODE --db r.db "$ROOT/tests/data/text/empty.txt" > /dev/null 2>&1
h="lower(substr(c1, 1, 1))"
x="(instr('0123456789abcdef', $h) - 1 - CASE WHEN $h >= '8' AND $h <= 'f' THEN 16 ELSE 0 END)"
k=2
while [ $k -le 16 ]; do
	x="($x * 16 + instr('0123456789abcdef', lower(substr(c1, $k, 1))) - 1)"
	k=$((k + 1))
done
sed 1d c.tsv | cut -f1-12 > rows.tsv
sqlite3 r.db <<SQL
CREATE TEMP TABLE t(c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12);
.mode tabs
.import rows.tsv t
INSERT INTO events(event_id, date, source, target, code, root, quad, goldstein, issues, doc_id,
 sentence, lang, source_text, verb_text, target_text, origin, orig_id, source_country, target_country)
 SELECT $x, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, '', '', '', 'coder', '', '', '' FROM t;
SQL
[ "$(q r.db 'SELECT count(*) FROM events')" = "$n" ]
# the conversion is right: the row table's ids read back as the coder's
$TIDES export --db r.db | sed 1d | cut -f1 | sort > got
sed 1d c.tsv | cut -f1 | sort > want
cmp want got
snap r.db before
$CODE --db r.db c.jsonl > /dev/null 2>&1
nodups r.db
test "$($TIDES export --db r.db | sed 1d | wc -l)" = "$n"
# every row of the coder's segment died and the segment went
[ "$(q r.db 'SELECT count(*) FROM segments')" = 0 ]
[ "$(q r.db 'SELECT count(*) FROM events')" = "$n" ]

# undated text (no --date): those events can only be rows of the row table; once
printf 'Ukraine officials attacked France.\n\nLater France praised China.\n' > u.txt
$CODE u.txt > u.tsv 2> /dev/null
nu=$(sed 1d u.tsv | wc -l)
test "$nu" -gt 0
test -z "$(sed 1d u.tsv | cut -f2 | tr -d '\n')"
$CODE --db a.db u.txt > /dev/null 2>&1
$CODE --db a.db u.txt > /dev/null 2>&1
[ "$(q a.db 'SELECT count(*) FROM events')" = "$nu" ]
test "$($TIDES export --db a.db | sed 1d | wc -l)" = $((n + nu))
nodups a.db
