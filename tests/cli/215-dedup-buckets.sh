# The dedup pass at the end of an import (store_seg_dedup) keeps, for each event_id, the
# first row in the order row table, then segments by number (files and batches in
# import order): checked against awk's first occurrence over the same rows, with ids at
# bucket edges (top bits all 0 or all 1 around every power of two), INT64_MIN/INT64_MAX,
# 0 and -1, a cluster of neighbouring ids that overfills one bucket, repeats between a
# settled import and pending segments, between two files of one import, inside a file
# across batches, and against row-table rows (coder rows and rows put there by sqlite3).
# TIDES_DEDUP_BUCKET makes buckets tiny so a few hundred rows cross many bucket edges.
set -e
T=$ROOT/tests/data/text
CODE="$TIDES code --dicts $T/dict --verbs mini.verbs --actors mini.actors --date 2014-06-01"
$CODE "$T/events.txt" > "$TMP/coded.tsv" 2> /dev/null
test "$(sed 1d "$TMP/coded.tsv" | wc -l)" = 4
have_sqlite=0
command -v sqlite3 > /dev/null 2>&1 && have_sqlite=1

# the id pool: edges, pseudo-random ids, a cluster, the coder's ids
{
	for t in 00 0f 10 3f 40 7f 80 8f bf c0 f0 ff; do
		for low in 00000000000000 00000000000001 fffffffffffffe ffffffffffffff; do
			echo "$t$low"
		done
	done
	awk 'BEGIN { srand(11); for (i = 0; i < 60; i++) printf "%04x%04x%04x%04x\n",
	     int(rand() * 65536), int(rand() * 65536), int(rand() * 65536), int(rand() * 65536) }'
	awk 'BEGIN { for (i = 0; i < 50; i++) printf "12340000000000%02x\n", i }'
	sed 1d "$TMP/coded.tsv" | cut -f1
} > "$TMP/pool"
np=$(wc -l < "$TMP/pool")

# file F: n rows drawn from the pool with repeats; doc_id says which file and line
mkfile() {
	awk -v seed="$2" -v n="$3" -v tag="$1" '
	{ p[NR] = $1 }
	END {
		srand(seed)
		for (i = 1; i <= n; i++)
			printf "%s\t2014-06-%02d\tUSA\tRUS\t042\t04\t1\t1.9\t\t%s%d\t1\ten\tx\ty\tz\n",
			       p[int(rand() * NR) + 1], i % 28 + 1, tag, i
	}' "$TMP/pool" > "$TMP/$1.tsv"
}
mkfile A 5 150
mkfile B 6 120
mkfile C 7 120

run() { # $1: TIDES_DEDUP_BUCKET or empty; the store is $TMP/s$1.db
	db=$TMP/s$1.db
	rm -f "$db" "$db-wal" "$db-shm"
	$CODE --db "$db" "$T/events.txt" > /dev/null 2>&1
	if [ $have_sqlite = 1 ]; then
		for v in -9223372036854775808 9223372036854775807 0 -1; do
			sqlite3 "$db" "INSERT INTO events(event_id, date, source, target, code, root, quad,
			  goldstein, issues, doc_id, sentence, lang, source_text, verb_text, target_text,
			  origin, orig_id, source_country, target_country) VALUES($v, '2014-06-01', 'USA',
			  'RUS', '042', '04', 1, 1.9, '', 'R$v', 1, 'en', '', '', '', '', '', '', '')"
		done
	fi
	TIDES_DEDUP_BUCKET=$1 $TIDES import --format tides --batch 7 --db "$db" "$TMP/A.tsv" 2> "$TMP/errA$1"
	# a row-table row with the id of a live row of a settled segment (only sqlite3 can
	# make one): the settled row is left alone, the pending ones die
	if [ $have_sqlite = 1 ]; then
		sqlite3 "$db" "INSERT INTO events(event_id, date, source, target, code, root, quad,
		  goldstein, issues, doc_id, sentence, lang, source_text, verb_text, target_text,
		  origin, orig_id, source_country, target_country) VALUES($late, '2014-06-01', 'USA',
		  'RUS', '042', '04', 1, 1.9, '', 'L', 1, 'en', '', '', '', '', '', '', '')"
	fi
	TIDES_DEDUP_BUCKET=$1 $TIDES import --format tides --batch 5 --db "$db" "$TMP/B.tsv" "$TMP/C.tsv" \
		2> "$TMP/errBC$1"
	$TIDES export --db "$db" | sed 1d | cut -f1,10 | sort > "$TMP/got$1"
}

# expected: the first occurrence of each id over row table, A, B, C
{
	sed 1d "$TMP/coded.tsv" | cut -f1,10
	if [ $have_sqlite = 1 ]; then
		printf '8000000000000000\tR-9223372036854775808\n7fffffffffffffff\tR9223372036854775807\n'
		printf '0000000000000000\tR0\nffffffffffffffff\tR-1\n'
	fi
	cat "$TMP/A.tsv" "$TMP/B.tsv" "$TMP/C.tsv" | cut -f1,10
} | awk -F'\t' '!seen[$1]++' | sort > "$TMP/exp"
# the late row-table row: an id A added (seen in B or C too, so something dies for it;
# below 2^63 for printf %d)
lhex=$(awk -F'\t' 'NR == FNR { if ($2 ~ /^A/) a[$1] = 1; next } ($1 in a) && $1 ~ /^[0-7]/ { print $1; exit }' \
	"$TMP/exp" "$TMP/B.tsv")
late=$(printf '%d' "0x$lhex")
if [ $have_sqlite = 1 ]; then
	printf '%s\tL\n' "$lhex" >> "$TMP/exp"
	sort -o "$TMP/exp" "$TMP/exp"
fi
nA=$(grep -c '	A[0-9]' "$TMP/exp") || true
nBC=$(grep -c '	[BC][0-9]' "$TMP/exp") || true
[ "$nA" -gt 50 ] && [ "$nBC" -gt 5 ] || { echo "weak input: $nA $nBC"; exit 1; }
[ "$(wc -l < "$TMP/exp")" -lt "$np" ] || { echo "the pool was not covered less than once"; exit 1; }

for b in "" 1 3 4 64; do
	run "$b"
	cmp -s "$TMP/exp" "$TMP/got$b" || { echo "bucket '$b': surviving rows differ"; diff "$TMP/exp" "$TMP/got$b" | head; exit 1; }
	grep -q "imported 150 rows from 1 files: $nA added, $((150 - nA)) already stored" "$TMP/errA$b" ||
		{ echo "bucket '$b'"; cat "$TMP/errA$b"; exit 1; }
	grep -q "imported 240 rows from 2 files: $nBC added, $((240 - nBC)) already stored" "$TMP/errBC$b" ||
		{ echo "bucket '$b'"; cat "$TMP/errBC$b"; exit 1; }
	$TIDES stats --db "$TMP/s$b.db" | grep -qx "events	$(wc -l < "$TMP/exp")" ||
		{ echo "bucket '$b': stats"; $TIDES stats --db "$TMP/s$b.db" | grep events; exit 1; }
done
