# The cluster contract (README "Robustness, threads and clusters"):
# `tides code` and `tides import --emit` are streaming filters (stdin ->
# stdout, one record per line, nothing carried between lines), so a corpus
# can be split into shards, run as parallel processes (Hadoop Streaming,
# Spark RDD.pipe, or here: background jobs), and the partial outputs merged
# with `tides merge` into one store: the same event ids and counts as one
# run over the whole corpus, and merging again adds nothing.
set -e
G="$ROOT/tests/bad/gen.sh"
D="$ROOT/tests/data/hard"
DICTS="--dicts $D --verbs world.verbs --actors world.actors"
cd "$TMP"
# stores written in other batches keep their events in other orders: compare sorted
ids() { $TIDES export --db "$1" | awk 'NR > 1' | cut -f1 | sort; }
rows() { $TIDES export --db "$1" | sort; }
events() { $TIDES stats --db "$1" | awk -F'\t' '$1 == "events" { print $2 }'; }

# --- coding: 3 shards of a JSON-lines corpus
sh "$G" jsonl 3000 5 > corpus.jsonl
split -l 1000 corpus.jsonl shard.
for s in shard.aa shard.ab shard.ac; do
	$TIDES code --format jsonl $DICTS - < $s > $s.out 2> $s.err &
done
wait
$TIDES code --format jsonl $DICTS - < corpus.jsonl > whole.out 2> /dev/null
# no state between lines: the shard outputs concatenate to the whole output
cat shard.aa.out shard.ab.out shard.ac.out | cmp - whole.out
$TIDES merge --db merged.db shard.aa.out shard.ab.out shard.ac.out 2> /dev/null
$TIDES merge --db single.db whole.out 2> /dev/null
test "$(events merged.db)" = "$(events single.db)"
test "$(events merged.db)" = "$(wc -l < whole.out)"
# merging a shard again adds nothing
$TIDES merge --db merged.db shard.ab.out 2> merge.err
grep -q '0 added' merge.err || { cat merge.err; exit 1; }
test "$(events merged.db)" = "$(events single.db)"
ids merged.db > a; ids single.db > b; cmp a b

# --- importing: 3 shards of a GDELT file through `import --emit` on stdin
sh "$G" gdelt1 3000 6 > g.tsv
split -l 1000 g.tsv gs.
for s in gs.aa gs.ab gs.ac; do
	$TIDES import --emit tsv - < $s > $s.out 2> $s.err &
done
wait
$TIDES merge --db gmerged.db gs.aa.out gs.ab.out gs.ac.out 2> /dev/null
$TIDES import --db gsingle.db g.tsv 2> /dev/null
test "$(events gmerged.db)" = 3000
test "$(events gsingle.db)" = 3000
# every column, provenance included (origin gdelt1, orig_id, countries)
rows gmerged.db > a; rows gsingle.db > b; cmp a b
test "$(wc -l < a)" = 3001
# stdin and a file give the same stream
$TIDES import --emit tsv g.tsv > file.out 2> /dev/null
$TIDES import --emit tsv - < g.tsv > stdin.out 2> /dev/null
cmp file.out stdin.out
