# tides index --dyad with actor groups: either side may be codes joined by
# '+' (USA+IGOWSTNAT = the United States or NATO); an event belongs to the
# side when its actor (country) matches any member.  Values by hand.
set -e
. "$ROOT/tests/cli/lib.sh"
printf 'event_id\tdate\tsource\ttarget\tcode\troot\tquad\tgoldstein\tissues\tdoc_id\tsentence\tlang\tsource_text\tverb_text\ttarget_text\n' > $TMP/ev.tsv
ev() { # date source target goldstein quad
	printf '\t%s\t%s\t%s\t010\t01\t%s\t%s\t\td%s\t1\ten\t\t\t\n' "$1" "$2" "$3" "$5" "$4" "$1" >> $TMP/ev.tsv
}
ev 2020-01-10 USA RUS -4 3
ev 2020-01-12 IGOWSTNAT RUS -6 4
ev 2020-01-15 RUS IGOWSTNAT -2 3
ev 2020-01-20 DEU RUS 3 1
ev 2020-02-05 USAGOV RUSGOV 5 1
ev 2020-02-06 IGOWSTNAT CHN 1 1
ev 2020-02-07 FRA USA 2 1
$TIDES import --db $TMP/g.db --format tides $TMP/ev.tsv 2>/dev/null

# directed: USA or NATO -> Russia
$TIDES index --db $TMP/g.db --dyad USA+IGOWSTNAT,RUS --by month > $TMP/o.csv
expect_file $TMP/o.csv <<'X'
# measure: goldstein-sum
period,dyad,n,value,coop,conf,q1,q2,q3,q4
2020-01-01,USA+IGOWSTNAT->RUS,2,-10,0,-10,0,0,1,1
2020-02-01,USA+IGOWSTNAT->RUS,1,5,5,0,1,0,0,0
X
# undirected: Russia -> NATO joins January; the group may be on the right
$TIDES index --db $TMP/g.db --dyad RUS,IGOWSTNAT+USA --undirected --by month | grep -q '^2020-01-01,RUS<->IGOWSTNAT+USA,3,-12,'
# groups on both sides: NATO -> China joins February
$TIDES index --db $TMP/g.db --dyad USA+IGOWSTNAT,RUS+CHN --by month | grep -q '^2020-02-01,USA+IGOWSTNAT->RUS+CHN,2,6,'
# a single code is unchanged
$TIDES index --db $TMP/g.db --dyad USA,RUS --by month | grep -q '^2020-01-01,USA->RUS,1,-4,'
# exact actors: whole codes, USAGOV but not USA
$TIDES index --db $TMP/g.db --dyad USAGOV+IGOWSTNAT,RUS+RUSGOV --exact-actors --by month > $TMP/x.csv
grep -q '^2020-01-01,USAGOV+IGOWSTNAT->RUS+RUSGOV,1,-6,' $TMP/x.csv
grep -q '^2020-02-01,USAGOV+IGOWSTNAT->RUS+RUSGOV,1,5,' $TMP/x.csv
# volume: January has 4 events in the store: -10 * 1000 / 4
$TIDES index --db $TMP/g.db --dyad USA+IGOWSTNAT,RUS --by month --normalize volume | grep -q '^2020-01-01,USA+IGOWSTNAT->RUS,2,-2500,'
# tides cycles reads the same index from the store (a store filter on the
# literal group would find no event: "no rows")
$TIDES cycles --db $TMP/g.db --dyad USA+IGOWSTNAT,RUS --by month --format csv > $TMP/c.csv 2>&1 || { cat $TMP/c.csv; exit 1; }
grep -q "^date,index,kind,value$" $TMP/c.csv
# an empty member is a usage error
set +e
for d in USA+,RUS +USA,RUS USA++IGOWSTNAT,RUS USA,RUS+ USA,; do
	$TIDES index --db $TMP/g.db --dyad "$d" --by month 2>$TMP/err
	[ $? -eq 2 ] || { echo "--dyad $d: not a usage error"; exit 1; }
done
grep -q 'a side may be a group' $TMP/err || exit 1
exit 0
