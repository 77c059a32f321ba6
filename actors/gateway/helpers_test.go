package gateway

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/actorflow/actorflow/actors/master"
	"github.com/actorflow/actorflow/workflows"
	"github.com/actorflow/actorflow/workflows/store"
	"github.com/actorflow/actorflow/workflows/xmlspec"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// t0 is the fixtures' "now": a Wednesday, 10:00 UTC.
var t0 = time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)

// fixture is a gateway over a real store in a temp directory and a fake master.
type fixture struct {
	t      testing.TB
	store  *store.Store
	master *fakeMaster
	gw     *Gateway
	logs   string
}

func newFixture(tb testing.TB, tweak ...func(*Config)) *fixture {
	tb.Helper()
	st, err := store.Open(filepath.Join(tb.TempDir(), "fsm.db"), store.Options{NoSync: true, Logger: quiet})
	if err != nil {
		tb.Fatalf("store.Open: %v", err)
	}
	tb.Cleanup(func() { _ = st.Close() })
	f := &fixture{t: tb, store: st, master: &fakeMaster{}, logs: tb.TempDir()}
	cfg := Config{Master: f.master, Store: st, LogRoot: f.logs, Location: time.UTC,
		Now: func() time.Time { return t0 }, Logger: quiet, LogPoll: 5 * time.Millisecond}
	for _, fn := range tweak {
		fn(&cfg)
	}
	f.gw = New(cfg)
	return f
}

// apply commits cmds as one entry.
func (f *fixture) apply(cmds ...store.Command) {
	f.t.Helper()
	if err := store.ApplyDirect(f.store, cmds...); err != nil {
		f.t.Fatalf("ApplyDirect: %v", err)
	}
}

// putDef stores a definition as loaded from the file source.
func putDef(name, source, xml string) store.PutDefinition {
	sum := sha256.Sum256([]byte(xml))
	return store.PutDefinition{Name: name, Origin: store.OriginFile, Source: source, XML: []byte(xml),
		Hash: hex.EncodeToString(sum[:]), Enabled: true, At: t0.Add(-time.Hour)}
}

// wfSpec describes a small workflow for wfXML.
type wfSpec struct {
	name, dir, desc string
	cron            string   // "" = no cron
	depends         []string // upstream workflows
	disabled        bool
	noCoordinator   bool
	timezone        string
}

// wfXML renders start → fork(a, b) → join → c (error → k) → end: every kind of node.
func wfXML(s wfSpec) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<work-flow name=%q creator="ann" desc=%q dir=%q>`+"\n", s.name, s.desc, s.dir)
	if !s.noCoordinator {
		tz := ""
		if s.timezone != "" {
			tz = fmt.Sprintf(` timezone=%q`, s.timezone)
		}
		fmt.Fprintf(&b, `  <coordinator is-enabled="%t"%s>`+"\n", !s.disabled, tz)
		if s.cron != "" || len(s.depends) > 0 {
			if s.cron != "" {
				fmt.Fprintf(&b, `    <depend-list cron=%q>`+"\n", s.cron)
			} else {
				b.WriteString("    <depend-list>\n")
			}
			for _, d := range s.depends {
				fmt.Fprintf(&b, `      <workflow name=%q/>`+"\n", d)
			}
			b.WriteString("    </depend-list>\n")
		}
		b.WriteString("    <param-list><param name=\"day\" value=\"${time.today|yyyy-MM-dd}\"/></param-list>\n")
		b.WriteString("  </coordinator>\n")
	}
	b.WriteString(`  <start name="start" to="split"/>
  <fork name="split"><path to="a"/><path to="b"/></fork>
  <action name="a"><shell><command>echo ${param:day}</command></shell><ok to="merge"/></action>
  <!-- <action name="x"><shell><command>${param:commented}</command></shell></action> -->
  <action name="b"><script><code><![CDATA[echo ${param:region} <!-- kept -->]]></code></script><ok to="merge"/></action>
  <join name="merge" to="c"/>
  <action name="c"><shell><command>true</command></shell><ok to="end"/><error to="k"/></action>
  <kill name="k"><message>c failed</message></kill>
  <end name="end"/>
