# The default discard list (PETRARCH format) loads without warnings, drops
# sports stories, and leaves political news that mentions the Olympics
# alone.  Skips while `tides suite` does not load discard files.
D="$ROOT/data/dict/en"
[ -s "$D/discards.txt" ] || { echo "missing $D/discards.txt"; exit 1; }
if $TIDES_WRAP $TIDES suite /dev/null 2>&1 | grep -q 'not built yet'; then
	echo "skip: tides suite is still a placeholder"; exit 77
fi
spec="verb=verbs.txt;actor=actors.txt;agent=agents.txt;discard=discards.txt"
row() { printf 'disc\t%s\t\t%s\ttrue\t\t\t%s\t1\t\t%s\t%s\n' "$1" "$2" "$3" "$4" "$spec"; }
{
	row S1 20180614 discard "Russia beat Saudi Arabia 5-0 in the opening match of the World Cup."
	row S2 20140713 discard "Germany defeated Argentina in the World Cup final in Rio de Janeiro."
	row S3 20150919 discard "Japan beat South Africa in a stunning upset at the Rugby World Cup."
	row S4 20080816 discard "China won the gold medal in the men's table tennis team event."
	row P1 20080808 "USAGOV|CHNGOV|040" "George W. Bush met Hu Jintao in Beijing before the opening of the Olympics."
	row P2 20220204 "RUSGOV|CHNGOV|040" "Vladimir Putin met Xi Jinping on the day the Winter Olympics opened."
} > "$TMP/d.tsv"
$TIDES_WRAP $TIDES suite "$TMP/d.tsv" --dicts "$D" --verbose > "$TMP/out" 2> "$TMP/err" || { cat "$TMP/err"; exit 1; }
if grep -q "key 'discard' ignored" "$TMP/err"; then
	echo "skip: this tides suite does not load discard files yet"; exit 77
fi
if [ -s "$TMP/err" ]; then echo "warnings:"; cat "$TMP/err"; exit 1; fi
grep -A3 '^FAIL' "$TMP/out"
grep -q '^suite disc: 6 passed, 0 failed' "$TMP/out" || { tail -1 "$TMP/out"; exit 1; }
