package remoting

import (
	"bufio"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"google.golang.org/protobuf/types/known/wrapperspb"
)

// The receiving node runs in a child process (this test binary in helper mode): a node is
// a process, and protoactor's remote sets gRPC's global logger at start, so two transports
// in one process race by construction.
func TestMain(m *testing.M) {
	if os.Getenv("REMOTING_TEST_SINK") == "1" {
		runSink()
		return
	}
	os.Exit(m.Run())
}

// runSink starts a transport with an actor "sink" that prints every StringValue it gets,
// prints its address, and lives until stdin closes.
func runSink() {
	log := slog.New(slog.DiscardHandler)
	sys := actor.NewActorSystem(actor.WithLoggerFactory(func(*actor.ActorSystem) *slog.Logger { return log }))
	tr, err := Start(sys, Config{Logger: log})
	if err != nil {
		fmt.Println("ERR", err)
		os.Exit(1)
	}
	_, err = sys.Root.SpawnNamed(actor.PropsFromFunc(func(c actor.Context) {
		if s, ok := c.Message().(*wrapperspb.StringValue); ok {
			fmt.Println("GOT", s.GetValue())
		}
	}), "sink")
	if err != nil {
		fmt.Println("ERR", err)
		os.Exit(1)
	}
	fmt.Println("ADDR", tr.Address())
	io.Copy(io.Discard, os.Stdin)
}

// startSink runs the sink process and returns its address and what it receives.
func startSink(t *testing.T) (string, chan string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "REMOTING_TEST_SINK=1")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { stdin.Close(); cmd.Wait() })
	lines := bufio.NewScanner(stdout)
	if !lines.Scan() || !strings.HasPrefix(lines.Text(), "ADDR ") {
		t.Fatalf("sink did not start: %q", lines.Text())
	}
	addr := strings.TrimPrefix(lines.Text(), "ADDR ")
	got := make(chan string, 64)
	go func() {
		for lines.Scan() {
			if v, ok := strings.CutPrefix(lines.Text(), "GOT "); ok {
				got <- v
			}
		}
	}()
	return addr, got
}

func splitHostPort(t *testing.T, addr string) (string, int) {
	t.Helper()
	h, p, err := net.SplitHostPort(addr)
	if err != nil {
		t.Fatal(err)
	}
	port, err := strconv.Atoi(p)
	if err != nil {
		t.Fatal(err)
	}
	return h, port
}

func receive(t *testing.T, got chan string, want string) {
	t.Helper()
	deadline := time.After(20 * time.Second)
	for {
		select {
		case s := <-got:
			if s == want {
				return
			}
		case <-deadline:
			t.Fatalf("%q never arrived", want)
		}
	}
}
