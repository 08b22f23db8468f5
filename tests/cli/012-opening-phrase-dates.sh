# Regressions found while writing the README example:
# 1. a short verbless opening phrase before the only comma ("On Sunday,")
#    made the whole main clause look like a trailing aside, so nothing was
#    coded; a real trailing aside (", a senior official said") still is one;
# 2. a sentence that states its date ("In April 1993, ...") took that date
#    for the event but resolved dated actor codes at the story's date.
set -e
D="$ROOT/tests/data/coder"
code() { printf '%s\n' "$1" | $TIDES code --verbs "$D/verbs.txt" --actors "$D/actors.txt" \
	--input-format lines --date 2014-03-20 2>/dev/null | tail -n +2 | cut -f2-5; }
out=$(code "On Sunday, Russia annexed Crimea.")
[ "$out" = "$(printf '2014-03-20\tRUS\tUKR\t192')" ] || { echo "opening phrase: got '$out'"; exit 1; }
out=$(code "Russia annexed Crimea, a senior official said.")
[ "$out" = "$(printf '2014-03-20\tRUS\tUKR\t192')" ] || { echo "trailing aside: got '$out'"; exit 1; }
out=$(code "In April 1993, Clinton met Yeltsin in Vancouver.")
[ "$out" = "$(printf '1993-04-01\tUSAGOV\tRUSGOV\t040')" ] || { echo "stated date: got '$out'"; exit 1; }
out=$(code "Clinton met Yeltsin in Vancouver.")
[ "$out" = "$(printf '2014-03-20\tUSAELI\tRUSELI\t040')" ] || { echo "story date: got '$out'"; exit 1; }
