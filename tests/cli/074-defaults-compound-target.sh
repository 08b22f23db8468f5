# A compound subject with an explicit target after the verb, with the
# bundled English dictionaries: the compound is the source and the target
# the actor after the verb ("Poland, Hungary and the Czech Republic signed
# an agreement with NATO": each with NATO, none among the three); without
# a target the compound's members pair up ('%', as in TABARI).
. "$ROOT/tests/cli/lib.sh"
D="verb=verbs.txt;actor=actors.txt;agent=agents.txt"
f="$TMP/cmp.tsv"
row() { suite_row "$f" cmp "$1" "$2" "$3" "$4" "$D"; } # id date expected text
suite_head "$f"
row c1 19990312 'POL|IGOWSTNAT|057;HUN|IGOWSTNAT|057;CZE|IGOWSTNAT|057' 'Poland, Hungary and the Czech Republic signed an agreement with NATO.'
row c2 20151230 'RUSGOV|DEUGOV|040;USAGOV|DEUGOV|040' 'Putin and Obama met with Merkel.'
row c3 20151230 'RUS|IRN|046;CHN|IRN|046' 'Russia and China held talks with Iran.'
row s1 20151230 'RUS|UKR|057;UKR|RUS|057' 'Russia and Ukraine signed an agreement.'
row s2 20151230 'RUSGOV|USAGOV|040;USAGOV|RUSGOV|040' 'Putin and Obama met in Geneva.'
row s3 20151230 'RUS|CHN|046;CHN|RUS|046' 'Russia and China held talks.'
$TIDES_WRAP $TIDES suite "$f" --dicts "$ROOT/data/dict/en" > "$TMP/out" 2> "$TMP/err" || { cat "$TMP/err"; exit 1; }
cat "$TMP/out"
grep -q '^suite cmp: 6 passed, 0 failed' "$TMP/out"
