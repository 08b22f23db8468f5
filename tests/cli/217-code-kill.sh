# SIGKILL during tides code --db, in batches of 500 events (TIDES_BULK_BATCH): the store
# holds whole batches, the events of a prefix of the run's output with the sentences of
# their stories; the next writable open settles the pending segments (nothing pending, no
# id twice); coding again completes the store, with every event once.
set -e
command -v sqlite3 >/dev/null || { echo "skipped: sqlite3 CLI not installed"; exit 77; }
D="$ROOT/tests/data/hard"
CODE="$TIDES code --dicts $D --verbs world.verbs --actors world.actors"
cd "$TMP"
q() { sqlite3 "$1" "$2"; }
sh "$ROOT/tests/bad/gen.sh" jsonl 40000 5 > k.jsonl
$CODE k.jsonl 2> /dev/null | sed 1d > k.tsv
n=$(wc -l < k.tsv)
start=$(date +%s.%N)
TIDES_BULK_BATCH=500 $CODE --db ref.db k.jsonl > /dev/null 2>&1
secs=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
[ "$(q ref.db 'SELECT count(*) FROM segments')" = $((n / 500)) ]
$TIDES export --db ref.db | sed 1d | sort > ref.x
test "$(wc -l < ref.x)" = "$n"
seed=${CRASH_SEED:-$(date +%s)}
echo "code --db of $n events: ${secs}s; seed $seed"
i=0
while [ $i -lt 6 ]; do
	rm -f k.db k.db-wal k.db-shm
	d=$(awk -v s="$seed" -v i=$i -v m="$secs" 'BEGIN { srand(s + i); printf "%.3f", 0.02 + rand() * m }')
	TIDES_BULK_BATCH=500 $CODE --db k.db k.jsonl > /dev/null 2>&1 &
	pid=$!
	sleep "$d"
	kill -9 $pid 2> /dev/null || true
	wait $pid 2> /dev/null || true
	i=$((i + 1))
	[ -f k.db ] || continue
	# a writable open (the coder on no input) settles what the killed run left
	$CODE --db k.db "$ROOT/tests/data/text/empty.txt" > /dev/null 2>&1
	[ "$(q k.db 'PRAGMA integrity_check')" = ok ]
	[ "$(q k.db 'SELECT count(*) FROM segments WHERE pending')" = 0 ]
	$TIDES export --db k.db | sed 1d | cut -f1 | sort > got
	m=$(wc -l < got)
	echo "kill $i after ${d}s: $m events"
	test $((m % 500)) = 0 || test "$m" = "$n"
	head -n "$m" k.tsv | cut -f1 | sort > want
	cmp want got
	# the sentences of exactly those stories
	$TIDES export --db k.db | sed 1d | cut -f10 | sort -u > docs
	q k.db 'SELECT DISTINCT doc_id FROM sentences' | sort > sdocs
	cmp docs sdocs
	# coding again completes it
	TIDES_BULK_BATCH=500 $CODE --db k.db k.jsonl > /dev/null 2>&1
	$TIDES export --db k.db | sed 1d | sort > x
	cmp ref.x x
done
