# tides stats: rows by origin, date span, top dyads — checked line by line on inputs whose
# contents are known (tests/data/store: 40 GDELT rows RUS->GEO in Aug 2012, 2 good ICEWS
# rows Russian Federation->Georgia, 2 good tides JSONL rows from the 2008 war).
set -e
D=$ROOT/tests/data/store
db=$TMP/s.db
$TIDES import --db "$db" "$D/good.CSV" "$D/icews-bad.tab" "$D/bad.jsonl" 2>/dev/null
$TIDES stats --db "$db" > "$TMP/out"
printf 'schema\t2\nevents\t44\nspan\t2008-08-08\t2018-06-01\norigin\tcoder\t2\t2008-08-08\t2008-08-09\norigin\tgdelt1\t40\t2012-08-01\t2012-08-28\norigin\ticews\t2\t2018-06-01\t2018-06-01\nsentences\t0\nfiles\t3\t3\ndyad\tRUS\tGEO\t43\ndyad\tGEO\tRUS\t1\n' > "$TMP/exp"
diff "$TMP/exp" "$TMP/out"
# --top limits the dyads
$TIDES stats --db "$db" --top 1 | grep -c '^dyad' | grep -qx 1
# a missing store is an error naming the file, not a new empty store
if $TIDES stats --db "$TMP/none.db" 2>"$TMP/err"; then exit 1; fi
grep -q "^tides: cannot open '.*none.db': No such file or directory" "$TMP/err"
[ ! -e "$TMP/none.db" ]
