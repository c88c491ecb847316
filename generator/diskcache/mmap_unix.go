//go:build unix

package diskcache

import (
	"os"
	"syscall"
)

// Mapped reports whether an entry read with Map is mapped, outside the
// program's heap, or read into it.
const Mapped = true

// mapFile maps f's first size bytes for reading.
func mapFile(f *os.File, size int) ([]byte, func(), error) {
	if size == 0 {
		return nil, func() {}, nil
	}
	flags := syscall.MAP_SHARED
	if size <= ResidentMax {
		flags |= mapPopulate
	}
	b, err := syscall.Mmap(int(f.Fd()), 0, size, syscall.PROT_READ, flags)
	if err != nil {
		return nil, nil, err
	}
	return b, func() { syscall.Munmap(b) }, nil
}
