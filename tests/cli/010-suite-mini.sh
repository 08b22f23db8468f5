# tides suite on a small suite and dictionaries written here: scoring of
# event sets, none/discard/complex/unspecified records, option records,
# the failure listing, the summary line, and the error paths.
set -e
D="$TMP/dicts"
mkdir -p "$D"
cat > "$D/m.verbs" <<'V'
RESTOR  [064]
- * TIES  [065]
SOCCER  [###]
BLAST  [+++]
ACCUSE_  [112]
V
cat > "$D/m.actors" <<'A'
ARNOR  [ARN]
GONDOR  [GON]
OSGILIATH  [OSG]
A
cat > "$D/m.agents" <<'G'
MINISTER_  [~GOV]
G
cat > "$D/m.options" <<'O'
SET: MINIMUM WORDS = 3
O
DICTS='verb=m.verbs;actor=m.actors;agent=m.agents;option=m.options'
T="$(printf '\t')"
{
printf 'suite\tid\tcategory\tdate\tevaluate\tcheck\tconfig\texpected\tn_expected\tparse_type\ttext\tdictionaries\n'
printf 'mini\tA-1\tA\t950101\ttrue\texact\t\tARN|GON|064\t1\tnone\tArnor will restore relations with Gondor.\t%s\n' "$DICTS"
printf 'mini\tA-2\tA\t950101\ttrue\texact\t\tARN|GON|065;ARN|OSG|065\t2\tnone\tArnor will restore ties with Gondor and Osgiliath.\t%s\n' "$DICTS"
printf 'mini\tA-3\tA\t950101\ttrue\texact\t\tARNGOV|GON|112\t1\tnone\tArnor minister accused Gondor today.\t%s\n' "$DICTS"
printf 'mini\tB-1\tB\t950101\ttrue\texact\t\tnone\t0\tnone\tNothing happens in this sentence at all.\t%s\n' "$DICTS"
printf 'mini\tB-2\tB\t950101\ttrue\texact\t\tdiscard\t0\tnone\tArnor played soccer with Gondor.\t%s\n' "$DICTS"
printf 'mini\tB-3\tB\t950101\ttrue\texact\t\tcomplex\t0\tnone\tArnor will blast Gondor.\t%s\n' "$DICTS"
printf 'mini\tB-4\tB\t950101\tfalse\tskip\t\tunspecified\t0\tnone\tArnor will restore relations with Gondor.\t%s\n' "$DICTS"
printf 'mini\tC-0\tC\t950101\tfalse\tskip\t\toption:SET: MINIMUM WORDS = 20\t0\tnone\tchange\t%s\n' "$DICTS"
printf 'mini\tC-1\tC\t950101\ttrue\texact\t\tnone\t0\tnone\tArnor will restore relations with Gondor.\t%s\n' "$DICTS"
printf 'mini\tC-2\tC\t950101\ttrue\texact\t\tARN|OSG|064\t1\tnone\tArnor will restore relations with Gondor.\t%s\n' "$DICTS"
} > "$TMP/mini.tsv"

$TIDES_WRAP $TIDES suite "$TMP/mini.tsv" --dicts "$D" > "$TMP/out" 2>"$TMP/err"
tail -1 "$TMP/out" | grep -qx 'suite mini: 7 passed, 1 failed (87.5%)'
grep -q '^FAIL C-2 ' "$TMP/out"
grep -q 'expected: ARN|OSG|064' "$TMP/out"
! grep -q '^FAIL A-' "$TMP/out"
grep -q 'events: 5 expected, 4 produced, 4 matched' "$TMP/out"
# --verbose lists passing records too
$TIDES_WRAP $TIDES suite "$TMP/mini.tsv" --dicts "$D" --verbose | grep -q '^ok   A-2 '
# usage errors
if $TIDES_WRAP $TIDES suite 2>"$TMP/err"; then exit 1; else test $? -eq 2; fi
if $TIDES_WRAP $TIDES suite "$TMP/mini.tsv" --frob 2>"$TMP/err"; then exit 1; else test $? -eq 2; fi
# a missing dictionary file is fatal with the path in the message
if $TIDES_WRAP $TIDES suite "$TMP/mini.tsv" --dicts "$TMP/nowhere" 2>"$TMP/err"; then exit 1; else test $? -eq 1; fi
grep -q "tides: cannot open '$TMP/nowhere/m.options'" "$TMP/err"
# a missing suite file
if $TIDES_WRAP $TIDES suite "$TMP/none.tsv" 2>"$TMP/err"; then exit 1; else test $? -eq 1; fi
grep -q "cannot open" "$TMP/err"
