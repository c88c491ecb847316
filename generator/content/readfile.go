package content

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"strconv"

	"policysite/generator/msg"
)

// Limits on the files of a site other than revisions (MaxFileSize). Each is
// far above what the file holds in use, and low enough that a link to a
// device such as /dev/zero, or a file saved by mistake, fails at once
// instead of filling the memory.
const (
	MaxConfigSize   = 1 << 20  // site.yaml
	MaxLockSize     = 64 << 20 // content.lock: a line per recorded text, for ever
	MaxTemplateSize = 1 << 20  // a file under templates/: a template, UI words, a stylesheet
	MaxTokenSize    = 1 << 20  // a trusted timestamp, or the PEM file of their roots
)

// ErrNotRegular is the error of ReadFile for a file that is not a regular
// file: a pipe, a socket, a device, or a link to one.
var ErrNotRegular = errors.New("not a regular file")

// ErrTooLarge is the error of ReadFile for a file over its limit.
var ErrTooLarge = errors.New("file too large")

// A FileError is a file of a site that cannot be read, with what to do
// about it.
type FileError struct {
	Path    string
	Problem msg.Text // what is wrong, e.g. "not a regular file (a pipe)"
	Fix     msg.Text
	Err     error // ErrNotRegular, ErrTooLarge, or the file system's error
}

func (e *FileError) Error() string { return e.In(msg.English) }

// In is the error in lang: path: problem — fix.
func (e *FileError) In(lang msg.Lang) string {
	return e.Path + ": " + e.Problem.In(lang) + " — " + e.Fix.In(lang)
}

func (e *FileError) Unwrap() error { return e.Err }

// ReadFile reads a file of the site, of at most limit bytes. Everything
// policysite reads from a site folder is read through it: a pipe under a
// file's name would block the build for ever, and a link to /dev/zero, or
// any file without end, would fill the memory. The file is opened without
// blocking (where the system allows) and refused unless it is a regular
// file, after symbolic links are followed; its size is not trusted, since
// a file can grow while it is read. The error is a *FileError.
func ReadFile(path string, limit int64) ([]byte, error) {
	f, err := openFile(path)
	if err != nil {
		return nil, readError(path, err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, readError(path, err)
	}
	if !info.Mode().IsRegular() {
		return nil, notRegular(path, info.Mode())
	}
	var data []byte
	if info.Size() < limit {
		data = make([]byte, 0, info.Size()+1) // +1 to see the end without growing
	}
	data, err = readAll(io.LimitReader(f, limit+1), data)
	if err != nil {
		return nil, readError(path, err)
	}
	if int64(len(data)) > limit {
		return nil, &FileError{Path: path, Problem: msg.T("file.too-large", sizeText(limit)),
			Fix: msg.T("file.too-large.fix"), Err: ErrTooLarge}
	}
	return data, nil
}

// openFile opens path for reading, as ReadFile needs: a pipe must not
// block, and the check that it is a regular file is made on the file
// opened, so that a name replaced in between cannot slip past it.
func openFile(path string) (*os.File, error) {
	if nonBlock == 0 {
		// Without O_NONBLOCK, opening a pipe would wait for a writer.
		if info, err := os.Stat(path); err != nil {
			return nil, err
		} else if !info.Mode().IsRegular() {
			return nil, notRegular(path, info.Mode())
		}
	}
	f, err := os.OpenFile(path, os.O_RDONLY|nonBlock, 0)
	if err != nil {
		// A socket cannot be opened at all: say what it is.
		if info, serr := os.Stat(path); serr == nil && !info.Mode().IsRegular() {
			return nil, notRegular(path, info.Mode())
		}
	}
	return f, err
}

func notRegular(path string, m fs.FileMode) error {
	return &FileError{Path: path, Problem: msg.T("file.not-regular", kindOf(m)),
		Fix: msg.T("file.not-regular.fix"), Err: ErrNotRegular}
}

func readError(path string, err error) error {
	if fe, ok := err.(*FileError); ok {
		return fe
	}
	fix := msg.T("fix.permissions-file")
	if errors.Is(err, fs.ErrNotExist) {
		fix = msg.T("file.missing.fix")
	}
	return &FileError{Path: path, Problem: msg.T("content.unreadable", unwrapPathError(err)), Fix: fix, Err: err}
}

func kindOf(m fs.FileMode) msg.Text {
	switch {
	case m.IsDir():
		return msg.T("file.kind.folder")
	case m&fs.ModeNamedPipe != 0:
		return msg.T("file.kind.pipe")
	case m&fs.ModeSocket != 0:
		return msg.T("file.kind.socket")
	case m&fs.ModeDevice != 0:
		return msg.T("file.kind.device")
	}
	return msg.T("file.kind.other")
}

func sizeText(n int64) string {
	if n >= 1<<20 {
		return strconv.FormatInt(n>>20, 10) + " MB"
	}
	return strconv.FormatInt(n>>10, 10) + " kB"
}
