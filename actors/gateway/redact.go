package gateway

import "regexp"

// passwordAttr matches a password attribute in either quote style. 2017-era workflows carry
// inline JDBC credentials (`password="…"`), and the API must never hand out a secret.
var passwordAttr = regexp.MustCompile(`(\bpassword\s*=\s*)("[^"]*"|'[^']*')`)

// redactPasswords replaces every password attribute's value with "***".
func redactPasswords(xml string) string {
	return passwordAttr.ReplaceAllString(xml, `${1}"***"`)
}
