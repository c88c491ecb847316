package publish

import (
	"os"

	"golang.org/x/sys/unix"
)

// exchange swaps two paths atomically (renameat2 with RENAME_EXCHANGE).
func exchange(a, b string) error {
	return unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
}

// lockBeside takes an exclusive lock on the folder that holds the output
// folder (flock on the folder itself, so that no file is left there),
// waiting for another build to finish; exclusive is false if no lock could
// be had, and unlock then does nothing.
func lockBeside(parent string) (unlock func(), exclusive bool) {
	f, err := os.Open(parent)
	if err != nil {
		return func() {}, false
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX); err != nil {
		f.Close()
		return func() {}, false
	}
	return func() { f.Close() }, true // closing releases the lock
}
