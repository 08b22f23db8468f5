# Phrases of place with the bundled English dictionaries (<LOCATIVE> in
# data/dict/en/actors.txt): "in Moscow", "in the Russian capital" name
# where something happened, not who did it or to whom, when the clause
# names the actors; a capital that is the subject or the only actor after
# the verb stays an actor ("Moscow rejected", "Moscow and Beijing signed"),
# and so does a place opening the clause when no other actor precedes the
# verb (a5: TABARI's rule rather than the object taken for the subject),
# and the place a visit goes to (v1: CAMEO 042/043 keep it as target).
# An actor file without <LOCATIVE> keeps TABARI's rules (last case).
. "$ROOT/tests/cli/lib.sh"
D="verb=verbs.txt;actor=actors.txt;agent=agents.txt"
f="$TMP/loc.tsv"
row() { suite_row "$f" loc "$1" "$2" "$3" "$4" "$D"; } # id date expected text
suite_head "$f"
row l1 20071012 'USAGOV|RUSGOV|046;USAGOVMIL|RUSGOV|046' 'Rice and Gates held talks with Putin in Moscow.'
row l2 20071012 'USAGOV|RUSGOV|040' 'Rice met Lavrov in Moscow.'
row l3 20071012 'USAGOV|RUSGOV|040;USAGOVMIL|RUSGOV|040' 'In Moscow, Rice and Gates met Lavrov.'
row l4 20071012 'USAGOV|USAGOVMIL|046;USAGOVMIL|USAGOV|046' 'Rice and Gates held talks in Moscow.'
row l5 20071012 'USAGOV|RUSGOV|040' 'Condoleezza Rice met Sergei Lavrov in the Russian capital.'
row l6 20071012 'USAGOV|USAGOVMIL|040;USAGOVMIL|USAGOV|040' 'Rice and Gates met in Moscow.'
row l7 20151230 'RUSGOV|USA|111' 'Putin criticized Washington in a speech in Munich.'
row l8 20151230 'RUSGOV|UKRGOV|040' 'At a summit near Minsk, Putin met Poroshenko.'
row a1 20071012 'RUS|USA|111' 'Moscow criticized Washington.'
row a2 20071012 'RUS|CHN|057;CHN|RUS|057' 'Moscow and Beijing signed a treaty.'
row a3 20071012 'RUSCOP|GEOOPP|173' 'Police in Moscow arrested Georgian activists.'
row a4 20151230 'RUSGOV|SYRGOV|040' 'Putin met officials in Syria.'
row a5 20080806 'RWA|FRA|112' 'A report published on Tuesday in the Rwandan capital accused France of complicity.'
row n1 20151012 none 'Gates met Lavrov in Moscow.'
row v1 20151012 'RUSGOV|CHN|042' 'Putin arrived in Beijing for talks with Xi Jinping.'
row v2 20151012 'RUSGOV|CHNGOV|040' 'Putin met Xi Jinping in Beijing.'
$TIDES_WRAP $TIDES suite "$f" --dicts "$ROOT/data/dict/en" > "$TMP/out" 2> "$TMP/err" || { cat "$TMP/err"; exit 1; }
cat "$TMP/out"
grep -q '^suite loc: 16 passed, 0 failed' "$TMP/out" || exit 1

# without <LOCATIVE>: the place is the target, as TABARI codes it
mkdir -p "$TMP/d"
printf 'RUSSIA_ [RUS]\n+MOSCOW_\nCONDOLEEZZA_RICE_ [USAGOV]\n' > "$TMP/d/actors.txt"
printf 'MEET_ [040]\n{ MET_ }\n' > "$TMP/d/verbs.txt"
g="$TMP/tab.tsv"
suite_head "$g"
suite_row "$g" tab t1 20071012 'USAGOV|RUS|040' 'Condoleezza Rice met officials in Moscow.' "verb=verbs.txt;actor=actors.txt"
$TIDES_WRAP $TIDES suite "$g" --dicts "$TMP/d" > "$TMP/out2" 2> "$TMP/err2" || { cat "$TMP/err2"; exit 1; }
cat "$TMP/out2"
grep -q '^suite tab: 1 passed, 0 failed' "$TMP/out2"
