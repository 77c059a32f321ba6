// Package archtest holds only tests: it enforces the import rules of ARCHITECTURE.md §5 over
// every Go package in the module, so a layering mistake fails CI instead of growing quietly.
package archtest
