//go:build !unix

package diskcache

import (
	"io"
	"os"
)

// Mapped reports whether an entry read with Map is mapped, outside the
// program's heap, or read into it.
const Mapped = false

// mapFile reads f's first size bytes: there is no mapping here.
func mapFile(f *os.File, size int) ([]byte, func(), error) {
	b := make([]byte, size)
	_, err := io.ReadFull(f, b)
	return b, func() {}, err
}

// Forget lets the pages of data, read by Map, go from the process's memory:
// here, where entries are not mapped or not let go, it does nothing.
func Forget([]byte) {}
