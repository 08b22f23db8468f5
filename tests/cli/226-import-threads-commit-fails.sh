# tides import --threads N into a store when a commit fails half-way: the
# writer thread holds several batches (PAR_COMMIT_DEPTH in
# src/store/import.c), and the ones queued behind the failed commit must
# not land.  A file size limit (ulimit -f, SIGXFSZ ignored: the write
# fails with EFBIG) stops the store growing at a few sizes; with 1, 2 and 3
# threads the import fails ("cannot commit", the same messages), exit 1,
# and the store holds the same whole batches as with one thread (the
# export and the progress row compared); then, without the limit, the import resumes and
# the store equals a clean import's.
set -e
cd "$TMP"
sh "$ROOT/tests/bad/gen.sh" gdelt1 30000 5 > g.tsv
$TIDES import --quiet --batch 2000 --db clean.db g.tsv 2> /dev/null
$TIDES export --db clean.db > clean.tsv
test "$(wc -l < clean.tsv)" -eq 30001
# ulimit -f counts 512-byte blocks in POSIX shells, 1 KiB ones in bash
unit=1024
(trap '' XFSZ; ulimit -f 2000; head -c 1500000 /dev/zero > probe) 2> /dev/null || true
test "$(wc -c < probe)" -ge 1500000 || unit=512
n=0
for bytes in 1843200 2457600 3686400; do
	lim=$((bytes / unit))
	for t in 1 2 3; do
		rm -f s.db s.db-wal s.db-shm
		rc=0
		(trap '' XFSZ; ulimit -f $lim; exec $TIDES import --quiet --threads $t --batch 2000 --db s.db g.tsv) \
			2> err || rc=$?
		test $rc -eq 1 || { echo "limit $lim, --threads $t: exit $rc"; cat err; exit 1; }
		grep -q 'cannot commit' err || { echo "limit $lim, --threads $t:"; cat err; exit 1; }
		grep -v '^tides: imported ' err > s$t.msgs # the rows read ahead differ
		$TIDES export --db s.db > s$t.tsv
		$TIDES stats --db s.db | grep -v '^db' > s$t.stats
		if [ $t -gt 1 ]; then
			cmp s1.tsv s$t.tsv || { echo "limit $lim: --threads $t stored other rows"; exit 1; }
			cmp s1.stats s$t.stats || { echo "limit $lim: --threads $t"; diff s1.stats s$t.stats; exit 1; }
			cmp s1.msgs s$t.msgs || { echo "limit $lim: --threads $t"; diff s1.msgs s$t.msgs; exit 1; }
		fi
		# some batches landed, not all
		k=$(($(wc -l < s$t.tsv) - 1))
		test $k -gt 0 && test $k -lt 30000 && test $((k % 2000)) -eq 0 ||
			{ echo "limit $lim, --threads $t: $k rows stored"; exit 1; }
		# resumed without the limit: the clean import's store
		$TIDES import --quiet --threads $t --batch 2000 --db s.db g.tsv 2> err
		grep -q 'resumed' err || { echo "limit $lim, --threads $t: not resumed"; cat err; exit 1; }
		$TIDES export --db s.db > r.tsv
		cmp clean.tsv r.tsv || { echo "limit $lim, --threads $t: resumed store differs"; exit 1; }
		n=$((n + 1))
	done
done
echo "$n failed imports compared"
