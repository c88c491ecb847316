package diskcache

import (
	"os"
	"syscall"
	"unsafe"
)

// Forget lets the pages of data, mapped by Map, go from the process's
// memory: they stay in the system's cache of the file, and are mapped
// again, a fault for many at a time, when next read. Pages data covers in
// part are kept. Reading data while another goroutine calls Forget is
// safe: a page let go is read again. data must be mapped: the program's
// own memory let go would read as zeros.
func Forget(data []byte) {
	page := os.Getpagesize()
	if len(data) < page {
		return
	}
	skip := int(-uintptr(unsafe.Pointer(unsafe.SliceData(data))) & uintptr(page-1))
	n := (len(data) - skip) / page * page
	if n > 0 {
		_ = syscall.Madvise(data[skip:skip+n], syscall.MADV_DONTNEED)
	}
}
