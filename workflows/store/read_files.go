package store

import (
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// FileQuery selects a page of xmlconfig file records, by path.
type FileQuery struct {
	Status FileStatus // only records in this status; "" = every status
	Limit  int        // 0 = every match from Offset on
	Offset int
}

// FilesPage returns the file records q selects, by path, and how many match in total. Only
// the page's records are decoded: the status of the others is read with fileStatusOf, so a
// page of 50 among 10,000 files costs a scan of the bucket's bytes, not 10,000 decodes.
func (s *Store) FilesPage(q FileQuery) (items []FileRecord, total int, err error) {
	offset := max(q.Offset, 0)
	err = s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketFiles).ForEach(func(k, v []byte) error {
			var (
				rec     FileRecord
				decoded bool
			)
			if q.Status != "" {
				st, ok := fileStatusOf(v)
				if !ok {
					if err := json.Unmarshal(v, &rec); err != nil {
						return fmt.Errorf("store: %s/%q: %w", bucketFiles, k, err)
					}
					st, decoded = rec.Status, true
				}
				if st != q.Status {
					return nil
				}
			}
			total++
			if total <= offset || (q.Limit > 0 && len(items) >= q.Limit) {
				return nil
			}
			if !decoded {
				if err := json.Unmarshal(v, &rec); err != nil {
					return fmt.Errorf("store: %s/%q: %w", bucketFiles, k, err)
				}
			}
			items = append(items, rec)
			return nil
		})
	})
	return items, total, err
}
