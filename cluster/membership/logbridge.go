package membership

import (
	"log/slog"
	"strings"
)

// logBridge turns memberlist's "[LEVEL] memberlist: text" lines into slog records, and says
// in plain words what a decryption failure means.
type logBridge struct{ log *slog.Logger }

func (b *logBridge) Write(p []byte) (int, error) {
	line := strings.TrimSpace(string(p))
	level, text := slog.LevelInfo, line
	for prefix, l := range map[string]slog.Level{"[DEBUG]": slog.LevelDebug, "[INFO]": slog.LevelInfo,
		"[WARN]": slog.LevelWarn, "[ERR]": slog.LevelError} {
		if strings.HasPrefix(line, prefix) {
			level, text = l, strings.TrimSpace(strings.TrimPrefix(line, prefix))
			break
		}
	}
	text = strings.TrimPrefix(text, "memberlist: ")
	switch {
	case level == slog.LevelDebug:
		return len(p), nil
	case strings.Contains(text, "decrypt") || strings.Contains(text, "encryption"):
		b.log.Error("gossip: refused a message that is not encrypted with this cluster's key "+
			"(a node with another or no --gossip-key tried to talk to this one)", "detail", text)
		return len(p), nil
	}
	b.log.Log(nil, level, "gossip: "+text)
	return len(p), nil
}
