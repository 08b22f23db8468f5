# An "all caps" record (no lower-case letter: ASCII, or Latin in English)
# carries no capitalisation marks, so its verbs stay verbs; with a lower-case
# letter anywhere, a capitalised verb mid-sentence is read as a noun (title
# case).  The lexer tests 8 bytes a step: the letter is put at every offset
# across the steps and the tail, next to the bytes around 'a'..'z' ('`', '{').
. "$ROOT/tests/cli/lib.sh"
S='THE UNITED STATES CONDEMNED RUSSIA'
code() {
	printf '{"id":"a","date":"2007-10-12","text":"%s","lang":"en"}\n' "$1" |
		$TIDES_WRAP $TIDES code --format jsonl - 2> "$TMP/err" | grep -c '"source":"USA","target":"RUS"'
}
check() { # text expected-count
	got=$(code "$1")
	[ "$got" = "$2" ] || { echo "'$1': $got events, expected $2"; cat "$TMP/err"; exit 1; }
}
check "$S." 1
check "$S {}[]\`@" 1
check "$S É" 1
check "$S 中国" 1
check "$S é" 0
pad=''
for p in 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16; do
	check "$S $pad" 1
	check "$S ${pad}z" 0
	check "$S ${pad}a." 0
	pad="${pad}X"
done
echo ok
