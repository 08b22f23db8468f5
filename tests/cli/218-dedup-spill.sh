# The dedup pass's spill (segstore.c dedup_spill): ids so dense that one bucket holds more
# distinct ids than the set's cap (3 x the bucket size) go, past the cap, through a k-way
# merge with the set standing for "seen before".  215 reaches it only with segments of
# a few rows; here one cluster of ids (0x40000000xxxxxxxx) is all there is, segments are
# larger than the merge's read chunk (1024 ids) so sources refill inside the spill, and
# repeats sit in the row table (sqlite3 rows), a settled import, between the batches of
# one file, between two files of one import, and inside one batch.  Surviving rows must
# be awk's first occurrence over row table, A, B, C, with the set full after 3 ids
# (spill from the row table on), 21, 900, 3,000, 15,000 and the default 24,576.
# It kills the spill mutants 215 kills (no set lookup, no previous-id check, no spill,
# spill one source late, keep-last on ties, set cap off by one) and one 215 misses: a
# refill counting rows from the chunk, not the source (215's segments fit one chunk).
set -e
command -v sqlite3 > /dev/null 2>&1 || { echo "sqlite3 not installed"; exit 77; }
T=$ROOT/tests/data/text

# file F: n rows with ids 0x40000000 00000000 + lo .. hi-1, drawn with repeats
mkfile() { # F seed n lo hi
	awk -v tag="$1" -v seed="$2" -v n="$3" -v lo="$4" -v hi="$5" 'BEGIN {
		srand(seed)
		for (i = 1; i <= n; i++)
			printf "40000000%08x\t2014-06-%02d\tUSA\tRUS\t042\t04\t1\t1.9\t\t%s%d\t1\ten\tx\ty\tz\n",
			       lo + int(rand() * (hi - lo)), i % 28 + 1, tag, i
	}' > "$TMP/$1.tsv"
}
mkfile A 3 16000 0 30000
mkfile B 4 14000 10000 50000
mkfile C 5 12000 0 50000
# one batch of C (rows 2501..5000, --batch 2500) repeats ids inside itself
awk -F'\t' -v OFS='\t' 'NR > 2500 && NR <= 5000 && NR % 10 == 0 { $1 = p } { p = $1; print }' \
	"$TMP/C.tsv" > "$TMP/C2.tsv"
mv "$TMP/C2.tsv" "$TMP/C.tsv"

# row-table rows: every 7th id below 3,000 (0x4000000000000000 = 4611686018427387904)
rowtable() {
	sqlite3 "$1" "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 7 FROM n WHERE i + 7 < 3000)
	  INSERT INTO events(event_id, date, source, target, code, root, quad, goldstein, issues,
	  doc_id, sentence, lang, source_text, verb_text, target_text, origin, orig_id,
	  source_country, target_country) SELECT 4611686018427387904 + i, '2014-06-01', 'USA', 'RUS',
	  '042', '04', 1, 1.9, '', 'R' || i, 1, 'en', '', '', '', '', '', '', '' FROM n"
}

{
	awk 'BEGIN { for (i = 0; i < 3000; i += 7) printf "40000000%08x\tR%d\n", i, i }'
	cat "$TMP/A.tsv" "$TMP/B.tsv" "$TMP/C.tsv" | cut -f1,10
} | awk -F'\t' '!seen[$1]++' | sort > "$TMP/exp"
nA=$(grep -c '	A' "$TMP/exp") || true
nBC=$(grep -c '	[BC]' "$TMP/exp") || true
# the default bucket spills only past 24,576 distinct ids
[ "$(wc -l < "$TMP/exp")" -gt 27000 ] && [ "$nA" -gt 10000 ] && [ "$nBC" -gt 5000 ] ||
	{ echo "weak input: $(wc -l < "$TMP/exp") $nA $nBC"; exit 1; }

for b in 1 7 300 1000 5000 ""; do
	db=$TMP/s$b.db
	# the store exists (v2, with segments) before the row-table rows go in
	$TIDES import --format tides --db "$db" /dev/null 2> /dev/null
	rowtable "$db"
	TIDES_DEDUP_BUCKET=$b $TIDES import --format tides --batch 3000 --db "$db" "$TMP/A.tsv" 2> "$TMP/errA"
	TIDES_DEDUP_BUCKET=$b $TIDES import --format tides --batch 2500 --db "$db" "$TMP/B.tsv" "$TMP/C.tsv" \
		2> "$TMP/errBC"
	$TIDES export --db "$db" | sed 1d | cut -f1,10 | sort > "$TMP/got"
	cmp -s "$TMP/exp" "$TMP/got" ||
		{ echo "bucket '$b': surviving rows differ"; diff "$TMP/exp" "$TMP/got" | head; exit 1; }
	grep -q "imported 16000 rows from 1 files: $nA added, $((16000 - nA)) already stored" "$TMP/errA" ||
		{ echo "bucket '$b'"; cat "$TMP/errA"; exit 1; }
	grep -q "imported 26000 rows from 2 files: $nBC added, $((26000 - nBC)) already stored" "$TMP/errBC" ||
		{ echo "bucket '$b'"; cat "$TMP/errBC"; exit 1; }
	rm -f "$db" "$db-wal" "$db-shm"
done
