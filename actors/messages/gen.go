package messages

// Regenerate with Debian's protoc and protoc-gen-go v1.36.12 (the generated file is committed,
// so neither tool is needed to build or test):
//go:generate protoc --go_out=. --go_opt=paths=source_relative messages.proto
