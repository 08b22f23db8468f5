# tides --help lists every command; unknown commands fail with a hint.
set -e
$TIDES --help | grep -q '^  code ' 
$TIDES --help | grep -q '^  cycles '
$TIDES code --help | grep -q 'usage: tides code'
if $TIDES frobnicate 2>"$TMP/err"; then exit 1; fi
grep -q "tides: 'frobnicate' is not a tides command" "$TMP/err"
$TIDES version | grep -q '^tides [0-9]'
