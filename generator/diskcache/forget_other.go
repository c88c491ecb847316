//go:build !linux

package diskcache

// Forget lets the pages of data, read by Map, go from the process's memory:
// here, where entries are not mapped (Windows) or not let go, it does
// nothing.
func Forget([]byte) {}
