# "marched" is CAMEO 141 (demonstrate) only in a protest context with the
# bundled English dictionaries: soldiers marching together in a parade
# are no protest; protesters marching, or marching against or to protest
# something, are.
. "$ROOT/tests/cli/lib.sh"
D="verb=verbs.txt;actor=actors.txt;agent=agents.txt"
f="$TMP/march.tsv"
row() { suite_row "$f" march "$1" 20100509 "$2" "$3" "$D"; } # id expected text
suite_head "$f"
row m1 none 'American troops marched with Russian troops on Red Square in the Victory Day parade.'
row m2 none 'Russian soldiers marching with Chinese soldiers opened the parade.'
row p1 'UKROPP|RUS|141' 'Ukrainian protesters marched against Russia.'
row p2 'GEO|RUS|141' 'Thousands of Georgians marched to protest against Russia.'
row p3 'UKROPP|RUS|141' 'Ukrainian activists marching against Russia blocked a road.'
$TIDES_WRAP $TIDES suite "$f" --dicts "$ROOT/data/dict/en" > "$TMP/out" 2> "$TMP/err" || { cat "$TMP/err"; exit 1; }
cat "$TMP/out"
grep -q '^suite march: 5 passed, 0 failed' "$TMP/out"
