package testenv

import (
	"crypto/rand"
	"encoding/hex"
	"strings"
)

// maxNameStem keeps stem + "_" + suffix within MySQL's 64 and PostgreSQL's 63 byte limits.
const maxNameStem = 40

// databaseName turns a test name into a database name that both servers accept unquoted:
// "t_", then the lower-cased name with every run of other characters than [a-z0-9] turned into
// one "_", cut to fit, then "_" and 8 random hex digits so repeated and parallel runs of the same
// test never collide.
func databaseName(testName string) string {
	var b strings.Builder
	b.WriteString("t_")
	lastUnderscore := true
	for _, r := range strings.ToLower(testName) {
		if b.Len() >= maxNameStem {
			break
		}
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
			lastUnderscore = false
		} else if !lastUnderscore {
			b.WriteByte('_')
			lastUnderscore = true
		}
	}
	stem := strings.TrimRight(b.String(), "_")
	var suffix [4]byte
	_, _ = rand.Read(suffix[:]) // crypto/rand.Read never fails (it panics instead)
	return stem + "_" + hex.EncodeToString(suffix[:])
}
