package filelink

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/beevik/etree"
)

// maxFileSize bounds what ParseFile reads; a file-links file is a few KiB.
const maxFileSize = 4 << 20

// attributes of <link>, in the order a message lists them.
var linkAttrs = []string{"name", "type", "host", "port", "username", "password", "desc", "key-file", "known-hosts"}

// ParseFile reads a file-links file (akkaflow's conf/file_links.xml).
func ParseFile(path string) ([]Link, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("file-links: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("file-links: reading %s: %w", path, err)
	}
	if len(data) > maxFileSize {
		return nil, &ParseError{[]Problem{{File: path, Msg: fmt.Sprintf("file is larger than %d bytes; is it the right file?", maxFileSize)}}}
	}
	return Parse(path, data)
}

// Parse reads the text of a file-links file; file names it in messages. It returns every
// link, or a *ParseError with every problem (file:line:col each) and no links: a file with
// one bad link changes nothing, so that a typo cannot silently drop a connection.
//
//	<file-links>
//	  <link name="s1" type="SFTP" host="h" port="22" username="u" password="env:S1_PW"
//	        key-file="/etc/actorflow/id_ed25519" known-hosts="/etc/actorflow/known_hosts" desc="…"/>
//	</file-links>
func Parse(file string, data []byte) (links []Link, err error) {
	p := &parser{file: file}
	defer func() {
		// A reader bug must not take the caller down: report it as a problem.
		if r := recover(); r != nil {
			links, err = nil, &ParseError{[]Problem{{File: file, Msg: fmt.Sprintf("internal error while reading the file: %v", r)}}}
		}
	}()
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // a UTF-8 byte-order mark
	tags, prob := positions(data)
	if prob != nil {
		prob.File = file
		return nil, &ParseError{[]Problem{*prob}}
	}
	doc := etree.NewDocument()
	doc.ReadSettings = etree.ReadSettings{PreserveDuplicateAttrs: true}
	if err := doc.ReadFromBytes(data); err != nil {
		return nil, &ParseError{[]Problem{{File: file, Msg: "malformed XML: " + err.Error()}}}
	}
	p.pair(doc, tags)
	links = p.read(doc.Root())
	if len(p.problems) > 0 {
		return nil, &ParseError{p.problems}
	}
	return links, nil
}

type parser struct {
	file     string
	where    map[*etree.Element]tagPos
	problems []Problem
}

// pair gives each element the position encoding/xml found for the start tag with the same
// index in document order.
func (p *parser) pair(doc *etree.Document, tags []tagPos) {
	p.where = make(map[*etree.Element]tagPos, len(tags))
	i := 0
	var walk func(e *etree.Element)
	walk = func(e *etree.Element) {
		if i < len(tags) {
			p.where[e] = tags[i]
		}
		i++
		for _, c := range e.ChildElements() {
			walk(c)
		}
	}
	for _, c := range doc.ChildElements() {
		walk(c)
	}
}

func (p *parser) errorAt(e *etree.Element, attr string, format string, args ...any) {
	pos := p.where[e]
	line, col := pos.line, pos.col
	if lc, ok := pos.attrs[attr]; ok && attr != "" {
		line, col = lc[0], lc[1]
	}
	p.problems = append(p.problems, Problem{File: p.file, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)})
}

func (p *parser) read(root *etree.Element) []Link {
	if root.FullTag() != "file-links" {
		p.errorAt(root, "", "root element is <%s>; a file-links file has <file-links>", root.FullTag())
		return nil
	}
	var links []Link
	first := map[string]*etree.Element{}
	for _, e := range root.ChildElements() {
		if e.FullTag() != "link" {
			p.errorAt(e, "", "unexpected <%s> in <file-links>; only <link> belongs here", e.FullTag())
			continue
		}
		l, ok := p.readLink(e)
		if prev, dup := first[l.Name]; dup && e.SelectAttr("name") != nil {
			p.errorAt(e, "name", "a second link named %q (the first is at line %d)", l.Name, p.where[prev].line)
			continue
		}
		first[l.Name] = e
		if ok {
			links = append(links, l)
		}
	}
	return links
}

