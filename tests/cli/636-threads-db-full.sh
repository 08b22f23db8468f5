# Disk full during `tides code --threads N --db`: the store is written on a
# thread of its own (code-threads.c's store stage), so its error comes back
# to the caller's thread with the chunk that failed, later than one thread
# would stop (the events of the chunks in between are on stdout, not in
# the store).  A segment is committed every 2000 events (TIDES_BULK_BATCH)
# so that the disk fills in the middle of the run.  Under a file size
# limit (ulimit -f, SIGXFSZ ignored: writes fail with EFBIG as on a full
# disk) tides must exit 1 with the store's message, once, and the store
# must stay usable: integrity_check ok, and a later run without the limit
# leaves it as one thread leaves a fresh store.
set -e
G="$ROOT/tests/bad/gen.sh"
D="$ROOT/tests/data/hard"
DICTS="--dicts $D --verbs world.verbs --actors world.actors"
sh "$G" jsonl 30000 5 > "$TMP/c.jsonl"
$TIDES code $DICTS --db "$TMP/ref.db" "$TMP/c.jsonl" > /dev/null 2>&1
test "$($TIDES stats --db "$TMP/ref.db" | awk -F'\t' '$1 == "events" { print $2 }')" -gt 20000
# a store with a little in it, then about 256 KB of room (512-byte blocks)
head -100 "$TMP/c.jsonl" > "$TMP/small.jsonl"
$TIDES code $DICTS --db "$TMP/s.db" "$TMP/small.jsonl" > /dev/null 2>&1
limit=$(( ($(wc -c < "$TMP/s.db") + 262144) / 512 ))
msg='^tides: .*\(disk I/O error\|database or disk is full\|File too large\)'
cp "$TMP/s.db" "$TMP/f.db"
rc=0
(trap '' XFSZ; ulimit -f $limit; TIDES_BULK_BATCH=2000 exec $TIDES code $DICTS --db "$TMP/f.db" "$TMP/c.jsonl") \
	> /dev/null 2> "$TMP/err1" || rc=$?
test $rc -eq 1
grep "$msg" "$TMP/err1" > "$TMP/m1"
# it failed in the middle: fewer stories than the 30000 were read
grep -q '^tides: [0-9]* stories' "$TMP/err1"
test "$(sed -n 's/^tides: \([0-9]*\) stories.*/\1/p' "$TMP/err1")" -lt 30000
for n in 2 3; do
	rm -f "$TMP/f.db" "$TMP/f.db-wal" "$TMP/f.db-shm"
	cp "$TMP/s.db" "$TMP/f.db"
	rc=0
	(trap '' XFSZ; ulimit -f $limit; TIDES_BULK_BATCH=2000 exec $TIDES code --threads $n $DICTS \
		--db "$TMP/f.db" "$TMP/c.jsonl") > /dev/null 2> "$TMP/err" || rc=$?
	test $rc -eq 1 || { echo "--threads $n: exit $rc"; cat "$TMP/err"; exit 1; }
	# the store's message, once, as one thread gives it
	grep "$msg" "$TMP/err" > "$TMP/m" || { echo "--threads $n: no store message"; cat "$TMP/err"; exit 1; }
	cmp "$TMP/m1" "$TMP/m" || { echo "--threads $n: not the one-thread message"; cat "$TMP/err"; exit 1; }
	if command -v sqlite3 > /dev/null; then
		test "$(sqlite3 "$TMP/f.db" 'PRAGMA integrity_check')" = ok
	fi
	# without the limit the run completes, and the store holds what one
	# thread puts into a fresh one (the 100 stories' events are among them)
	$TIDES code --threads $n $DICTS --db "$TMP/f.db" "$TMP/c.jsonl" > /dev/null 2>&1
	$TIDES export --db "$TMP/ref.db" | sort > "$TMP/a"
	$TIDES export --db "$TMP/f.db" | sort > "$TMP/b"
	cmp "$TMP/a" "$TMP/b" || { echo "--threads $n: store differs after the second run"; exit 1; }
done
