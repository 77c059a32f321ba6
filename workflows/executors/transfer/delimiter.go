package transfer

import (
	"fmt"
	"strings"
)

// defaultDelimiter is akkaflow's: a TAB when delimited="…" is not written.
const defaultDelimiter = "\t"

// namedDelimiters are the spellings akkaflow users wrote for characters that are awkward in
// an XML attribute. akkaflow passed the attribute to Java's String.split as a regular
// expression, so `\t` and `\001` worked for reading; its writer then wrote them literally,
// which nobody meant. Here they mean the character on both sides.
var namedDelimiters = map[string]string{
	"TAB": "\t", `\t`: "\t", `\\t`: "\t",
	"COMMA": ",", "PIPE": "|", "SEMICOLON": ";", "SPACE": " ",
	`\001`: "\x01", `\x01`: "\x01", `\u0001`: "\x01", "^A": "\x01", // Hive's field separator
}

// ParseDelimiter turns a delimited="…" attribute into the literal separator: "" is a TAB,
// a named form (TAB, COMMA, PIPE, SEMICOLON, SPACE, \t, \001, ^A; names in any case) is its
// character, anything else is used literally, several characters included ("####";
// akkaflow examples used "aaaaaa" to load whole lines into one column). It is never a
// regular expression: "|" splits on a pipe, as it was meant to. A delimiter holding a
// double quote or a line break cannot be told apart from quoting and is refused.
func ParseDelimiter(attr string) (string, error) {
	if attr == "" {
		return defaultDelimiter, nil
	}
	if d, ok := namedDelimiters[attr]; ok {
		return d, nil
	}
	if d, ok := namedDelimiters[strings.ToUpper(attr)]; ok {
		return d, nil
	}
	if strings.ContainsAny(attr, "\"\r\n") {
		return "", fmt.Errorf("delimited=%q: a delimiter may not contain a double quote or a line break", attr)
	}
	return attr, nil
}
