# Prose extracted from a PDF: running headers and page numbers dropped,
# hyphenation and page breaks mended, footnote markers removed, abbreviations
# kept whole, and dates stated in sentences override the story date.
TIDES="${TIDES_WRAP:+$TIDES_WRAP }$TIDES"   # valgrind under make valgrind
set -e
D=$ROOT/tests/data/text
$TIDES code --sentences --date 2014-06-01 "$D/chapter.txt" > "$TMP/out" 2>/dev/null
! grep -q 'THE LONG PEACE' "$TMP/out"
! grep -q '	1[23]$' "$TMP/out"
grep -q '	The relations of the two states then cooled\.$' "$TMP/out"
grep -q 'aid\.$' "$TMP/out"                      # [3] removed, sentence intact
grep -q 'led by Gen\. Powell and Dr\. J\. F\. Smith, who said "the talks went well\."$' "$TMP/out"
grep -q '	1993-04-01	2	en	In April 1993, Clinton met Yeltsin' "$TMP/out"
grep -q '	2014-03-16	3	en	On 16 March 2014, Russia annexed Crimea (a move the U.N. condemned.)$' "$TMP/out"
grep -q '	2014-03-16	3	en	Negotiations resumed on March 16 in Geneva\.$' "$TMP/out"
grep -q '	The No\. 2 official resigned the following week, citing health reasons\.$' "$TMP/out"
# --story-dates-only keeps the story date; --id names the document
$TIDES code --sentences --date 2014-06-01 --story-dates-only --id book7 "$D/chapter.txt" > "$TMP/out2" 2>/dev/null
test "$(cut -f3 "$TMP/out2" | sort -u | grep -c .)" = 2   # header "date" and 2014-06-01
test "$(cut -f1 "$TMP/out2" | sort -u | grep -vc doc_id)" = 1
grep -q '^book7	12	' "$TMP/out2"
# stdin, both as "-" and as no argument
# a pipe cannot be rewound: it is spooled so running headers are still found
cat "$D/chapter.txt" | $TIDES code --sentences --date 2014-06-01 - 2>/dev/null | sed 's/^stdin/chapter.txt/' | cmp -s - "$D/chapter.txt.expected"
$TIDES code --sentences --date 2014-06-01 < "$D/zh.txt" 2>/dev/null | grep -q '^stdin	4	2014-06-01	0	zh	是的。$'
