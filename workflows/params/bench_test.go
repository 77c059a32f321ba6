package params_test

import (
	"testing"

	"github.com/actorflow/actorflow/workflows/params"
)

// A typical script: five placeholders among shell text that must pass through.
const benchScript = `#!/bin/bash
set -euo pipefail
DAY=${time.yesterday|yyyyMMdd}
SRC=/data/${param:source}/$DAY
hdfs dfs -mkdir -p ${param:target}/dt=${time.today|yyyy-MM-dd|-1 day}
for f in "$SRC"/*.csv; do
  echo "loading ${f} into ${HOME}/stage (run ${instance.id})"
done
`

func BenchmarkExpand(b *testing.B) {
	env := testEnv(b)
	env.Params = map[string]string{"source": "crm", "target": "/warehouse/crm"}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := params.Expand(benchScript, env); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkExpandNoPlaceholders(b *testing.B) {
	env := testEnv(b)
	text := "select a, b from t where c > 1 and d = 'x'"
	b.ReportAllocs()
	for b.Loop() {
		if _, err := params.Expand(text, env); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkExpandWorkflow measures the creation-time pass: deep copy plus reflection walk.
func BenchmarkExpandWorkflow(b *testing.B) {
	env := testEnv(b)
	env.Params = map[string]string{"owner": "ops@x", "db": "dw"}
	w := twoStepWorkflow()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := params.ExpandWorkflow(w, env); err != nil {
			b.Fatal(err)
		}
	}
}
