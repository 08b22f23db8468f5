# Malformed dictionary lines are warned about as FILE:LINE and skipped; the
# rest of the file still codes.
set -e
D="$TMP/dicts"
mkdir -p "$D"
printf 'RESTOR  [064]\nBROKEN [\n- * { OPEN  [065]\nACCUSE_  [112]\n' > "$D/w.verbs"
printf 'ARNOR  [ARN]\nGONDOR  [GON]\nBAD  [ABC 99]\n' > "$D/w.actors"
printf 'suite\tid\tcategory\tdate\tevaluate\tcheck\tconfig\texpected\tn_expected\tparse_type\ttext\tdictionaries\n' > "$TMP/s.tsv"
printf 'w\tW-1\tW\t20010101\ttrue\texact\t\tARN|GON|112\t1\tnone\tArnor accused Gondor.\tverb=w.verbs;actor=w.actors;frob=x.frob\n' >> "$TMP/s.tsv"
$TIDES_WRAP $TIDES suite "$TMP/s.tsv" --dicts "$D" > "$TMP/out" 2> "$TMP/err"
grep -q "tides: $D/w.verbs:2: malformed line (expected 'ROOT \[code\]'); skipped" "$TMP/err"
grep -q "tides: $D/w.verbs:3: malformed line (pattern without a verb); skipped" "$TMP/err"
grep -q "tides: $D/w.actors:3: malformed line (bad date); skipped" "$TMP/err"
grep -q "dictionary key 'frob' ignored" "$TMP/err"
tail -1 "$TMP/out" | grep -qx 'suite w: 1 passed, 0 failed (100.0%)'
