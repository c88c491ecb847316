//go:build !unix

package generator

import "time"

var start = time.Now()

// cpuTime is, where the system does not report a process's CPU time, the
// time since the tests started.
func cpuTime() time.Duration { return time.Since(start) }
