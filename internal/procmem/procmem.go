// Package procmem reads how much of the process's memory is what it maps
// of files, for tests that check a mapping is let go (Linux alone keeps the
// figures, in /proc/self/status).
package procmem

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
)

// MappedResident returns the bytes of mapped files the process holds in
// memory: RssFile and RssShmem (a file on a memory file system) together.
// It fails t where it cannot tell.
func MappedResident(t testing.TB) int {
	t.Helper()
	n, err := mappedResident()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func mappedResident() (int, error) {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, err
	}
	n, found := 0, 0
	for _, l := range strings.Split(string(b), "\n") {
		f := strings.Fields(l)
		if len(f) != 3 || f[0] != "RssFile:" && f[0] != "RssShmem:" {
			continue
		}
		kb, err := strconv.Atoi(f[1])
		if err != nil {
			return 0, fmt.Errorf("/proc/self/status: %q: %w", l, err)
		}
		n += kb << 10
		found++
	}
	if found != 2 {
		return 0, fmt.Errorf("/proc/self/status: no RssFile and RssShmem")
	}
	return n, nil
}
