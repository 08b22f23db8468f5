# Inputs the fuzz targets (fuzz/) found, replayed through the real commands.
# Leaks show up under `make asan` / `make valgrind`, which run this script
# with the instrumented binary (ASan's leak check / valgrind --leak-check
# make the command fail).
set -e
D="$TMP/dicts"
mkdir -p "$D"
printf 'RESTOR  [064]\nACCUSE_  [112]\n' > "$D/m.verbs"
printf 'ARNOR  [ARN]\nGONDOR  [GON]\n' > "$D/m.actors"
# fuzz-suite: when a group failed fatally (here: its dictionary is missing)
# the record that had just been read was leaked.
{
printf 'suite\tid\tcategory\tdate\tevaluate\tcheck\tconfig\texpected\tn_expected\tparse_type\ttext\tdictionaries\n'
printf 'leak\tA-1\tA\t950101\ttrue\texact\t\tARN|GON|064\t1\tnone\tArnor will restore relations with Gondor.\tverb=m.verbs;actor=m.actors\n'
printf 'leak\tB-1\tB\t950101\ttrue\texact\t\tnone\t0\tnone\tArnor accused Gondor.\tverb=m.verbs;actor=missing.actors\n'
printf 'leak\tC-1\tC\t950101\ttrue\texact\t\tnone\t0\tnone\tArnor accused Gondor.\tverb=m.verbs;actor=m.actors\n'
} > "$TMP/s.tsv"
rc=0
$TIDES_WRAP $TIDES suite "$TMP/s.tsv" --dicts "$D" > "$TMP/out" 2> "$TMP/err" || rc=$?
cat "$TMP/err"
test $rc -eq 1
grep -q "tides: cannot open '$D/missing.actors'" "$TMP/err"
! grep -q 'LeakSanitizer\|definitely lost' "$TMP/err"