func (p *parser) readLink(e *etree.Element) (Link, bool) {
	before := len(p.problems)
	for _, c := range e.ChildElements() {
		p.errorAt(c, "", "unexpected <%s> inside <link>; a link is described by its attributes", c.FullTag())
	}
	seen := map[string]bool{}
	for _, a := range e.Attr {
		key := a.FullKey()
		if seen[key] {
			p.errorAt(e, key, "attribute %s is given twice", key)
		}
		seen[key] = true
		if !slices.Contains(linkAttrs, key) {
			msg := "unknown attribute " + key
			if s := suggest(key); s != "" {
				msg += "; did you mean " + s + "?"
			} else {
				msg += "; a link has " + strings.Join(linkAttrs, ", ")
			}
			p.errorAt(e, key, "%s", msg)
		}
	}
	get := func(k string) string { return e.SelectAttrValue(k, "") }
	l := Link{
		Name:       get("name"),
		Host:       strings.TrimSpace(get("host")),
		Username:   strings.TrimSpace(get("username")),
		Password:   get("password"),
		KeyFile:    strings.TrimSpace(get("key-file")),
		KnownHosts: strings.TrimSpace(get("known-hosts")),
		Desc:       get("desc"),
	}
	if pos, ok := p.where[e]; ok {
		l.Origin = fmt.Sprintf("%s:%d:%d", p.file, pos.line, pos.col)
	}
	if e.SelectAttr("name") == nil {
		p.errorAt(e, "", "<link> has no name attribute")
	}
	typ := get("type")
	if e.SelectAttr("type") == nil {
		p.errorAt(e, "", "link %q has no type attribute (LOCAL, SFTP or HDFS)", l.Name)
	} else if t, err := ParseType(typ); err != nil {
		p.errorAt(e, "type", "%v", err)
	} else {
		l.Type = t
	}
	portOK := true
	if port := strings.TrimSpace(get("port")); port != "" {
		n, err := strconv.Atoi(port)
		switch {
		case err != nil:
			portOK = false
			p.errorAt(e, "port", "port %q of link %q is not an integer", port, l.Name)
		case n < 0 && l.Type == TypeLocal:
			// akkaflow's own file writes port="-1" for the local link: it means none.
		default:
			l.Port = n
		}
	}
	// Validate what was read, unless the name or type is missing or wrong: what it would
	// say then follows from a problem already reported.
	if l.Type != "" && e.SelectAttr("name") != nil {
		if err := l.Validate(); err != nil {
			for _, msg := range strings.Split(err.Error(), "\n") {
				if portOK || !strings.Contains(msg, "port") {
					p.errorAt(e, attrOf(msg), "%s", msg)
				}
			}
		}
	}
	return l, len(p.problems) == before
}

// attrOf guesses which attribute a validation message is about, to point at it.
func attrOf(msg string) string {
	for _, k := range []string{"port", "host", "username", "type", "name"} {
		if strings.Contains(msg, k) {
			return k
		}
	}
	return ""
}

// suggest proposes the attribute a misspelt one probably meant.
func suggest(key string) string {
	aliases := map[string]string{"user": "username", "pwd": "password", "passwd": "password",
		"fstype": "type", "description": "desc", "keyfile": "key-file", "key": "key-file",
		"identity-file": "key-file", "known_hosts": "known-hosts", "knownhosts": "known-hosts",
		"key_file": "key-file", "ip": "host", "hostname": "host"}
	if s, ok := aliases[strings.ToLower(key)]; ok {
		return s
	}
	best, bestD := "", 3
	for _, k := range linkAttrs {
		if d := distance(strings.ToLower(key), k); d < bestD {
			best, bestD = k, d
		}
	}
	return best
}

// distance is the Levenshtein distance, enough for attribute names.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
