package master

import (
	"bytes"
	"encoding/xml"
	"slices"
	"strings"

	"github.com/actorflow/actorflow/workflows/executors/mail"
)

// Completion mails name the workflows downstream of the finished one and go to their
// receivers too: akkaflow mailed the workflow's receivers ∪ the receivers of every workflow
// transitively downstream through enabled coordinators (spec §10.3). The master knows the
// dependency graph (coordIndex.downstream); the supervisor that sends the mail runs on its own
// goroutine and must not read the master's maps, so the master takes a snapshot when it
// admits the instance and hands it to the supervisor inside its Notifier
// (completionNotifier). A coordinator enabled, disabled or re-pointed while the instance runs
// is not reflected in its mail; the dependency flags themselves are unaffected.

// downstreamOf returns the workflows transitively downstream of wf through enabled
// coordinators (wf itself excluded, even on a cycle), sorted by name, and the union of their
// mail receivers in that order (each once). It walks only the dependency index, so its cost
// is the size of the downstream closure, not of the definitions.
func (m *master) downstreamOf(wf string) (names, receivers []string) {
	seen := map[string]bool{wf: true}
	queue := []string{wf}
	for len(queue) > 0 {
		up := queue[0]
		queue = queue[1:]
		for _, c := range m.dependentsOf(up) {
			if !c.spec.Enabled {
				continue
			}
			for _, t := range c.targets {
				if !seen[t] {
					seen[t] = true
					names = append(names, t)
					queue = append(queue, t)
				}
			}
		}
	}
	slices.Sort(names)
	for _, n := range names {
		for _, r := range m.mailReceiversOf(n) {
			if !slices.Contains(receivers, r) {
				receivers = append(receivers, r)
			}
		}
	}
	return names, receivers
}

// mailReceiversOf returns a workflow definition's mail-receivers: from its cached model when
// there is one, else from the root element of its XML alone (a definition keeps only its XML,
// and parsing the whole document on the mailbox for a mail is not worth it).
func (m *master) mailReceiversOf(name string) []string {
	d := m.defs[name]
	if d == nil || !d.isWorkflow {
		return nil
	}
	if wf := m.models.get(d); wf != nil {
		return wf.MailReceivers
	}
	return rootMailReceivers(d.xml)
}

// rootMailReceivers reads the mail-receivers attribute of the document's root element, as
// xmlspec reads it (a comma list; items trimmed, empty ones dropped). It stops at the root's
// start tag.
func rootMailReceivers(doc []byte) []string {
	dec := xml.NewDecoder(bytes.NewReader(doc))
	for {
		tok, err := dec.RawToken()
		if err != nil {
			return nil
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		var out []string
		for _, a := range se.Attr {
			if a.Name.Space == "" && a.Name.Local == "mail-receivers" {
				for item := range strings.SplitSeq(a.Value, ",") {
					if item = strings.TrimSpace(item); item != "" {
						out = append(out, item)
					}
				}
			}
		}
		return out
	}
}

// downstreamNotifier adds a snapshot of the downstream workflows and their receivers to the
// completion reports it passes on; retry alerts pass unchanged (akkaflow sent those to the
// workflow's own receivers).
type downstreamNotifier struct {
	Notifier
	downstream []string
	receivers  []string
}

func (n downstreamNotifier) InstanceFinished(r mail.InstanceReport) bool {
	r.Downstream = slices.Clone(n.downstream)
	r.Receivers = slices.Clone(r.Receivers)
	for _, x := range n.receivers {
		if !slices.Contains(r.Receivers, x) {
			r.Receivers = append(r.Receivers, x)
		}
	}
	return n.Notifier.InstanceFinished(r)
}

// completionNotifier is the Notifier for a supervisor of an instance of workflow wf with
// mail-level mailLevels (how many statuses it mails for): the master's, with the downstream
// snapshot when there is anything to add. Called on the master's mailbox at admission; an
// instance whose mail-level is empty sends no completion mail, so it pays nothing.
func (m *master) completionNotifier(wf string, mailLevels int) Notifier {
	n := m.cfg.Notifier
	if n == nil || mailLevels == 0 {
		return n
	}
	names, receivers := m.downstreamOf(wf)
	if len(names) == 0 {
		return n
	}
	return downstreamNotifier{Notifier: n, downstream: names, receivers: receivers}
}
