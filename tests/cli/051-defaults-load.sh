# The bundled English default dictionaries (TABARI actors, agents, verbs)
# load without a single warning, and the check itself works: a copy with
# one broken line in each file is warned about at that line.  (The discard
# list, PETRARCH format, is tested by 056.)
D="$ROOT/data/dict/en"
for f in actors.txt agents.txt verbs.txt discards.txt; do
	[ -s "$D/$f" ] || { echo "missing $D/$f"; exit 1; }
done
if $TIDES_WRAP $TIDES suite /dev/null 2>&1 | grep -q 'not built yet'; then
	echo "skip: tides suite is still a placeholder"; exit 77
fi
spec="verb=verbs.txt;actor=actors.txt;agent=agents.txt"
printf 'load\t1\t\t20080808\ttrue\t\t\tRUSMIL|GEO|195\t1\t\tRussian warplanes bombed the Georgian town of Gori.\t%s\n' "$spec" > "$TMP/one.tsv"
$TIDES_WRAP $TIDES suite "$TMP/one.tsv" --dicts "$D" > "$TMP/out" 2> "$TMP/err" || { cat "$TMP/err"; exit 1; }
if [ -s "$TMP/err" ]; then echo "loading the defaults warns:"; cat "$TMP/err"; exit 1; fi
grep -q 'suite load: 1 passed, 0 failed' "$TMP/out" || { cat "$TMP/out"; exit 1; }

mkdir "$TMP/bad"
cp "$D"/*.txt "$TMP/bad/"
for f in actors.txt agents.txt verbs.txt; do
	echo 'BROKEN_LINE [' >> "$TMP/bad/$f"
done
$TIDES_WRAP $TIDES suite "$TMP/one.tsv" --dicts "$TMP/bad" > /dev/null 2> "$TMP/err2"
for f in actors.txt agents.txt verbs.txt; do
	n=$(wc -l < "$TMP/bad/$f")
	grep -q "$f:$n: " "$TMP/err2" || { echo "no warning for the broken line of $f"; cat "$TMP/err2"; exit 1; }
done
