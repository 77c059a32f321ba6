package xmlspec

import (
	"fmt"
	"strings"
	"testing"
)

// workflowOfSize builds a workflow of exactly n nodes: start, then forks of ten two-step
// branches joined again, one after the other, with CDATA scripts whose errors go to a kill
// node, then end.
func workflowOfSize(n int) []byte {
	var b strings.Builder
	b.WriteString("<work-flow name=\"big\" creator=\"bench\" mail-receivers=\"a@x.com\">\n")
	b.WriteString("  <coordinator><depend-list cron=\"0 1 * * *\"><workflow name=\"up\"/></depend-list>" +
		"<param-list><param name=\"day\" value=\"${time.today|yyyy-MM-dd|-1 day}\"/></param-list></coordinator>\n")
	count := 3 // start, kill, end
	action := func(name, next string) {
		fmt.Fprintf(&b, "  <action name=%q retry-times=\"1\" interval=\"5\" timeout=\"600\">\n"+
			"    <script><code><![CDATA[\n#!/bin/bash\nset -e\necho \"%s ${param:day}\"\nfor i in 1 2 3; do\n  echo $i\ndone\n]]></code></script>\n"+
			"    <ok to=%q/>\n    <error to=\"fail\"/>\n  </action>\n", name, name, next)
		count++
	}
	prev := "start"
	first := true
	for group := 0; ; group++ {
		const groupSize = 1 + 10*2 + 1 // fork, ten branches of two actions, join
		if count+groupSize > n {
			break
		}
		fork, join := fmt.Sprintf("fork_%d", group), fmt.Sprintf("join_%d", group)
		if first {
			fmt.Fprintf(&b, "  <start name=\"start\" to=%q/>\n", fork)
			first = false
		} else {
			fmt.Fprintf(&b, "  <join name=%q to=%q/>\n", prev, fork)
			count++
		}
		fmt.Fprintf(&b, "  <fork name=%q>\n", fork)
		for i := 0; i < 10; i++ {
			fmt.Fprintf(&b, "    <path to=\"g%d_b%d_1\"/>\n", group, i)
		}
		b.WriteString("  </fork>\n")
		count++
		for i := 0; i < 10; i++ {
			action(fmt.Sprintf("g%d_b%d_1", group, i), fmt.Sprintf("g%d_b%d_2", group, i))
			action(fmt.Sprintf("g%d_b%d_2", group, i), join)
		}
		prev = join
	}
	// The last join leads into a chain of actions that fills up to n, then to end.
	remaining := n - count - 1
	next := func(i int) string {
		if i == remaining-1 {
			return "end"
		}
		return fmt.Sprintf("tail_%d", i+1)
	}
	if remaining > 0 {
		fmt.Fprintf(&b, "  <join name=%q to=\"tail_0\"/>\n", prev)
	} else {
		fmt.Fprintf(&b, "  <join name=%q to=\"end\"/>\n", prev)
	}
	count++
	for i := 0; i < remaining; i++ {
		action(fmt.Sprintf("tail_%d", i), next(i))
	}
	b.WriteString("  <kill name=\"fail\"><message>a step failed</message></kill>\n  <end name=\"end\"/>\n</work-flow>\n")
	return []byte(b.String())
}

func TestBenchmarkWorkflowIsValid(t *testing.T) {
	def := Load("big.xml", workflowOfSize(1000))
	if def.Problems.HasErrors() {
		t.Fatalf("the benchmark workflow does not load: %v", def.Problems.Errors())
	}
	if n := len(def.Workflow.Nodes); n != 1000 {
		t.Fatalf("the benchmark workflow has %d nodes, want 1000", n)
	}
}

// BenchmarkLoad1000Nodes measures Parse + Validate + cron check of a 1,000-node workflow.
func BenchmarkLoad1000Nodes(b *testing.B) {
	data := workflowOfSize(1000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if def := Load("big.xml", data); def.Problems.HasErrors() {
			b.Fatal(def.Problems.Errors())
		}
	}
}

// BenchmarkParse1000Nodes is the reading part alone, for comparison.
func BenchmarkParse1000Nodes(b *testing.B) {
	data := workflowOfSize(1000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		Parse("big.xml", data)
	}
}

// BenchmarkWrite1000Nodes measures printing the same workflow.
func BenchmarkWrite1000Nodes(b *testing.B) {
	def := Parse("big.xml", workflowOfSize(1000))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Write(def); err != nil {
			b.Fatal(err)
		}
	}
}
