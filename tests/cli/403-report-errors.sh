# tides report: usage and data errors, a series too short to date, the page
# on stdout; no browser needed.
set -e
cd "$TMP"
printf 'event_id\tdate\tsource\ttarget\tcode\troot\tquad\tgoldstein\tissues\tdoc_id\tsentence\tlang\tsource_text\tverb_text\ttarget_text\n' > ev.tsv
printf '\t2010-01-05\tUSA\tRUS\t040\t04\t1\t1.0\t\td1\t1\ten\ta\tb\tc\n' >> ev.tsv
printf '\t2010-03-05\tRUS\tUSA\t111\t11\t3\t-2.0\tSYRIA\td2\t1\ten\ta\tb\tc\n' >> ev.tsv
$TIDES import --db t.db --format tides ev.tsv 2>/dev/null

# too short to date: a page all the same, saying so
$TIDES report --db t.db --dyad USA,RUS -o - > r.html
grep -q '<svg id="tides-chart"' r.html
grep -q 'no turning point dated' r.html
grep -q 'No contraction phase was dated.' r.html
$TIDES drivers --db t.db --dyad USA,RUS | grep -q '^no contraction phase in the series (0 turning points)$'
$TIDES drivers --db t.db --dyad USA,RUS --from 2010-01-01 --to 2010-12-31 | grep -q '^    SYRIA  *other  *n=1  *-2.00'

rc=0; $TIDES report --db t.db --dyad USA,RUS 2>err || rc=$?
test $rc -eq 2 && grep -q '^tides: report: -o FILE is required$' err
rc=0; $TIDES report --db t.db --dyad USA -o x.html 2>err || rc=$?
test $rc -eq 2 && grep -q "^tides: report: bad --dyad 'USA' (A,B)$" err
rc=0; $TIDES report --db t.db --dyad USA,RUS --smooth ma:1 -o x.html 2>err || rc=$?
test $rc -eq 2 && grep -q "^tides: report: bad number '1'$" err
rc=0; $TIDES report --db t.db --dyad USA,RUS --measure nope -o x.html 2>err || rc=$?
test $rc -eq 2 && grep -q "^tides: report: unknown measure 'nope'$" err
printf 'name,start,end\nA,2010-01-01,2010-02-30\n' > bad.csv
rc=0; $TIDES report --db t.db --dyad USA,RUS --periods bad.csv -o x.html 2>err || rc=$?
test $rc -eq 1 && grep -q "^tides: bad.csv:2: bad date '2010-02-30'$" err
printf 'A,2010-01-01\n' > bad2.csv
rc=0; $TIDES report --db t.db --dyad USA,RUS --periods bad2.csv -o x.html 2>err || rc=$?
test $rc -eq 1 && grep -q "^tides: bad2.csv:1: expected name,start,end$" err
rc=0; $TIDES report --db t.db --dyad USA,RUS -o nodir/x.html 2>err || rc=$?
test $rc -eq 1 && grep -q "^tides: cannot open 'nodir/x.html': No such file or directory$" err
rc=0; $TIDES report --db t.db --dyad USA,RUS --periods nope.csv -o x.html 2>err || rc=$?
test $rc -eq 1 && grep -q "^tides: cannot open 'nope.csv': No such file or directory$" err
