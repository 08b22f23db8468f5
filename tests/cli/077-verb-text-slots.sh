# verb_text shows the words of the pattern that matched, without the $ or +
# slots at its ends: a slot matches only the first token it meets of an
# actor, so "Rice met Sergei Lavrov" used to show "met Sergei" (the bundled
# "- * + [040]" pattern of MEET).  A slot inside the pattern ("- * + HOSTAGE")
# stays shown, as do the words around it; the actor's own words are in
# source_text/target_text.
. "$ROOT/tests/cli/lib.sh"
code() { # text -> "verb_text|target_text" of each event
	printf '{"id":"a","date":"2007-10-12","text":"%s","lang":"en"}\n' "$1" |
		$TIDES_WRAP $TIDES code --format jsonl - 2> "$TMP/err" |
		sed 's/.*"verb_text":"\([^"]*\)","target_text":"\([^"]*\)".*/\1|\2/'
}
check() { # text expected
	got=$(code "$1" | tr '\n' ';')
	[ "$got" = "$2" ] || { echo "'$1': got '$got', expected '$2'"; cat "$TMP/err"; exit 1; }
}
check 'Rice met Sergei Lavrov in Moscow.' 'met|Sergei Lavrov;'
check 'Rice met with Sergei Lavrov in Moscow.' 'met with|Sergei Lavrov;'
check 'Rice met Lavrov.' 'met|Lavrov;'
check 'Condoleezza Rice met on Tuesday with Sergei Lavrov.' 'met on Tuesday with|Sergei Lavrov;'

# a private dictionary: slots at both ends, inside, and a verb alone
mkdir -p "$TMP/d"
printf 'RUSSIA_ [RUS]\nSERGEI_LAVROV_ [RUSGOV]\nCONDOLEEZZA_RICE_ [USAGOV]\nRICE_ [USAGOV]\nREBELS_ [REB]\n' > "$TMP/d/actors.txt"
printf 'SEIZE_ [170]\n{ SEIZED_ }\n- * + HOSTAGE [181]\n- * + [171]\nPRAISE_ [051]\n{ PRAISED_ }\n- $ ALSO * [052]\n' > "$TMP/d/verbs.txt"
code2() {
	printf '{"id":"a","date":"2007-10-12","text":"%s","lang":"en"}\n' "$1" |
		$TIDES_WRAP $TIDES code --format jsonl --dicts "$TMP/d" --verbs verbs.txt --actors actors.txt - 2> "$TMP/err" |
		sed 's/.*"code":"\([0-9]*\)".*"verb_text":"\([^"]*\)".*/\1|\2/'
}
check2() {
	got=$(code2 "$1" | tr '\n' ';')
	[ "$got" = "$2" ] || { echo "'$1': got '$got', expected '$2'"; cat "$TMP/err"; exit 1; }
}
check2 'Rebels seized Sergei Lavrov hostage.' '181|seized Sergei Lavrov hostage;'
check2 'Rebels seized Sergei Lavrov.' '171|seized;'
check2 'Condoleezza Rice also praised Sergei Lavrov.' '052|also praised;'
check2 'Rice praised Sergei Lavrov.' '051|praised;'
echo ok
