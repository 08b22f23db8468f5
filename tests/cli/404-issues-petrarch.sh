# The issue tagger reads PETRARCH's production issue file (Phoenix) as it is,
# lines PETRARCH tolerates included (warned about), and re-tags stored
# sentences with it through tides drivers --issues.  Needs ../shared.
set -e
if [ -z "$SHARED" ] || [ ! -f "$SHARED/petrarch/Phoenix.IssueCoding.txt" ]; then
	echo "../shared/data/petrarch/Phoenix.IssueCoding.txt is not available"
	exit 77
fi
cd "$TMP"
printf 'MET  [040]\nCRITICIZED  [111]\n' > t.verbs
printf 'WASHINGTON  [USA]\nMOSCOW  [RUS]\n' > t.actors
printf '2001-03-05\ta1\tWashington criticized Moscow over air strikes on civilians.\n' > chron.txt
printf '2001-03-06\ta2\tMoscow met Washington to discuss nuclear weapons and tourism.\n' >> chron.txt
$TIDES code --dicts . --verbs t.verbs --actors t.actors --input-format lines --db t.db chron.txt \
	> /dev/null 2>&1
$TIDES drivers --db t.db --dyad USA,RUS --from 2001-01-01 --to 2001-12-31 \
	--issues "$SHARED/petrarch/Phoenix.IssueCoding.txt" > out.txt 2> err.txt
cat out.txt err.txt
grep -q '^    AIRSTRIKE ' out.txt
grep -q '^    NUCLEAR_WEAPONS ' out.txt
grep -q '^    TOURISM ' out.txt
# its stray </ISSUE> and the text after a code are warnings with file:line
grep -q 'Phoenix.IssueCoding.txt:481: </ISSUE> without <ISSUE>: ignored$' err.txt
grep -q "Phoenix.IssueCoding.txt:1198: text after \[MEDIA_CENSORSHIP\] ignored" err.txt
