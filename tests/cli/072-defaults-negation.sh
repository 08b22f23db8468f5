# Negation before the verb with the bundled English dictionaries (CAMEO
# practice): no event, or the refusal code where the verb's patterns name
# the negation (&NEGATION in data/dict/en/verbs.txt); a negated verb also
# silences SAID.  TABARI's own dictionaries keep their behaviour (they do
# not define &NEGATION: tests/cli/100 checks their suite).
. "$ROOT/tests/cli/lib.sh"
D="verb=verbs.txt;actor=actors.txt;agent=agents.txt"
f="$TMP/neg.tsv"
row() { suite_row "$f" neg "$1" 20161230 "$2" "$3" "$D"; } # id expected text
suite_head "$f"
row n1 none 'Putin said Russia will not expel American diplomats.'
row n2 none 'Russia did not expel American diplomats.'
row n3 none "Russia won't sanction Ukraine."
row n4 none 'Russia won’t sanction Ukraine.'
row n5 none 'Russia will not really attack Ukraine.'
row r1 'RUS|USAGOV|120' 'Russia refused to expel American diplomats.'
row r2 'USA|RUS|120' "The United States won't recognize Russia's annexation of Crimea."
row r3 'USAGOV|RUSGOV|125' "Obama didn't meet Putin."
row p1 'RUS|USAGOV|161' 'Russia expelled American diplomats.'
row p2 'RUS|UKR|163' 'Russia sanctioned Ukraine.'
$TIDES_WRAP $TIDES suite "$f" --dicts "$ROOT/data/dict/en" > "$TMP/out" 2> "$TMP/err" || { cat "$TMP/err"; exit 1; }
cat "$TMP/out"
grep -q '^suite neg: 10 passed, 0 failed' "$TMP/out"
