package diskcache

import (
	"os"
	"syscall"
	"unsafe"
)

// mapPopulate asks Linux to map the whole entry at once, which every
// build that maps one reads through: a fault for each page cost more. Not
// for an entry larger than ResidentMax, which would then be in the
// process's memory whole.
const mapPopulate = syscall.MAP_POPULATE

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
