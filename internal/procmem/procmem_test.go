package procmem

import (
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
)

// Reading a mapped file makes it resident; unmapping it lets it go.
func TestMappedResident(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("only Linux keeps the figures")
	}
	name := filepath.Join(t.TempDir(), "f")
	const size = 32 << 20
	if err := os.WriteFile(name, make([]byte, size), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	before := MappedResident(t)
	b, err := syscall.Mmap(int(f.Fd()), 0, size, syscall.PROT_READ, syscall.MAP_SHARED|syscall.MAP_POPULATE)
	if err != nil {
		t.Fatal(err)
	}
	if n := MappedResident(t) - before; n < size/2 {
		t.Errorf("%d kB more after mapping %d kB whole", n>>10, size>>10)
	}
	syscall.Munmap(b)
	if n := MappedResident(t) - before; n > 4<<20 {
		t.Errorf("%d kB more after unmapping", n>>10)
	}
}
