package gateway

import "testing"

func TestRedactPasswords(t *testing.T) {
	in := `<sql type="MYSQL" jdbc-url="jdbc:mysql://h/db" username="u" password="s3cr&amp;t">x</sql>` +
		`<source password = 'p2' db-link="a"/><x passwords="keep"/>`
	want := `<sql type="MYSQL" jdbc-url="jdbc:mysql://h/db" username="u" password="***">x</sql>` +
		`<source password = "***" db-link="a"/><x passwords="keep"/>`
	if got := redactPasswords(in); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
