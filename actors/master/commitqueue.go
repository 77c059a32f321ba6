package master

import "github.com/asynkron/protoactor-go/actor"

// commitQueue is a requester's side of the committer: it numbers requests and runs each
// continuation when its commit is confirmed, strictly in submission order. A step without
// commands (an ignored event that only needs an ack) still waits behind earlier commits, so
// "after commit" holds for every effect, including acks of results already recorded.
type commitQueue struct {
	committer *actor.PID
	next      uint64
	steps     []*commitStep
}

type commitStep struct {
	seq  uint64 // 0: no commands
	done bool
	err  error
	then func(err error)
}

// add queues a step: req's commands go to the committer now (nil or empty: no request), and
// then runs with the commit's outcome once every earlier step has run.
func (q *commitQueue) add(ctx actor.Context, req *commitRequest, then func(err error)) {
	st := &commitStep{then: then}
	if req == nil || len(req.Cmds) == 0 {
		st.done = true
	} else {
		q.next++
		st.seq, req.Seq = q.next, q.next
		ctx.Request(q.committer, req)
	}
	q.steps = append(q.steps, st)
	q.drain()
}

// reply records the committer's answer for seq.
func (q *commitQueue) reply(seq uint64, err error) {
	for _, st := range q.steps {
		if st.seq == seq && !st.done {
			st.done, st.err = true, err
			break
		}
	}
	q.drain()
}

// drain runs the continuations at the head that are complete.
func (q *commitQueue) drain() {
	for len(q.steps) > 0 && q.steps[0].done {
		st := q.steps[0]
		q.steps[0] = nil
		q.steps = q.steps[1:]
		if st.then != nil {
			st.then(st.err)
		}
	}
}
