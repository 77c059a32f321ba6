package executors

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxSafeNameBytes keeps a component (plus its hash suffix) far below the 255-byte limit
// of Linux file names, with room left for the rest of the attempt path.
const maxSafeNameBytes = 120

// hashSuffixLen is "-" plus 8 hex digits.
const hashSuffixLen = 9

// SafeName turns any text (a node name, an instance id) into one safe path component that
// stays recognisable: letters, digits and combining marks of every script are kept, as are
// '_', '-' and '.'; every other rune (separators, spaces, control characters, invalid
// UTF-8) becomes '_', as does a leading '.' or '-'. Names longer than 120 bytes are cut at
// a rune boundary.
//
// Distinct names never share a result: whenever the text was changed, it gets "-" and 8 hex
// digits of the SHA-256 of the original appended. A name that was kept as is but already
// ends like such a suffix gets one too, so a kept name can never equal a changed one.
func SafeName(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	changed := false
	for i, r := range s {
		if safeRune(r, i == 0) {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
			changed = true
		}
	}
	out := b.String()
	if len(out) > maxSafeNameBytes {
		cut := maxSafeNameBytes
		for cut > 0 && !utf8.RuneStart(out[cut]) {
			cut--
		}
		out, changed = out[:cut], true
	}
	if out == "" {
		out, changed = "_", true
	}
	if changed || hasHashSuffix(out) {
		sum := sha256.Sum256([]byte(s))
		out += "-" + hex.EncodeToString(sum[:4])
	}
	return out
}

// safeRune says whether r can appear as is. '.' and '-' may not lead: ".", ".." and hidden
// names would be surprising, and a leading '-' reads as an option to shell tools.
func safeRune(r rune, first bool) bool {
	switch {
	case r == '_':
		return true
	case r == '.' || r == '-':
		return !first
	case r == utf8.RuneError:
		return false // invalid UTF-8, or U+FFFD which is not a letter anyway
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

func hasHashSuffix(s string) bool {
	if len(s) < hashSuffixLen || s[len(s)-hashSuffixLen] != '-' {
		return false
	}
	for _, c := range []byte(s[len(s)-hashSuffixLen+1:]) {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}
