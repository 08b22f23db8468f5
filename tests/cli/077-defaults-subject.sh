# A sentence without an actor before its verb has no known source with the bundled
# English dictionaries (<SUBJECTFIRST> in data/dict/en/actors.txt: coder.c
# regular_source): "Accused Russia of ..." is no Russian accusation, where TABARI's rule
# took the object for the source.  Sentences with a subject, the passive voice ("X was
# attacked by Y") and a verb whose own subject follows an earlier verb ("Said Russia would
# attack Ukraine") code as before.
. "$ROOT/tests/cli/lib.sh"
D="verb=verbs.txt;actor=actors.txt;agent=agents.txt"
f="$TMP/subj.tsv"
row() { suite_row "$f" subj "$1" "$2" "$3" "$4" "$D"; } # id date expected text
suite_head "$f"
row n1 20150506 none 'Accused Russia of helping Syria.'
row n2 20150506 none 'Talks with Iran collapsed after China objected.'
row n3 20150506 none 'Met Russian officials in Beijing on Tuesday.'
row n4 20150506 none 'Met with Russian officials on Tuesday.'
row n5 20130623 none 'Former intelligence contractor Edward Snowden flew from Hong Kong to Moscow.'
row n6 20100628 none 'The Justice Department charged ten people with spying in the United States for Russia'"'"'s foreign intelligence service.'
row s1 20150506 'UKR|RUS|190' 'Ukraine attacked Russia on Tuesday.'
row s2 20150506 'UKR|RUS|190' 'Russia was attacked by Ukraine on Tuesday.'
row s3 20150506 'CHN|RUSGOV|111' 'Russian officials were criticized by China.'
row s4 20150506 'RUS|UKR|190' 'Said Russia would attack Ukraine.'
row s5 20150506 'RUS|CHNGOV|040' 'Later, Russia met Chinese officials.'
row s6 20150506 'CHN|IRN|112' 'On Tuesday China accused Iran of lying.'
# a pronoun after the verb stands for an actor named before (here the first clause's subject)
row s7 19990323 'RUS|USA|161' 'Russian Prime Minister Yevgeny Primakov turned his plane around over the Atlantic and cancelled his visit to Washington.'
$TIDES_WRAP $TIDES suite "$f" --dicts "$ROOT/data/dict/en" > "$TMP/out" 2> "$TMP/err" || { cat "$TMP/err"; exit 1; }
cat "$TMP/out"
grep -q '^suite subj: 13 passed, 0 failed' "$TMP/out" || exit 1

# the rule is the dictionaries': TABARI-format ones without <SUBJECTFIRST> keep TABARI's
T=$ROOT/tests/data/text/dict
printf 'Accused Russia of aiding Ukraine.\n' > "$TMP/s.txt"
$TIDES code --dicts "$T" --verbs mini.verbs --actors mini.actors --input-format lines --date 2015-05-06 \
	"$TMP/s.txt" 2> /dev/null | sed 1d | cut -f3,4,5 > "$TMP/tab"
[ "$(cat "$TMP/tab")" = "RUS	UKR	112" ] || { echo "TABARI rule:"; cat "$TMP/tab"; exit 1; }
