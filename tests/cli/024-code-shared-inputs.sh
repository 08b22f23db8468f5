# The readers on the real inputs of PETRARCH and TABARI in $SHARED: every
# non-empty <Sentence> and every TABARI record becomes a sentence.
TIDES="${TIDES_WRAP:+$TIDES_WRAP }$TIDES"   # valgrind under make valgrind
[ -n "$SHARED" ] && [ -d "$SHARED/petrarch" ] || { echo "no shared data (\$SHARED empty)"; exit 77; }
set -e
$TIDES code --sentences "$SHARED/petrarch/PETR.UnitTest.records.xml" > "$TMP/u" 2> "$TMP/ue"
test "$(grep -c '<Sentence ' "$SHARED/petrarch/PETR.UnitTest.records.xml")" = 284
test "$(sed 1d "$TMP/u" | wc -l)" = 284
grep -q '^tides: 284 stories, 284 sentences, 0 events$' "$TMP/ue"
grep -q '^DEMO-01	1	1995-01-01	0	en	Arnor is about to restore full diplomatic ties with Gondor' "$TMP/u"
$TIDES code --sentences "$SHARED/petrarch/GigaWord.sample.PETR.xml" > "$TMP/g" 2> "$TMP/ge"
# 76 <Sentence> records, 9 of them (TEST_1..9) with empty text
test "$(sed 1d "$TMP/g" | wc -l)" = 67
grep -q '^AFP0808020625	1	2008-08-04	0	en	The stopover came as the US leader prepared' "$TMP/g"
$TIDES code --sentences "$SHARED/tabari/Validate.text" > "$TMP/v" 2> "$TMP/ve"
test "$(sed 1d "$TMP/v" | wc -l)" = "$(grep -c '^[0-9]\{6,10\}[ *]' "$SHARED/tabari/Validate.text")"
# the suite's two deliberately broken dates are reported, nothing else
test "$(grep -c 'bad date' "$TMP/ve")" = 2
grep -q '^tides: 2 lines skipped or repaired$' "$TMP/ve"
$TIDES code --sentences "$SHARED/tabari/TABARI.Demo.text" > "$TMP/d" 2>/dev/null
test "$(sed 1d "$TMP/d" | wc -l)" = 46
