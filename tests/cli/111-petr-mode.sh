# PETRARCH dictionaries switch the coder to PETRARCH's behaviour where it
# differs from TABARI's (tides' own small dictionaries and sentences).
D="verb=verbs.txt;actor=actors.txt;agent=agents.txt"
T=$(printf '\t')
row() { # id config expected text
	printf 'petr_mode%s%s%sMODE%s20080801%strue%sexact%s%s%s%s%s1%snone%s%s%s%s\n' \
		"$T" "$1" "$T" "$T" "$T" "$T" "$T" "$2" "$T" "$3" "$T" "$T" "$T" "$4" "$T" "$D"
}
{
	printf 'suite\tid\tcategory\tdate\tevaluate\tcheck\tconfig\texpected\tn_expected\tparse_type\ttext\tdictionaries\n'
	# an agent alone is an actor
	row AGENT-ALONE "" "RHUCOP|---EDU|173" "Rhun police arrested students today."
	# require_dyad=false keeps one-sided events and codes the trailing segment
	row DYAD-OFF "comma_emax=0,require_dyad=false" "RHU|HAR|041;---GOV|---|023" \
		"Rhun welcomed a resumption of ties with Harad after a long rift, a senior official said on Saturday."
	row DYAD-ON "comma_emax=0" "RHU|HAR|041" \
		"Rhun welcomed a resumption of ties with Harad after a long rift, a senior official said on Saturday."
	# a possessive actor owns its noun phrase
	row POSSESSIVE "" "RHU|KHA|190" "Rhun's Harad envoys attacked Khand."
	# unlisted adjectives inside a compound
	row COMPOUND-ADJ "" "RHU|KHA|190;HAR|KHA|190" "Rhun and the evil awful Harad attacked Khand."
	# '-' splits dictionary words as the lexer splits text
	row HYPHEN "" "MOR|KHA|190" "Barad-dur attacked Khand."
	# coordinated agents give an event each
	row COORD-AGENTS "" "RHUCOP|HAR|041;RHUEDU|HAR|041" "Police and students in Rhun welcomed Harad."
	# an agent before and one after the actor
	row TWO-AGENTS "" "GLDRHUGOV|HAR|041" "A guild Rhun official welcomed Harad."
	# [+++] patterns never fire in PETRARCH files
	row NO-COMPLEX "" "RHU|KHA|190" "Rhun attacked fxll Khand."
} > "$TMP/mode.tsv"
$TIDES suite "$TMP/mode.tsv" --dicts "$ROOT/tests/data/petr/mode" > "$TMP/out" 2> "$TMP/err" || {
	cat "$TMP/err"; exit 1; }
if ! tail -1 "$TMP/out" | grep -q 'suite petr_mode: 9 passed, 0 failed'; then
	cat "$TMP/out"; exit 1
fi
exit 0
