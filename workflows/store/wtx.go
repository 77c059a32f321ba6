package store

import (
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// appendOnlyFill is the page fill for buckets whose keys only grow (creation sequence, time):
// bbolt splits pages at 50 % by default, which would leave them half empty forever.
const appendOnlyFill = 0.9

// wtx is one write transaction, the position of the command being applied (index and
// position make CreateInstance's Seq), and the buckets it used so far. Buckets are looked up
// on first use: the hot command (a node update) needs three of the fifteen.
type wtx struct {
	tx      *bolt.Tx
	index   uint64
	pos     int
	buckets [bucketCount]*bolt.Bucket
}

// Bucket positions in wtx.buckets.
const (
	bMeta = iota
	bDefs
	bFiles
	bCoords
	bCoordNext
	bInsts
	bInstDefs
	bNodes
	bIdxAll
	bIdxStatus
	bIdxWf
	bIdxWfStatus
	bIdxGroup
	bIdxCr
	bCounts
	bucketCount
)

var allBucketsIdx = [bucketCount][]byte{
	bMeta: bucketMeta, bDefs: bucketDefinitions, bFiles: bucketFiles, bCoords: bucketCoordinators,
	bCoordNext: bucketCoordNext, bInsts: bucketInstances, bInstDefs: bucketInstanceDefs,
	bNodes: bucketNodes, bIdxAll: bucketIdxAll, bIdxStatus: bucketIdxStatus,
	bIdxWf: bucketIdxWorkflow, bIdxWfStatus: bucketIdxWfStatus, bIdxGroup: bucketIdxGroup,
	bIdxCr: bucketIdxCreated, bCounts: bucketCounts,
}

func newWtx(tx *bolt.Tx) (*wtx, error) {
	w := &wtx{tx: tx}
	if w.meta() == nil {
		return nil, fmt.Errorf("bucket %q is missing", bucketMeta)
	}
	return w, nil
}

// bucket returns bucket i, looked up once per transaction. Open checked that every bucket
// exists, so nil here means a broken file; bbolt then fails the first use of it loudly.
func (w *wtx) bucket(i int) *bolt.Bucket {
	if b := w.buckets[i]; b != nil {
		return b
	}
	b := w.tx.Bucket(allBucketsIdx[i])
	if b != nil && (i == bIdxAll || i == bIdxCr) {
		b.FillPercent = appendOnlyFill
	}
	w.buckets[i] = b
	return b
}

func (w *wtx) meta() *bolt.Bucket        { return w.bucket(bMeta) }
func (w *wtx) defs() *bolt.Bucket        { return w.bucket(bDefs) }
func (w *wtx) files() *bolt.Bucket       { return w.bucket(bFiles) }
func (w *wtx) coords() *bolt.Bucket      { return w.bucket(bCoords) }
func (w *wtx) coordNext() *bolt.Bucket   { return w.bucket(bCoordNext) }
func (w *wtx) insts() *bolt.Bucket       { return w.bucket(bInsts) }
func (w *wtx) instDefs() *bolt.Bucket    { return w.bucket(bInstDefs) }
func (w *wtx) nodes() *bolt.Bucket       { return w.bucket(bNodes) }
func (w *wtx) idxAll() *bolt.Bucket      { return w.bucket(bIdxAll) }
func (w *wtx) idxStatus() *bolt.Bucket   { return w.bucket(bIdxStatus) }
func (w *wtx) idxWf() *bolt.Bucket       { return w.bucket(bIdxWf) }
func (w *wtx) idxWfStatus() *bolt.Bucket { return w.bucket(bIdxWfStatus) }
func (w *wtx) idxGroup() *bolt.Bucket    { return w.bucket(bIdxGroup) }
func (w *wtx) idxCr() *bolt.Bucket       { return w.bucket(bIdxCr) }
func (w *wtx) counts() *bolt.Bucket      { return w.bucket(bCounts) }
