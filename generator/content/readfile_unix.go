//go:build unix

package content

import "syscall"

// nonBlock opens a pipe without waiting for a writer; for a regular file
// it changes nothing.
const nonBlock = syscall.O_NONBLOCK
