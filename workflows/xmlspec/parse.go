package xmlspec

import (
	"bytes"
	"fmt"
	"slices"

	"github.com/beevik/etree"

	"github.com/actorflow/actorflow/workflows"
)

// Parse reads one definition file of any akkaflow era. It never panics and never stops at the
// first problem: the returned Definition holds the workflow (or standalone coordinator) as far
// as it could be read, and Problems lists every error and warning with its file:line:col.
// A Definition with errors must not be used. Parse does not validate the graph or the cron
// text; Load does.
func Parse(source string, data []byte) *workflows.Definition {
	def, _ := parse(source, data)
	return def
}

// parser holds the state of one Parse call.
type parser struct {
	src      *sourceMap
	where    map[*etree.Element]int // element → index into src.elems
	problems workflows.Problems
	// unit names the node, coordinator or root being read; errors found inside it mark it
	// tainted so that Load can drop Validate's consequential findings there.
	unit    string
	tainted map[string]bool
	// legacy is set when the file uses a construct that only existed before 2018 (E0–E2);
	// it decides the mail-level default (2017 workflows mailed nobody unless told).
	legacy bool
	// cronSet is true once the file's coordinator has a schedule (there is one coordinator).
	cronSet bool
}

// parse is Parse plus the units where reading errors were found (for Load).
func parse(source string, data []byte) (def *workflows.Definition, tainted map[string]bool) {
	def = &workflows.Definition{Source: source}
	p := &parser{tainted: map[string]bool{}}
	defer func() {
		// A reader bug must not take the master down with it: report it as a problem.
		if r := recover(); r != nil {
			def.Workflow, def.Coordinator = nil, nil
			p.errorf(workflows.Pos{File: source}, CodeInternal, "internal error while reading the file: %v", r)
			def.Problems = p.problems
		}
	}()
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // a UTF-8 byte-order mark
	p.src = newSourceMap(source, data)
	if se := p.src.scan(); se != nil {
		p.report(se.pos, workflows.SeverityError, se.code, se.msg)
		def.Problems = p.problems
		return def, p.tainted
	}
	doc := etree.NewDocument()
	doc.ReadSettings = etree.ReadSettings{
		CharsetReader:          passThroughCharset,
		PreserveCData:          true, // CDATA and text are treated differently in code (see text.go)
		PreserveDuplicateAttrs: true, // so that duplicates can be reported, not silently merged
		MaxDepth:               maxDepth + 1,
	}
	if err := doc.ReadFromBytes(data); err != nil {
		p.errorf(workflows.Pos{File: source}, CodeXMLSyntax, "malformed XML: %v", err)
		def.Problems = p.problems
		return def, p.tainted
	}
	p.pair(doc)
	root := doc.Root()
	switch root.FullTag() {
	case "coordinator":
		def.Coordinator = p.readStandaloneCoordinator(root)
	case "db-links", "file-links":
		p.errorf(p.pos(root), CodeNotDefinition,
			"<%s> is a connection registry (db_links.xml / file_links.xml), not a workflow or coordinator; load it as connection configuration",
			root.FullTag())
	default:
		def.Workflow = p.readWorkflow(root)
	}
	sortProblems(p.problems)
	def.Problems = p.problems
	return def, p.tainted
}

// pair walks etree's elements in document order, the order in which scan met their start tags.
func (p *parser) pair(doc *etree.Document) {
	p.where = make(map[*etree.Element]int, len(p.src.elems))
	i := 0
	var walk func(e *etree.Element)
	walk = func(e *etree.Element) {
		p.where[e] = i
		i++
		for _, c := range e.ChildElements() {
			walk(c)
		}
	}
	for _, c := range doc.ChildElements() {
		walk(c)
	}
	if i != len(p.src.elems) {
		// Both parsers read the same bytes, so this cannot happen; if it does, positions
		// would be wrong, and no position is better than a wrong one.
		p.where = map[*etree.Element]int{}
	}
}

// pos is where element e starts.
func (p *parser) pos(e *etree.Element) workflows.Pos {
	if i, ok := p.where[e]; ok {
		return p.src.elems[i].start
	}
	return workflows.Pos{File: p.src.file}
}

// attrPos is where attribute name of e starts (its first occurrence), or e's position when
// it is absent.
func (p *parser) attrPos(e *etree.Element, name string) workflows.Pos {
	if i, ok := p.where[e]; ok {
		for _, a := range p.src.elems[i].attrs {
			if a.name == name {
				return a.pos
			}
		}
	}
	return p.pos(e)
}

// attrPosAt locates e.Attr[k]. etree (keeping duplicates) and scan list attributes in the
// same document order, so the k-th of one is the k-th of the other.
func (p *parser) attrPosAt(e *etree.Element, k int) workflows.Pos {
	if i, ok := p.where[e]; ok && len(p.src.elems[i].attrs) == len(e.Attr) {
		return p.src.elems[i].attrs[k].pos
	}
	return p.pos(e)
}

func (p *parser) report(pos workflows.Pos, sev workflows.Severity, code, msg string) {
	p.problems = append(p.problems, workflows.Problem{Pos: pos, Severity: sev, Code: code, Message: msg})
	if sev == workflows.SeverityError && p.unit != "" && taints(code) {
		p.tainted[p.unit] = true
	}
}

func (p *parser) errorf(pos workflows.Pos, code, format string, args ...any) {
	p.report(pos, workflows.SeverityError, code, fmt.Sprintf(format, args...))
}

func (p *parser) warnf(pos workflows.Pos, code, format string, args ...any) {
	p.report(pos, workflows.SeverityWarning, code, fmt.Sprintf(format, args...))
}

// sortProblems orders by line and column, keeping the reading order among equals.
func sortProblems(ps workflows.Problems) {
	slices.SortStableFunc(ps, func(a, b workflows.Problem) int {
		if a.Pos.Line != b.Pos.Line {
			return a.Pos.Line - b.Pos.Line
		}
		return a.Pos.Col - b.Pos.Col
	})
}
