# Bry-Boschan on a hand-made monthly sine (period 48 months) with a saw-tooth
# and one large outlier at month 71: BB replaces the outlier and finds the
# sine's turns; BBQ on the raw series takes the outlier as a peak.
set -e
. "$ROOT/tests/cli/lib.sh"
D=$ROOT/tests/data/cycles
$TIDES cycles --series $D/monthly.csv --method bry-boschan --format csv > $TMP/bb.csv
expect_file $TMP/bb.csv <<'X'
date,index,kind,value
2001-01-01,13,peak,10.6
2002-12-01,36,trough,-10.5144
2005-03-01,63,peak,10.2593
2007-02-01,86,trough,-10.5144
2008-12-01,108,peak,10.5144
X
$TIDES cycles --series $D/monthly.csv --format csv | grep -q '^2005-11-01,71,peak,26.9882$'
# smoothing with Spencer's curve before BBQ removes the noise turns
$TIDES cycles --series $D/monthly.csv --smooth spencer --format csv > $TMP/sp.csv
[ $(grep -c 'peak\|trough' $TMP/sp.csv) -lt 9 ]
