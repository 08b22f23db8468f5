# tides drivers: the issues of each downturn of a dyad, from a store built here
# (72 months of events with a 24-month cycle; NATO and sanctions events in the
# falling halves).  Checks phases, ranking, sums, JSON, --from/--to, re-tagging
# from stored issues vs --issues, and the usage errors.
set -e
cd "$TMP"
awk 'BEGIN{OFS="\t"; print "event_id","date","source","target","code","root","quad","goldstein","issues","doc_id","sentence","lang","source_text","verb_text","target_text";
 pi=3.14159265358979; for(m=0;m<72;m++){y=2000+int(m/12); mo=m%12+1; lv=4*cos(2*pi*(m-6)/24);
 d=sprintf("%04d-%02d-15",y,mo);
 print "",d,"USAGOV","RUSGOV",(lv>0?"040":"111"),(lv>0?"04":"11"),(lv>0?1:3),sprintf("%.1f",lv+1),"","doc"m"a",1,"en","Washington","met","Moscow";
 print "",d,"RUSGOV","USAGOV",(lv>0?"040":"111"),(lv>0?"04":"11"),(lv>0?1:3),sprintf("%.1f",lv-1),(lv<0?"NATO_ENLARGEMENT":""),"doc"m"b",1,"en","Moscow","criticized","Washington";
 if(lv<-2) print "",d,"USA","RUS","163","16",4,"-8.0","SANCTIONS","doc"m"c",1,"en","Washington","sanctioned","Moscow";
 print "",d,"USA","CHN","190","19",4,"-10.0","OTHER","doc"m"d",1,"en","Washington","fought","Beijing";
}}' > ev.tsv
$TIDES import --db t.db --format tides ev.tsv 2>/dev/null

# every downturn, text
$TIDES drivers --db t.db --dyad USA,RUS > all.txt
test "$(grep -c '^phase [0-9]*: contraction' all.txt)" = 2
grep -q '^phase 1: contraction 2000-08-01 .. 2001-07-31: peak 2000-07 (4.000) -> trough 2001-07 (-5.333), change -9.333$' all.txt
# sanctions (4 events x -8) outweigh NATO in the first downturn; USA-CHN never counts.
# Columns: n, negative part, positive part, net, share of the negative weight
# (-32 of -67.4: the untagged events' negative part counts too)
grep -q '^  events: 28, raw Goldstein total -40.00 (negative -67.40, positive +27.40)$' all.txt
sed -n '/^  issues:/,/^  top events:/p' all.txt | sed -n 2p | grep -q '^    SANCTIONS  *other  *n=4  *-32.00  *0.00  *-32.00  *47.5%$'
# this generated cycle's downturns are downturns in their raw events too: no flag
! grep -q 'flag' all.txt
! grep -q 'CHN' all.txt

# one phase as JSON: issue sums add up to the window's Goldstein sum
$TIDES drivers --db t.db --dyad USA,RUS --phase 3 --format json > p3.json
grep -q '^{"dyad":"USA,RUS","measure":"goldstein-mean","phases":4,"windows":\[{"phase":3,"kind":"contraction","from":"2002-08-01","to":"2003-07-31"' p3.json
total=$(sed 's/.*"goldstein_sum":\([-0-9.e]*\).*/\1/' p3.json)
parts=$(sed 's/.*"issues":\[\(.*\)\],"top_events".*/\1/' p3.json | tr '{' '\n' | sed -n 's/.*"sum":\([-0-9.e]*\).*/\1/p' | awk '{s+=$1} END{printf "%.2f", s}')
test "$(printf '%.2f' "$total")" = "$parts"

# an expansion phase ranks what pushed the index up
$TIDES drivers --db t.db --dyad USA,RUS --phase 2 | grep -q '^phase 2: expansion'

# a window instead of a phase
$TIDES drivers --db t.db --dyad USA,RUS --from 2001-01-01 --to 2001-03-31 | grep -q '^window 2001-01-01 .. 2001-03-31$'

# --issues re-tags from stored sentences; this store has none, so the stored
# issues stay, and the dictionary gives their families
printf 'n:sanction [SANCTIONS] economic\n' > iss.txt
$TIDES drivers --db t.db --dyad USA,RUS --phase 1 --issues iss.txt | grep -q '^    SANCTIONS  *economic  *n=4'

# errors
if $TIDES drivers --db t.db --dyad USA,RUS --phase 9 2>err; then exit 1; fi
grep -q '^tides: no phase 9 (the series has 4)$' err
if $TIDES drivers --db t.db 2>err; then exit 1; fi
grep -q 'tides: drivers: --dyad A,B is required' err
rc=0; $TIDES drivers --db t.db --dyad USA,RUS --phase 1 --from 2001-01-01 2>err || rc=$?
test $rc -eq 2
grep -q 'tides: drivers: --phase and --from/--to exclude each other' err
if $TIDES drivers --db t.db --dyad USA,JPN 2>err; then exit 1; fi
grep -q '^tides: no events of the dyad USA,JPN$' err
if $TIDES drivers --db nosuch.db --dyad USA,RUS 2>err; then exit 1; fi
grep -q "^tides: cannot open 'nosuch.db'" err
printf 'x [A] one\ny [A] two\n' > bad.txt
if $TIDES drivers --db t.db --dyad USA,RUS --issues bad.txt 2>err; then exit 1; fi
grep -q "^tides: bad.txt:2: issue 'A' already has family 'one' (line 1)$" err
