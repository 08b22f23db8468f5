# make demo's script, end to end on the bundled chronicle and dictionaries:
# code -> store (with sentences) -> monthly index -> cycles with periods ->
# cycles.json, report.html and the summary.  Skips while the default English
# dictionaries are not in the tree.
set -e
for f in verbs actors; do
	if [ ! -f "$ROOT/data/dict/en/$f.txt" ]; then
		echo "no default dictionary data/dict/en/$f.txt yet"
		exit 77
	fi
done
B=${TIDES#$ROOT/}; B=${B%/tides}
TIDES_DEMO_OUT="$TMP/demo" sh "$ROOT/scripts/demo.sh" "$B" > "$TMP/out.txt"
cd "$TMP/demo"
test -s tides.db && test -s report.html && test -s cycles.json && test -s summary.txt
grep -q '^{"turning_points":\[{"date":"' cycles.json
grep -q '"periods":\[{"name":"Clinton"' cycles.json
grep -q '<svg id="tides-chart"' report.html
grep -q '^turning points ([1-9][0-9]*):' "$TMP/out.txt"
grep -q '^  Clinton    1993-01-20 .. 2001-01-19  start' "$TMP/out.txt"
grep -q '^  each low lower than the last: \(yes\|no\)$' "$TMP/out.txt"
grep -q '^downturns (contraction phases) and their top drivers (issues ranked by their negative part' "$TMP/out.txt"
# the sentences are in the store and reach the report
grep -q 'Obama expelled 35 Russian diplomats' report.html
# the report's dating and `tides cycles` agree on the turning points
first=$(sed 's/^{"turning_points":\[{"date":"\([0-9-]*\)".*/\1/' cycles.json | cut -c1-7)
grep -q "^  $first " "$TMP/out.txt"
