//go:build unix

package generator

import "syscall"

// flush writes the system's written data to disk, so that a benchmark run
// does not pay for the one before it.
func flush() { syscall.Sync() }
