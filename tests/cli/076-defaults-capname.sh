# Surnames that are common words, with the bundled English dictionaries
# (<CAPNAME> in data/dict/en/actors.txt): "Rice", "Gates", "Straw" are
# office holders only when capitalised as names (first word: only before
# a verb, a conjunction, a comma or an actor) and only within the dates
# of their offices; the common words stay words.
. "$ROOT/tests/cli/lib.sh"
D="verb=verbs.txt;actor=actors.txt;agent=agents.txt"
f="$TMP/cap.tsv"
row() { suite_row "$f" cap "$1" "$2" "$3" "$4" "$D"; } # id date expected text
suite_head "$f"
row c1 20071012 'USAGOV|RUSGOV|040' 'Rice met Lavrov.'
row c2 20071012 'USAGOVMIL|RUSGOV|040' 'Gates met Putin.'
row c3 20060115 'GBRGOV|RUSGOV|040' 'Straw met Lavrov in London.'
row c4 20071012 'RUSGOV|USAGOV|040;RUSGOV|USAGOVMIL|040' 'Putin met Rice and Gates.'
row c5 20071012 'USABUS|RUSGOV|040' 'Bill Gates met Putin.'
row n1 20071012 none 'Rice prices rose in Asia.'
row n2 20071012 'ASAAGR|CHN|061' 'Farmers in Asia sold rice to China.'
row n3 20151012 none 'Gates met Lavrov.'
row n4 20071012 none 'Brown bears attacked tourists.'
row n5 20080828 none 'Rice farmers protested against the government of Thailand.'
row n6 20071012 none 'Rice Meets Lavrov In Moscow'
$TIDES_WRAP $TIDES suite "$f" --dicts "$ROOT/data/dict/en" > "$TMP/out" 2> "$TMP/err" || { cat "$TMP/err"; exit 1; }
cat "$TMP/out"
grep -q '^suite cap: 11 passed, 0 failed' "$TMP/out"
