//go:build unix && !linux

package diskcache

const mapPopulate = 0

// Forget lets the pages of data, read by Map, go from the process's memory:
// here, where entries are not mapped or not let go, it does nothing.
func Forget([]byte) {}
