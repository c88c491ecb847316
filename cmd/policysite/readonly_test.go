package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Only the publishing build (build --record) writes in the site folder:
// check, serve, verify, diff, notice and a build into another folder leave
// every byte of it, every file name and mode as they were, even when there
// are revisions the record does not have yet.
func TestOnlyPublishingRecords(t *testing.T) {
	fixRealDay(t)
	site := filepath.Join(t.TempDir(), "site")
	copyDir(t, "../../examples/demo", site)
	// A revision not on record yet: a build that recorded would record it.
	next := strings.Replace(readFile(t, filepath.Join(site, "content/personvern/2027-06-01.md")), "published: 2027-04-01", "published: 2026-11-20", 1)
	if err := os.WriteFile(filepath.Join(site, "content/personvern/2027-06-01.md"), []byte(next), 0o644); err != nil {
		t.Fatal(err)
	}
	scratch := filepath.Join(t.TempDir(), "scratch")
	before := treeHash(t, site)

	for _, args := range [][]string{
		{"check", "--source", site},
		{"build", "--source", site, "--dest", scratch, "-q"},
		{"build", "--source", site, "--dest", scratch, "--now", "2027-07-01", "-q"},
		{"verify", "--source", site, scratch},
		{"diff", "--source", site, "personvern", "2022-08-01", "2024-05-01"},
		{"notice", "--source", site, "personvern", "2027-06-01"},
	} {
		var out, errOut bytes.Buffer
		if code := run(args, &out, &errOut); code != 0 {
			t.Fatalf("policysite %s: exit %d\n%s%s", strings.Join(args, " "), code, out.String(), errOut.String())
		}
		if after := treeHash(t, site); after != before {
			t.Fatalf("policysite %s changed the site folder", strings.Join(args, " "))
		}
	}

	// serve, as a process: started, asked for pages, stopped.
	cmd := exec.Command("policysite", "serve", "--source", site, "--port", "0")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	started := time.Now()
	line, err := bufio.NewReader(stdout).ReadString('\n') // the signal that it listens
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("serve answered after %s", time.Since(started))
	url := regexp.MustCompile(`http://\S+`).FindString(line)
	for _, p := range []string{"", "personvern/", "personvern/2027-06-01/diff/", "personvern/versions.json"} {
		resp, err := http.Get(url + p)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("serve %s: %d", p, resp.StatusCode)
		}
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	if after := treeHash(t, site); after != before {
		t.Fatal("policysite serve changed the site folder")
	}

	// The publishing build does write: the one exception.
	var out, errOut bytes.Buffer
	if code := run([]string{"build", "--source", site, "--dest", filepath.Join(site, "public"), "--record"}, &out, &errOut); code != 0 {
		t.Fatalf("build --record: exit %d\n%s%s", code, out.String(), errOut.String())
	}
	if !strings.Contains(out.String(), "Recorded "+filepath.Join(site, "content/personvern/2027-06-01.md")) {
		t.Errorf("build --record did not say what it recorded:\n%s", out.String())
	}
}

// fixRealDay makes the real day, which the record goes by, the day the
// scripts run on (POLICYSITE_TEST_TODAY), for the commands run in this
// process and those run as processes, so that a test passes on any day.
func fixRealDay(t *testing.T) {
	today := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	system.now = func() time.Time { return today }
	t.Cleanup(func() { system.now = time.Now })
	t.Setenv("POLICYSITE_TEST_TODAY", "2026-11-26")
}

// treeHash hashes every name, mode and byte under dir.
func treeHash(t *testing.T, dir string) string {
	t.Helper()
	h := sha256.New()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		h.Write([]byte(rel + "\x00" + info.Mode().String() + "\x00"))
		if d.Type().IsRegular() {
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			sum := sha256.Sum256(data)
			h.Write(sum[:])
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// copyDir copies the files under from into to.
func copyDir(t testing.TB, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
