# tides code --threads N loads the dictionaries on the caller's thread while
# the workers already read the first chunks (src/cli/code-threads.c,
# par_load); the stories read before the dictionaries are there are kept
# and coded later.  Everything must still look like one thread: the
# dictionary's warnings before the input's, a dictionary that does not load
# gives its message and nothing else (no TSV header, no totals, exit 1),
# also for empty or missing inputs; with --quad and with --db.  With the
# production dictionaries ($SHARED/petrarch: a load long enough for many
# chunks to be read meanwhile) the bytes are compared too.
set -e
D="$TMP/d"
mkdir -p "$D"
cp "$ROOT/tests/data/hard/world.verbs" "$ROOT/tests/data/hard/world.actors" "$D/"
printf 'NOCODE HERE\n' >> "$D/world.verbs"   # a dictionary warning
DICTS="--dicts $D --verbs world.verbs --actors world.actors"
sh "$ROOT/tests/bad/gen.sh" jsonl 3000 5 > "$TMP/c.jsonl"
{ head -700 "$TMP/c.jsonl"; echo '{"id":"BAD1","date":"2012-13-99","text":"China praised Iran."}'
  echo '{not json'; sed -n '701,$p' "$TMP/c.jsonl"; } > "$TMP/w.jsonl"
: > "$TMP/empty.jsonl"
IN=/dev/null

# same NAME ARGS...: stdout, stderr and exit status of one thread, then of
# 2 and 3 threads in small and big chunks, compared byte for byte (stdin
# from $IN)
same() {
	name=$1; shift
	rc=0; $TIDES code "$@" < "$IN" > "$TMP/one.out" 2> "$TMP/one.err" || rc=$?
	for n in 2 3; do
		for chunk in 300 100000; do
			prc=0
			TIDES_CODE_CHUNK=$chunk $TIDES code --threads $n "$@" < "$IN" > "$TMP/par.out" 2> "$TMP/par.err" || prc=$?
			if [ $rc -ne $prc ] || ! cmp -s "$TMP/one.out" "$TMP/par.out" || ! cmp -s "$TMP/one.err" "$TMP/par.err"; then
				echo "$name: --threads $n, chunk $chunk: exit $prc (one thread: $rc)"
				diff "$TMP/one.err" "$TMP/par.err" | head -20
				cmp "$TMP/one.out" "$TMP/par.out" || true
				exit 1
			fi
		done
	done
	echo "$name: exit $rc, $(wc -l < "$TMP/one.out") lines out, $(wc -l < "$TMP/one.err") lines of messages"
	last_rc=$rc
}

same warnings $DICTS "$TMP/w.jsonl"
test "$last_rc" -eq 0
grep -q 'world.verbs:.*malformed' "$TMP/one.err"
grep -q "w.jsonl:70[0-9]" "$TMP/one.err"
# the dictionary's warning comes first
head -1 "$TMP/one.err" | grep -q 'world.verbs'
test "$(wc -l < "$TMP/one.out")" -gt 3000
same jsonl-out --format jsonl --quad icews $DICTS "$TMP/w.jsonl"
same two-files $DICTS "$TMP/c.jsonl" "$TMP/w.jsonl"
same empty $DICTS "$TMP/empty.jsonl"
test "$(wc -l < "$TMP/one.out")" -eq 1   # the header
IN="$TMP/w.jsonl"
same stdin $DICTS -
IN=/dev/null
# an input that is not there: the dictionaries' messages, then the error
same missing-input $DICTS "$TMP/none.jsonl" "$TMP/c.jsonl"
test "$last_rc" -eq 1
# dictionaries that do not load: the message, nothing else
same missing-dict --dicts "$D" --verbs nonexist.verbs --actors world.actors "$TMP/w.jsonl"
test "$last_rc" -eq 1
test ! -s "$TMP/one.out"
test "$(wc -l < "$TMP/one.err")" -eq 1
same missing-dict-jsonl --format jsonl --dicts "$D" --verbs nonexist.verbs "$TMP/w.jsonl"
same missing-dict-empty --dicts "$D" --verbs nonexist.verbs "$TMP/empty.jsonl"
same missing-both --dicts "$D" --verbs nonexist.verbs "$TMP/none.jsonl"
test "$(wc -l < "$TMP/one.err")" -eq 1
# prose: the running-header scan runs on the workers before the dictionaries
# load (they load once the first chunks of the real pass are read)
LC_ALL=C awk 'BEGIN {
	srand(4)
	nn = split("United States|Russian Federation|Georgia|China|Ukraine|France", NAME, "|")
	nv = split("met with|praised|accused|threatened|criticized|hosted", VB, "|")
	for (p = 0; p < 600; p++) {
		line = ""
		for (j = 0; j < 2 + p % 3; j++) {
			a = 1 + int(rand() * nn); b = 1 + a % nn
			line = line (j ? " " : "") NAME[a] " officials " VB[1 + int(rand() * nv)] " " NAME[b] "."
		}
		while (length(line) > 70) { print substr(line, 1, 70); line = substr(line, 71) }
		print line; print ""
		if (p % 40 == 0) printf "- %d -\n\nJournal of Tested Relations\n\n", p
		if (p == 300) printf "Bad \377 byte here.\n\n"
	}
}' > "$TMP/p.txt"
same prose $DICTS "$TMP/p.txt"
grep -q 'p.txt:' "$TMP/one.err"
head -1 "$TMP/one.err" | grep -q 'world.verbs'
same prose-missing-dict --dicts "$D" --verbs nonexist.verbs "$TMP/p.txt"
test "$(wc -l < "$TMP/one.err")" -eq 1
same prose-then-jsonl $DICTS "$TMP/p.txt" "$TMP/w.jsonl"
# --db: loaded before the workers start (the caller's thread writes the store)
$TIDES code $DICTS --db "$TMP/one.db" "$TMP/w.jsonl" > "$TMP/one.out" 2> "$TMP/one.err"
$TIDES code --threads 2 $DICTS --db "$TMP/par.db" "$TMP/w.jsonl" > "$TMP/par.out" 2> "$TMP/par.err"
cmp "$TMP/one.out" "$TMP/par.out"
cmp "$TMP/one.err" "$TMP/par.err"
$TIDES export --db "$TMP/one.db" > "$TMP/a"
$TIDES export --db "$TMP/par.db" > "$TMP/b"
cmp "$TMP/a" "$TMP/b"

if [ -z "$SHARED" ] || [ ! -d "$SHARED/petrarch" ]; then
	echo "skipped the production dictionaries: no \$SHARED/petrarch"
	exit 0
fi
P="--dicts $SHARED/petrarch --verbs CAMEO.2.0.txt --actors Phoenix.Countries.actors.txt,Phoenix.International.actors.txt --agents Phoenix.agents.txt"
# shellcheck disable=SC2086
same petrarch $P "$TMP/w.jsonl"
test "$(wc -l < "$TMP/one.out")" -gt 3000
same petrarch-prose $P "$TMP/p.txt"
