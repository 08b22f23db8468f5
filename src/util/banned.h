/*
 * banned.h — functions tides does not call.  Each is easy to misuse on
 * untrusted text (no bound, hidden state, no error report).  Including this
 * header last in a .c file turns any use into a compile error.
 * Use instead: tides_buf / snprintf, memcpy with a checked length,
 * the cursor parsers in util/parse.h, strtol with end-pointer checks.
 */
#ifndef TIDES_BANNED_H
#define TIDES_BANNED_H

#define BANNED(func) sorry_##func##_is_a_banned_function

#undef strcpy
#define strcpy(x, y) BANNED(strcpy)
#undef strcat
#define strcat(x, y) BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) BANNED(strncpy)
#undef strncat
#define strncat(x, y, n) BANNED(strncat)
#undef sprintf
#define sprintf(...) BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) BANNED(vsprintf)
#undef strtok
#define strtok(x, y) BANNED(strtok)
#undef atoi
#define atoi(x) BANNED(atoi)
#undef atol
#define atol(x) BANNED(atol)
#undef atof
#define atof(x) BANNED(atof)
#undef gets
#define gets(x) BANNED(gets)

#endif
