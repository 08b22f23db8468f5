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
row c6 20080506 'USABUS|CHNGOV|040' 'Bill Gates met Chinese officials.'
row c7 20080506 'USAGOVMIL|CHNGOV|040' 'Defense Secretary Robert Gates met Chinese officials.'
row c8 20080506 'NGODEVUSA|CHNGOV|111' 'The Bill and Melinda Gates Foundation criticized Chinese officials.'
row c9 20080506 'USABUS|CHNGOV|040' 'Microsoft co-founder Gates met Chinese officials.'
# a title of the dictionary's full names (MICROSOFT_FOUNDER_GATES_) as an appositive or in
# another order names that person too (parse.c capname_titled), also outside 2006-2011;
# other titles, or a clause, leave the office holder of the date
row t1 20080506 'USABUS|CHNGOV|040' 'Gates, the Microsoft founder, met Chinese officials.'
row t2 20080506 'USABUS|CHNGOV|040' 'Gates, the co-founder of Microsoft, met Chinese officials.'
row t3 20080506 'USABUS|CHNGOV|040' "Microsoft's co-founder Gates met Chinese officials."
row t4 20080506 'USABUS|CHNGOV|040' "Gates, Microsoft's co-founder, met Chinese officials."
row t5 20080506 'CHNGOV|USABUS|040' 'Chinese officials met Gates, the billionaire Microsoft co-founder.'
row t6 20151012 'USABUS|RUSGOV|040' 'Gates, the former Microsoft chief executive, met Lavrov.'
row t7 20080506 'USAGOVMIL|CHNGOV|040' 'Gates, the defense secretary, met Chinese officials.'
row t8 20080506 'USAGOVMIL|CHNGOV|040' 'Gates, who signed the bill, met Chinese officials.'
row t9 20080506 'CHNGOV|USAGOVMIL|040' 'Chinese officials met Gates, the Pentagon chief.'
row n1 20071012 none 'Rice prices rose in Asia.'
row n2 20071012 'ASAAGR|CHN|061' 'Farmers in Asia sold rice to China.'
row n3 20151012 none 'Gates met Lavrov.'
row n4 20071012 none 'Brown bears attacked tourists.'
row n5 20080828 none 'Rice farmers protested against the government of Thailand.'
row n6 20071012 none 'Rice Meets Lavrov In Moscow'
$TIDES_WRAP $TIDES suite "$f" --dicts "$ROOT/data/dict/en" > "$TMP/out" 2> "$TMP/err" || { cat "$TMP/err"; exit 1; }
cat "$TMP/out"
grep -q '^suite cap: 24 passed, 0 failed' "$TMP/out" || exit 1

# One name per story (parse.c capname_remember): after "Bill Gates", a bare "Gates" in the
# same story is Bill Gates, in the Secretary's years and after; after "Robert Gates" it
# is Robert Gates; after "Gates, the Microsoft founder," it is Bill Gates; in a story that
# gives no full name or title it is the office holder of the date.
printf '%s\n\n%s\n\n%s\n\n%s\n' 'Bill Gates arrived in Beijing on Monday. Gates met Chinese officials on Tuesday.' \
	'Robert Gates arrived in Beijing on Monday. Gates met Chinese officials on Tuesday.' \
	'Gates met Chinese officials in Beijing on Tuesday.' \
	'Gates, the Microsoft founder, arrived in Beijing on Monday. Gates met Chinese officials on Tuesday.' \
	> "$TMP/story.txt"
for day in 2008-05-06 2015-05-06; do
	$TIDES_WRAP $TIDES code --input-format text --date $day "$TMP/story.txt" 2> /dev/null | sed 1d | cut -f3,4,5
done > "$TMP/story.out"
expect_file "$TMP/story.out" <<'EOF'
USABUS	CHN	042
USABUS	CHNGOV	040
USAGOVMIL	CHN	042
USAGOVMIL	CHNGOV	040
USAGOVMIL	CHNGOV	040
USABUS	CHN	042
USABUS	CHNGOV	040
USABUS	CHN	042
USABUS	CHNGOV	040
USAELI	CHN	042
USAELI	CHNGOV	040
USABUS	CHN	042
USABUS	CHNGOV	040
EOF