</work-flow>
`)
	return b.String()
}

// definitionJSON is what the master stores with an instance: the model it runs, as JSON.
func definitionJSON(tb testing.TB, xml string) json.RawMessage {
	tb.Helper()
	def := xmlspec.Load("test.xml", []byte(xml))
	if def.Problems.HasErrors() || def.Workflow == nil {
		tb.Fatalf("fixture XML does not load: %v", def.Problems.Err())
	}
	js, err := json.Marshal(def.Workflow)
	if err != nil {
		tb.Fatal(err)
	}
	return js
}

// instanceOfWF builds an instance with one NodeRun per node of the fixture workflow.
func instanceOfWF(id, wf string, st workflows.InstanceStatus, created time.Time) workflows.Instance {
	in := workflows.Instance{ID: id, Workflow: wf, Status: st, Trigger: workflows.TriggerSchedule,
		Created: created, Params: map[string]string{"day": "2024-05-01"}}
	for _, n := range []string{"start", "split", "a", "b", "merge", "c", "k", "end"} {
		in.Nodes = append(in.Nodes, workflows.NodeRun{Name: n, Status: workflows.NodePrep})
	}
	if st != workflows.InstancePrep {
		in.Started = created.Add(time.Second)
	}
	if st.Terminal() {
		in.Ended = created.Add(time.Minute)
	}
	return in
}

// fakeMaster answers like the master client: canned answers, recorded calls.
type fakeMaster struct {
	mu     sync.Mutex
	calls  []string
	err    error // returned by every call when set
	deps   []string
	status *master.StatusResponse
	put    *master.PutDefinitionResponse
	onCall func(method string) // runs inside each call (e.g. to change the store)
}

func (m *fakeMaster) record(format string, args ...any) error {
	m.mu.Lock()
	call := fmt.Sprintf(format, args...)
	m.calls = append(m.calls, call)
	err, hook := m.err, m.onCall
	m.mu.Unlock()
	if hook != nil {
		hook(call)
	}
	return err
}

func (m *fakeMaster) seen() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]string(nil), m.calls...)
}

func (m *fakeMaster) PutDefinition(_ context.Context, xml []byte, source string, origin store.Origin) (*master.PutDefinitionResponse, error) {
	if err := m.record("put %s %s", source, origin); err != nil {
		return &master.PutDefinitionResponse{}, err
	}
	if m.put != nil {
		return m.put, nil
	}
	return &master.PutDefinitionResponse{Name: "uploaded", Created: true}, nil
}

func (m *fakeMaster) CheckDefinition(_ context.Context, xml []byte, source string) (*master.CheckDefinitionResponse, error) {
	if err := m.record("check %s", source); err != nil {
		return &master.CheckDefinitionResponse{}, err
	}
	return &master.CheckDefinitionResponse{Name: "checked", Warnings: workflows.Problems{
		{Severity: workflows.SeverityWarning, Code: "alias", Message: "old name", Pos: workflows.Pos{File: source, Line: 3}}}}, nil
}

func (m *fakeMaster) DeleteDefinition(_ context.Context, name string) ([]string, error) {
	return m.deps, m.record("delete %s", name)
}

func (m *fakeMaster) Trigger(_ context.Context, wf string, params map[string]string, ignore []string) (string, error) {
	return "i-trigger", m.record("trigger %s %v %v", wf, params, ignore)
}

func (m *fakeMaster) Run(_ context.Context, wf string, params map[string]string) (string, error) {
	return "i-run", m.record("run %s %v", wf, params)
}

func (m *fakeMaster) Rerun(_ context.Context, id string, fromFailed bool) (string, error) {
	return "i-rerun", m.record("rerun %s %t", id, fromFailed)
}

func (m *fakeMaster) Kill(_ context.Context, id, reason string) error {
	return m.record("kill %s %s", id, reason)
}

func (m *fakeMaster) DeleteInstance(_ context.Context, id string) error {
	return m.record("delete-instance %s", id)
}

func (m *fakeMaster) Reset(_ context.Context, wf string) error { return m.record("reset %s", wf) }

func (m *fakeMaster) SetEnabled(_ context.Context, name string, enabled bool) (bool, error) {
	err := m.record("set-enabled %s %t", name, enabled)
	return err == nil, err
}

func (m *fakeMaster) Backfill(_ context.Context, req master.BackfillRequest) (string, []string, error) {
	err := m.record("backfill %s %s %s %d", req.Workflow, req.From.Format(time.RFC3339), req.To.Format(time.RFC3339), req.Parallel)
	if err != nil {
		return "", nil, err
	}
	return "g-1", []string{"i-1", "i-2"}, nil
}

func (m *fakeMaster) Status(context.Context) (*master.StatusResponse, error) {
	if err := m.record("status"); err != nil {
		return nil, err
	}
	if m.status != nil {
		return m.status, nil
	}
	return &master.StatusResponse{Ready: true}, nil
}

// codeOf is the workflows.Code of err ("" for nil).
func codeOf(err error) workflows.Code { return workflows.CodeOf(err) }
