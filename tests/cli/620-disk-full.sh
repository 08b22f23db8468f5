# Disk full during `tides import`: the file size limit (ulimit -f, with
# SIGXFSZ ignored so writes fail with EFBIG as on a full disk) stops the
# import at its first commit.  tides must exit 1 with a message, and the
# store must stay usable: integrity_check ok, the rows of the earlier
# import intact, and a later import (without the limit) works.
set -e
G="$ROOT/tests/bad/gen.sh"
sh "$G" gdelt1 1000 1 > "$TMP/a.tsv"
sh "$G" gdelt1 60000 2 > "$TMP/big.tsv"
sh "$G" gdelt1 500 3 > "$TMP/c.tsv"
events() { $TIDES stats --db "$1" | awk -F'\t' '$1 == "events" { print $2 }'; }
$TIDES import --db "$TMP/s.db" "$TMP/a.tsv" 2> /dev/null
test "$(events "$TMP/s.db")" = 1000
size=$(wc -c < "$TMP/s.db")
# about 1 MB of room beyond the store (ulimit -f counts 512-byte blocks in
# POSIX sh); the 60,000-row batch needs far more
limit=$(( (size + 1048576) / 512 ))
rc=0
(trap '' XFSZ; ulimit -f $limit; exec $TIDES import --db "$TMP/s.db" "$TMP/big.tsv") 2> "$TMP/err" || rc=$?
cat "$TMP/err"
test $rc -eq 1
grep -q "^tides: $TMP/s.db: .*\(disk I/O error\|database or disk is full\|File too large\)" "$TMP/err"
# the store is intact and keeps the earlier rows
if command -v sqlite3 > /dev/null; then
	test "$(sqlite3 "$TMP/s.db" 'PRAGMA integrity_check')" = ok
fi
test "$($TIDES export --db "$TMP/s.db" | awk -F'\t' '$16 == "gdelt1" && $17 + 0 >= 10000000 && $17 + 0 <= 10000999' | wc -l)" = 1000
n=$(events "$TMP/s.db")
test "$n" -ge 1000 && test "$n" -le 61000
# a later import works and adds exactly its rows
$TIDES import --db "$TMP/s.db" "$TMP/c.tsv" 2> /dev/null
test "$(events "$TMP/s.db")" = $((n + 500))
# and the interrupted file can be imported completely once there is room
$TIDES import --db "$TMP/s.db" "$TMP/big.tsv" 2> /dev/null
test "$(events "$TMP/s.db")" = 61500
