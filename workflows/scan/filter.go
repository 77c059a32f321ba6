package scan

import (
	"strings"
)

// isCandidate reports whether a file name is a workflow file: "*.xml" in any case, not hidden.
// Editor litter is rejected by the same two rules (".#x.xml", ".x.xml.swp", "x.xml~").
func isCandidate(name string) bool {
	const ext = ".xml"
	return !isHidden(name) && len(name) > len(ext) && strings.EqualFold(name[len(name)-len(ext):], ext)
}

// isHidden reports whether a file or directory name is hidden (Unix convention).
func isHidden(name string) bool { return strings.HasPrefix(name, ".") }

// hiddenPath reports whether any component of a slash-separated relative path is hidden:
// such paths are never walked, so events from them (a directory renamed to a hidden name
// keeps its watch until we drop it) are ignored too.
func hiddenPath(rel string) bool {
	for part := range strings.SplitSeq(rel, "/") {
		if isHidden(part) {
			return true
		}
	}
	return false
}
