package diskcache

import (
	"bytes"
	"crypto/sha256"
	"debug/elf"
	"io"
	"os"
	"sync"
)

// Version returns what tells this program apart from every other build of
// it: the Go build ID the linker writes near the start of the executable (a
// hash of the program's code, its dependencies and the flags it was built
// with, the same one go tool buildid prints), or else the SHA-256 of the
// whole executable. A key made with it (NewKey) is never met by another
// version, whose code might make other data from the same input.
func Version() []byte { return version() }

var version = sync.OnceValue(func() []byte {
	exe, err := os.Executable()
	if err != nil {
		return nil
	}
	f, err := os.Open(exe)
	if err != nil {
		return nil
	}
	defer f.Close()
	if id := elfBuildID(f); id != nil {
		return id
	}
	// Elsewhere the linker puts the ID in the first 4 KB (Mach-O) or a
	// little further (Windows): go tool buildid reads 32 KB.
	head := make([]byte, 32<<10)
	n, _ := io.ReadFull(f, head)
	if id := buildID(head[:n]); id != nil {
		return id
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil
	}
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return nil
	}
	return h.Sum(nil)
})

// elfBuildID reads the Go build ID from an ELF executable's note
// .note.go.buildid: the name "Go", the type 4, the ID.
func elfBuildID(r io.ReaderAt) []byte {
	ef, err := elf.NewFile(r)
	if err != nil {
		return nil
	}
	sec := ef.Section(".note.go.buildid")
	if sec == nil {
		return nil
	}
	note, err := sec.Data()
	if err != nil || len(note) < 16 {
		return nil
	}
	order := ef.ByteOrder
	nameSize, descSize, kind := order.Uint32(note), order.Uint32(note[4:]), order.Uint32(note[8:])
	const goBuildID = 4
	if nameSize != 4 || kind != goBuildID || string(note[12:16]) != "Go\x00\x00" || uint64(len(note)) < 16+uint64(descSize) {
		return nil
	}
	return bytes.Clone(note[16 : 16+descSize])
}

// buildID finds the Go build ID in the start of an executable:
// \xff Go build ID: "…"\n \xff.
func buildID(head []byte) []byte {
	const (
		prefix = "\xff Go build ID: \""
		suffix = "\"\n \xff"
	)
	i := bytes.Index(head, []byte(prefix))
	if i < 0 {
		return nil
	}
	rest := head[i+len(prefix):]
	j := bytes.Index(rest, []byte(suffix))
	if j <= 0 {
		return nil
	}
	return bytes.Clone(rest[:j])
}
