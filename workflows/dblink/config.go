package dblink

import (
	"fmt"
	"os"
	"strings"

	"github.com/beevik/etree"

	"github.com/actorflow/actorflow/workflows"
)

// linkAttrs are the attributes <link> takes.
var linkAttrs = []string{"name", "type", "jdbc-url", "username", "password", "desc"}

// ParseFile reads a db_links.xml file (see Parse).
func ParseFile(path string) ([]Link, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, workflows.Errorf(workflows.CodeInvalid, "cannot read db-links file: %v", err)
	}
	return Parse(path, data)
}

// Parse reads akkaflow's db_links.xml:
//
//	<db-links>
//	  <link name="dw" type="POSTGRES" jdbc-url="jdbc:postgresql://db:5432/dw" username="etl" password="env:DW_PASSWORD" desc="…">
//	    <properties><property name="sslmode">require</property></properties>
//	  </link>
//	</db-links>
//
// source names the file in positions. On any problem it returns no links and a
// *workflows.Error (CodeInvalid) whose Problems list every one with file:line:col; a file
// with errors therefore changes nothing. Link.Source is set to each link's position.
func Parse(source string, data []byte) (links []Link, err error) {
	defer func() {
		// etree and encoding/xml are trusted not to panic, but a bad file must never take
		// the server down.
		if r := recover(); r != nil {
			links, err = nil, workflows.Errorf(workflows.CodeInternal, "%s: reading db-links failed: %v", source, r)
		}
	}()
	pos := newPositions(source, data)
	starts, synErr := pos.scan()
	if synErr != nil {
		return nil, problemsError(source, workflows.Problems{*synErr})
	}
	doc := etree.NewDocument()
	if err := doc.ReadFromBytes(data); err != nil {
		return nil, problemsError(source, workflows.Problems{{Pos: pos.at(0), Code: "syntax", Message: "malformed XML: " + err.Error()}})
	}
	root := doc.Root()
	pos.pair(root, starts)
	var probs workflows.Problems
	bad := func(e *etree.Element, code, format string, args ...any) {
		probs = append(probs, workflows.Problem{Pos: pos.of(e), Code: code, Message: fmt.Sprintf(format, args...)})
	}
	if root.FullTag() != "db-links" {
		bad(root, "wrong-root", "root element is <%s>, want <db-links>", root.FullTag())
		return nil, problemsError(source, probs)
	}
	seen := map[string]workflows.Pos{}
	for _, e := range root.ChildElements() {
		if e.FullTag() != "link" {
			bad(e, "unknown-element", "unknown element <%s> in <db-links>; want <link>", e.FullTag())
			continue
		}
		l, ok := readLink(e, bad)
		if !ok {
			continue
		}
		l.Source = pos.of(e).String()
		if first, dup := seen[l.Name]; dup {
			bad(e, "duplicate-link", "db-link %q is defined twice; the first is at %s", l.Name, first)
			continue
		}
		seen[l.Name] = pos.of(e)
		links = append(links, l)
	}
	if len(probs) > 0 {
		return nil, problemsError(source, probs)
	}
	return links, nil
}

type reporter func(e *etree.Element, code, format string, args ...any)

func readLink(e *etree.Element, bad reporter) (Link, bool) {
	ok := true
	fail := func(code, format string, args ...any) {
		bad(e, code, format, args...)
		ok = false
	}
	for _, a := range e.Attr {
		if !contains(linkAttrs, a.FullKey()) {
			fail("unknown-attribute", "<link> has unknown attribute %q (want %s)", a.FullKey(), strings.Join(linkAttrs, ", "))
		}
	}
	attr := func(k string) string { return strings.TrimSpace(e.SelectAttrValue(k, "")) }
	l := Link{Name: attr("name"), JDBCURL: attr("jdbc-url"), Username: attr("username"),
		Password: e.SelectAttrValue("password", ""), Desc: attr("desc")}
	for _, k := range []string{"name", "type", "jdbc-url"} {
		if attr(k) == "" {
			fail("missing-attribute", "<link%s> has no %s attribute", nameSuffix(l.Name), k)
		}
	}
	if raw := attr("type"); raw != "" {
		t, err := ParseType(raw)
		if err != nil {
			fail("bad-value", "<link%s>: %v", nameSuffix(l.Name), err)
		}
		l.Type = t
		if err == nil && l.JDBCURL != "" {
			if _, err := ParseJDBCURL(t, l.JDBCURL); err != nil {
				fail("bad-value", "<link%s>: %v", nameSuffix(l.Name), err)
			}
		}
	}
	for _, c := range e.ChildElements() {
		if c.FullTag() != "properties" {
			bad(c, "unknown-element", "unknown element <%s> in <link>; want <properties>", c.FullTag())
			ok = false
			continue
		}
		for _, pe := range c.ChildElements() {
			name := strings.TrimSpace(pe.SelectAttrValue("name", ""))
			switch {
			case pe.FullTag() != "property":
				bad(pe, "unknown-element", "unknown element <%s> in <properties>; want <property name=\"…\">", pe.FullTag())
				ok = false
			case name == "":
				bad(pe, "missing-attribute", "<property> has no name attribute")
				ok = false
			default:
				l.Properties = append(l.Properties, Property{Name: name, Value: strings.TrimSpace(pe.Text())})
			}
		}
	}
	return l, ok
}

func nameSuffix(name string) string {
	if name == "" {
		return ""
	}
	return fmt.Sprintf(" name=%q", name)
}

func problemsError(source string, probs workflows.Problems) error {
	lines := make([]string, len(probs))
	for i, p := range probs {
		lines[i] = p.String()
	}
	return &workflows.Error{Code: workflows.CodeInvalid,
		Message:  fmt.Sprintf("%s: %d problem(s) in db-links file:\n%s", source, len(probs), strings.Join(lines, "\n")),
		Problems: probs}
}
