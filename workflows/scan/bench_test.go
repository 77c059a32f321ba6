package scan

import (
	"fmt"
	"testing"
)

// benchTree writes n small valid workflows (a cron coordinator, a fork of two scripts, a
// join) into 100 sub-directories, as a large installation might.
func benchTree(b *testing.B, n int) string {
	b.Helper()
	dir := b.TempDir()
	for i := range n {
		name := fmt.Sprintf("wf_%05d", i)
		data := fmt.Appendf(nil, `<?xml version="1.0" encoding="UTF-8"?>
<work-flow name=%q creator="bench" dir="/bench/%d">
  <coordinator>
    <depend-list cron="%d %d * * *"/>
    <param-list><param name="day" value="${time.today|yyyy-MM-dd|-1 day}"/></param-list>
  </coordinator>
  <start name="start" to="split"/>
  <fork name="split"><path to="a"/><path to="b"/></fork>
  <action name="a" retry-times="1" interval="5"><script><code><![CDATA[
#!/bin/bash
echo "a ${param:day}"
]]></code></script><ok to="merge"/><error to="fail"/></action>
  <action name="b"><shell><command>echo b ${param:day}</command></shell><ok to="merge"/></action>
  <join name="merge" to="end"/>
  <kill name="fail"><message>failed</message></kill>
  <end name="end"/>
</work-flow>
`, name, i%100, i%60, i%24)
		writeFile(b, dir, fmt.Sprintf("team_%02d/%s.xml", i%100, name), data)
	}
	return dir
}

// BenchmarkInitialScan10000 is a master's start: walk, read, hash and parse 10,000 files.
// The project's budget is 10,000 files loaded and scheduled in ≤ 10 s.
func BenchmarkInitialScan10000(b *testing.B) {
	const n = 10000
	dir := benchTree(b, n)
	b.ReportAllocs()
	for b.Loop() {
		s := newTestScanner(b, dir, nil)
		if got := s.ScanOnce(); len(got) != n {
			b.Fatalf("got %d changes, want %d", len(got), n)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "files/s")
}

// BenchmarkRescanUnchanged10000 is the periodic safety rescan of an unchanged tree: a walk
// and a stat per file, no reads.
func BenchmarkRescanUnchanged10000(b *testing.B) {
	const n = 10000
	dir := benchTree(b, n)
	s := newTestScanner(b, dir, nil)
	if got := s.ScanOnce(); len(got) != n {
		b.Fatalf("got %d changes, want %d", len(got), n)
	}
	b.ReportAllocs()
	for b.Loop() {
		if got := s.ScanOnce(); len(got) != 0 {
			b.Fatalf("unchanged tree reported %d changes", len(got))
		}
	}
}
