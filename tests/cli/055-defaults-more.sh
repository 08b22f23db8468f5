# The third sample (data/sample/news-en.more.*, wire-style sentences): at
# least 80% of the records and of the expected events as expected (27 of
# 30 records when the thresholds were set).
SAMPLE=news-en.more REC_MIN=80 EV_MIN=80
export SAMPLE REC_MIN EV_MIN
exec sh "$ROOT/tests/cli/050-defaults-sample.sh"
