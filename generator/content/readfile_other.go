//go:build !unix

package content

// nonBlock is 0 where the system has no O_NONBLOCK: ReadFile then checks
// the file before it opens it.
const nonBlock = 0
