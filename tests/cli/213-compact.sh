# Compaction: `tides merge --compact` rewrites small segments and segments
# with dead rows into full ones, and `tides import` does it by itself for
# the segments of earlier imports once 32 small ones have gathered.  The
# events (export in date order, stats) stay the same, the segments get
# fewer, dead rows go, integrity_check passes; SIGKILL at random moments
# during a compaction leaves a consistent store with the same events.
set -e
command -v sqlite3 >/dev/null || { echo "skipped: sqlite3 CLI not installed"; exit 77; }
G="$ROOT/bench/import-gen.sh"
TPL="$ROOT/tests/data/store/good.CSV"
cd "$TMP"
q() { sqlite3 "$1" "$2"; }
snap() { # DB OUT: what must not change
	$TIDES export --sorted --db "$1" > "$2"
	$TIDES stats --db "$1" >> "$2"
}
check() { # DB: consistent
	[ "$(q "$1" 'PRAGMA integrity_check')" = ok ]
	[ "$(q "$1" 'SELECT count(*) FROM segments WHERE pending')" = 0 ]
	[ "$(q "$1" 'SELECT count(*) FROM segments s LEFT JOIN segment_data d ON d.seg = s.seg WHERE d.seg IS NULL')" = 0 ]
	[ "$(q "$1" 'SELECT count(*) FROM segment_data d LEFT JOIN segments s ON d.seg = s.seg WHERE s.seg IS NULL')" = 0 ]
}

# 24 small segments, then 6 more whose rows are all stored already (dead)
sh "$G" 12000 "$TPL" > a.CSV
awk 'NR > 6000 && NR <= 9000' a.CSV > b.CSV
$TIDES import --quiet --batch 500 --db s.db a.CSV
$TIDES import --quiet --batch 500 --db s.db b.CSV
[ "$(q s.db 'SELECT count(*) FROM segments')" = 30 ]
[ "$(q s.db 'SELECT sum(nrows) - sum(nlive) FROM segments')" = 3000 ]
snap s.db before
$TIDES merge --compact --db s.db 2> err
grep -q 'compacted 30 segments into 1: 12000 events moved, 3000 dead rows dropped' err
snap s.db after
cmp before after
check s.db
[ "$(q s.db 'SELECT count(*) || " " || sum(nrows) || " " || sum(nlive) FROM segments')" = "1 12000 12000" ]
# nothing left to do
$TIDES merge --compact --db s.db 2> err
grep -q 'compacted 0 segments into 0' err
# new rows after compaction are still recognised as stored
$TIDES import --quiet --db s.db b.CSV
[ "$(q s.db 'SELECT sum(nlive) FROM segments')" = 12000 ]

# events of `tides code --db` go to a segment of their own (1 more small one); events
# of the row table (tides_store_add, v1 stores: written here with the sqlite3 CLI)
# move into segments too
D=$ROOT/tests/data/text
rm -f r.db*
$TIDES import --quiet --batch 500 --db r.db b.CSV
$TIDES code --dicts $D/dict --verbs mini.verbs --actors mini.actors --date 2014-06-01 \
	--db r.db "$D/events.txt" > /dev/null 2>&1
[ "$(q r.db 'SELECT count(*) FROM events')" = 0 ]
[ "$(q r.db 'SELECT count(*) || " " || sum(nlive) FROM segments')" = "7 3004" ]
for i in 1 2 3 4; do
	q r.db "INSERT INTO events(event_id, date, source, target, code, root, quad, goldstein,
	 issues, doc_id, sentence, lang, source_text, verb_text, target_text, origin, orig_id,
	 source_country, target_country) VALUES($i, '2014-06-0$i', 'USA', 'RUS', '111', '11', 3,
	 -2.0, '', 'row$i', 1, 'en', '', '', '', 'coder', '', 'USA', 'RUS')"
done
snap r.db before
$TIDES merge --compact --db r.db 2> err
grep -q 'compacted 7 segments into 2: 3004 events moved, 0 dead rows dropped, 4 events moved from the row table' err
snap r.db after
cmp before after
check r.db
[ "$(q r.db 'SELECT count(*) FROM events')" = 0 ]
# the coder still finds its events: nothing added twice
$TIDES code --dicts $D/dict --verbs mini.verbs --actors mini.actors --date 2014-06-01 \
	--db r.db "$D/events.txt" > /dev/null 2>&1
snap r.db after
cmp before after
[ "$(q r.db 'SELECT count(*) FROM segments')" = 2 ]

# automatic: 40 small segments of an earlier import, then one more file
rm -f t.db*
sh "$G" 12500 "$TPL" | awk 'NR > 12000' > c.CSV
$TIDES import --quiet --batch 300 --db t.db a.CSV
[ "$(q t.db 'SELECT count(*) FROM segments')" = 40 ]
$TIDES import --quiet --batch 300 --db t.db c.CSV
# the 40 became one; the new import's own 2 segments stay as written
[ "$(q t.db 'SELECT count(*) FROM segments')" = 3 ]
check t.db
cat a.CSV c.CSV > ac.CSV
rm -f u.db*
$TIDES import --quiet --db u.db ac.CSV
$TIDES export --sorted --db t.db > x; $TIDES export --sorted --db u.db > y; cmp x y
# fewer than 32 small segments: left alone
rm -f t.db*
$TIDES import --quiet --batch 400 --db t.db a.CSV
$TIDES import --quiet --db t.db c.CSV
[ "$(q t.db 'SELECT count(*) FROM segments')" = 31 ]

# SIGKILL during compaction of 100 segments, each time from the start
rm -f k.db*
sh "$G" 200000 "$TPL" > k.CSV
$TIDES import --quiet --batch 2000 --db kp.db k.CSV
snap kp.db before
cp kp.db k.db
start=$(date +%s.%N)
$TIDES merge --compact --db k.db 2> /dev/null
secs=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
seed=${CRASH_SEED:-$(date +%s)}
echo "compaction of 100 segments: ${secs}s; seed $seed"
i=0
while [ $i -lt 5 ]; do
	rm -f k.db k.db-wal k.db-shm
	cp kp.db k.db
	d=$(awk -v s="$seed" -v i=$i -v m="$secs" 'BEGIN { srand(s + i); printf "%.3f", 0.01 + rand() * m * 0.9 }')
	$TIDES merge --compact --db k.db 2> /dev/null &
	pid=$!
	sleep "$d"
	kill -9 $pid 2> /dev/null || true
	wait $pid 2> /dev/null || true
	check k.db
	snap k.db after
	cmp before after || { echo "kill $i after ${d}s: events differ"; exit 1; }
	echo "kill $i after ${d}s: $(q k.db 'SELECT count(*) FROM segments') segments"
	i=$((i + 1))
done
$TIDES merge --compact --db k.db 2> /dev/null
check k.db
snap k.db after
cmp before after
[ "$(q k.db 'SELECT count(*) FROM segments')" = 4 ]
