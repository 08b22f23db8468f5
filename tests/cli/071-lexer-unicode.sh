# The lexer folds the case of accented Latin letters (Élysée = ÉLYSÉE,
# Védrine), reads typographic apostrophes, quotes and dashes as their
# ASCII forms (Lavrov’s = LAVROV'S), and drops the period after a
# sentence-final acronym ("joined NATO." finds NATO) while keeping U.S.
# and initials; checked with the bundled English dictionaries.
. "$ROOT/tests/cli/lib.sh"
D="verb=verbs.txt;actor=actors.txt;agent=agents.txt"
f="$TMP/lex.tsv"
row() { suite_row "$f" lex "$1" "$2" "$3" "$4" "$D"; } # id date expected text
suite_head "$f"
row a1 19990312 'FRAGOV|RUS|111' 'The Élysée criticized Russia on Monday.'
row a2 19990312 'FRAGOV|RUS|111' 'Hubert Védrine criticized Russia on Monday.'
row a3 19990312 'FRAGOV|RUS|111' 'ÉLYSÉE PALACE CRITICIZED RUSSIA.'
row q1 20150312 'RUSGOV|USA|112' 'Lavrov’s ministry accused the United States of meddling.'
row q2 20150312 'USA|POL|051' 'The United States praised the “progress” of Poland — a spokesman said.'
row p1 19990312 'POL|IGOWSTNAT|050' 'Poland joined NATO.'
row p2 19990312 'RUS|IGOWSTNAT|111' 'Russia criticized NATO.'
row p3 19990312 'RUS|USA|111' 'Russia criticized the U.S.'
$TIDES_WRAP $TIDES suite "$f" --dicts "$ROOT/data/dict/en" > "$TMP/out" 2> "$TMP/err" || { cat "$TMP/err"; exit 1; }
cat "$TMP/out"
grep -q '^suite lex: 8 passed, 0 failed' "$TMP/out"
