package generator

import (
	"runtime"
	"testing"

	"policysite/generator/diskcache"
	"policysite/internal/procmem"
)

// A build that reads a large entry through (a replay, the kept pages of
// a large site) holds at most about diskcache.ResidentMax of it and of its
// base at a time: read lets their pages go as the bytes read pass it. (Not
// parallel: it counts the mapped files of the whole process.)
func TestEntryReadLetsGo(t *testing.T) {
	if !diskcache.Mapped || runtime.GOOS != "linux" {
		t.Skip("entries are let go only where Linux maps them")
	}
	disk, err := diskcache.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	mapped := func(name string, size int) []byte {
		t.Helper()
		k := diskcache.NewKey([]byte(name))
		if err := disk.Put(k, make([]byte, size)); err != nil {
			t.Fatal(err)
		}
		data, release, ok := disk.Map(k)
		if !ok {
			t.Fatal("Map: no entry")
		}
		t.Cleanup(release)
		return data
	}
	base := &builtEntry{mapped: mapped("base", 2*diskcache.ResidentMax+12345)}
	e := &builtEntry{mapped: mapped("entry", 2*diskcache.ResidentMax+12345), base: base}
	before, peak := procmem.MappedResident(t), 0
	const step = 1 << 20
	for _, data := range [][]byte{e.mapped, base.mapped} {
		for at := 0; at < len(data); at += step {
			for _, b := range data[at:min(at+step, len(data))] {
				sink += b // read, as a page copied out is
			}
			e.read(min(step, len(data)-at))
			peak = max(peak, procmem.MappedResident(t)-before)
		}
	}
	if total := len(e.mapped) + len(base.mapped); peak > diskcache.ResidentMax+4*step {
		t.Errorf("%d MB of the %d MB read stayed with the process at once", peak>>20, total>>20)
	}
	if peak < step/2 {
		t.Errorf("at most %d kB resident: the test cannot see the mapping", peak>>10)
	}

	// A small entry, mapped whole at once, is kept so however much is read.
	small := &builtEntry{mapped: mapped("small", 8<<20)}
	before = procmem.MappedResident(t)
	small.read(2 * diskcache.ResidentMax)
	if n := procmem.MappedResident(t) - before; n < -1<<20 {
		t.Errorf("%d kB of a small entry let go", -n>>10)
	}
}

var sink byte
