package benchkit

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Task bodies. A script action writes the code to a file and runs it with bash; a shell action
// runs `/bin/sh -c <command>`.
const (
	KindScript = "script"
	KindShell  = "shell"
)

func ActionBody(kind, code string) string {
	if kind == KindShell {
		return "<shell><command>" + code + "</command></shell>"
	}
	return "<script><code>" + code + "</code></script>"
}

// ChainXML is start → n sequential actions running code → end, triggered by hand only.
func ChainXML(name, kind, code string, n, instanceLimit int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "<work-flow name=%q instance-limit=\"%d\">\n", name, instanceLimit)
	b.WriteString("  <coordinator is-enabled=\"false\"/>\n")
	b.WriteString("  <start name=\"start\" to=\"t001\"/>\n")
	for i := 1; i <= n; i++ {
		next := "end"
		if i < n {
			next = fmt.Sprintf("t%03d", i+1)
		}
		fmt.Fprintf(&b, "  <action name=\"t%03d\">%s<ok to=%q/></action>\n", i, ActionBody(kind, code), next)
	}
	b.WriteString("  <end name=\"end\"/>\n</work-flow>\n")
	return b.String()
}

// FanoutXML is start → fork of n actions → join → end.
func FanoutXML(name, kind string, n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "<work-flow name=%q>\n", name)
	b.WriteString("  <coordinator is-enabled=\"false\"/>\n")
	b.WriteString("  <start name=\"start\" to=\"fan\"/>\n  <fork name=\"fan\">\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "    <path to=\"p%04d\"/>\n", i)
	}
	b.WriteString("  </fork>\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "  <action name=\"p%04d\">%s<ok to=\"gather\"/></action>\n", i, ActionBody(kind, "true"))
	}
	b.WriteString("  <join name=\"gather\" to=\"end\"/>\n  <end name=\"end\"/>\n</work-flow>\n")
	return b.String()
}

// CronXML is one action fired by the coordinator on cron (e.g. "@every 1s").
func CronXML(name, cron, kind string, instanceLimit int) string {
	return fmt.Sprintf(`<work-flow name=%q instance-limit="%d">
  <coordinator is-enabled="true"><depend-list cron=%q/></coordinator>
  <start name="start" to="work"/>
  <action name="work">%s<ok to="end"/></action>
  <end name="end"/>
</work-flow>
`, name, instanceLimit, cron, ActionBody(kind, "true"))
}

// SmallXML is one of the load10k files: a daily cron coordinator (03:17, so nothing fires
// while the bench runs unless it runs at that minute) and three nodes.
func SmallXML(i int) string {
	return fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8"?>
<work-flow name="wf_%05d" creator="bench" desc="load10k workflow %d" dir="/bench/load/g%02d">
  <coordinator is-enabled="true">
    <depend-list cron="17 3 * * *"/>
    <param-list><param name="day" value="${time.today|yyyy-MM-dd|-1 day}"/></param-list>
  </coordinator>
  <start name="start" to="work"/>
  <action name="work"><shell><command>echo ${param:day}</command></shell><ok to="end"/></action>
  <end name="end"/>
</work-flow>
`, i, i, i%100)
}

// WriteFile writes an XML definition into dir.
func WriteFile(dir, name, content string) error {
	return os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644)
}

// WriteSmallFiles writes n load10k files in 100 subdirectories of dir.
func WriteSmallFiles(dir string, n int) error {
	for i := 1; i <= n; i++ {
		sub := filepath.Join(dir, fmt.Sprintf("g%02d", i%100))
		if i <= 100 {
			if err := os.MkdirAll(sub, 0o755); err != nil {
				return err
			}
		}
		if err := WriteFile(sub, fmt.Sprintf("wf_%05d.xml", i), SmallXML(i)); err != nil {
			return err
		}
	}
	return nil
}
