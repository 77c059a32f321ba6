package xmlspec

// Problem codes this package reports. They are part of the API (the CLI, the HTTP API and tests
// match on them), so a code, once published, keeps its meaning. Load adds the codes of
// workflows.Validate and CodeBadCron / CodeCronLegacy.
const (
	// Errors: the definition is rejected.
	CodeXMLSyntax        = "xml-syntax"        // not well-formed XML (with the parser's reason)
	CodeEncoding         = "encoding"          // an encoding other than UTF-8 is declared
	CodeNotDefinition    = "not-a-definition"  // a db_links.xml / file_links.xml registry file
	CodeUnknownElement   = "unknown-element"   // an element that is not allowed where it is
	CodeUnknownAttribute = "unknown-attribute" // an attribute that is not allowed on its element
	CodeMissingAttribute = "missing-attribute" // a required attribute is absent or blank
	CodeMissingElement   = "missing-element"   // a required child element is absent
	CodeDuplicateElement = "duplicate-element" // a second copy of an element that may appear once
	CodeDuplicateAttr    = "duplicate-attribute"
	CodeBadValue         = "bad-value"      // a number, boolean, enum, size, time … that does not parse
	CodeUnsupported      = "unsupported"    // recognised, but actorflow does not implement it
	CodeBadCron          = "bad-cron"       // Load: the schedule package rejected the cron text
	CodeInternal         = "internal-error" // a bug in this package, caught instead of panicking

	// Warnings: the definition loads; the source should be updated.
	CodeAlias       = "alias"             // an old name or form, read as its current equivalent
	CodeInline      = "inline-connection" // 2017 JDBC attributes instead of a registered db-link
	CodeIgnored     = "ignored"           // something akkaflow accepted and ignored; so do we
	CodeUnusualRoot = "unusual-root"      // root element is neither <work-flow> nor <workflow>
	CodeCronLegacy  = "cron-legacy"       // Load: a legacy cron form the schedule package accepts
)

// taints reports whether an error with this code leaves the model incomplete or wrong in the
// unit (node, coordinator, root) where it was found, so that Validate's findings there are
// consequences rather than new information. An unknown attribute changes nothing in the model.
func taints(code string) bool {
	switch code {
	case CodeUnknownAttribute, CodeAlias, CodeInline, CodeIgnored, CodeUnusualRoot:
		return false
	}
	return true
}
