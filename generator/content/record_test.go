package content

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"policysite/generator/diag"
	"policysite/internal/sitegen"
)

func loadRecorded(t *testing.T, dir string) (*Site, *Lock) {
	t.Helper()
	site, err := Load(dir, Options{Languages: themeLangs})
	if err != nil {
		t.Fatal(err)
	}
	lock, err := ReadLock(dir)
	if err != nil {
		t.Fatal(err)
	}
	site.UseLock(lock)
	return site, lock
}

// The day a revision is published is the record's: the front matter's
// published: can hold a revision back, never make it earlier.
func TestPublicationDay(t *testing.T) {
	dir := sitegen.Files(t, map[string]string{
		"site.yaml":                        okSite,
		"content/personvern/2025-01-01.md": rev("A", "history", "published: 2024-12-01\n"),
	})
	site, lock := loadRecorded(t, dir)
	today := day("2026-12-01")
	clock := Clock{Day: today, Real: today}
	if _, err := site.Record(today, RecordOptions{History: true}); err != nil {
		t.Fatal(err)
	}
	if err := lock.Write(dir); err != nil {
		t.Fatal(err)
	}
	sitegen.FilesIn(t, dir, map[string]string{
		"content/personvern/2027-03-01.md": rev("B", "backdated", "published: 2026-11-01\n"),
		"content/personvern/2027-06-01.md": rev("C", "held back", "published: 2027-04-01\n"),
	})
	site, _ = loadRecorded(t, dir)
	// Not on record yet: the earliest it can go out, today.
	if got := Date(site.On(clock).Of(site.Series[0].Revisions[1]).Published); got != "2026-12-01" {
		t.Errorf("not yet recorded: published %s", got)
	}
	if _, err := site.Record(today, RecordOptions{}); err != nil {
		t.Fatal(err)
	}
	on := site.On(clock)
	for i, want := range []string{"2024-12-01", "2026-12-01", "2027-04-01"} {
		if got := Date(on.Of(site.Series[0].Revisions[i]).Published); got != want {
			t.Errorf("revision %d: published %s, want %s", i, got, want)
		}
	}
	// A build for a day long gone shows the record's days all the same.
	past := Clock{Day: day("2026-11-15"), Real: today}
	if st := site.On(past).Of(site.Series[0].Revisions[1]); st.Status != StatusDraft || Date(st.Published) != "2026-12-01" {
		t.Errorf("as of 2026-11-15: %s, published %s", st.Status, Date(st.Published))
	}
	w := site.On(clock).Warnings()
	if len(w) != 1 || w[0].Line != 4 || w[0].Level != diag.Warning || !strings.Contains(w[0].Message.String(), "published: 2026-11-01 is earlier than 2026-12-01") {
		t.Errorf("warnings: %v", w)
	}
}

// The record is read whole, however long a line; a line recorded on a day
// to come, or out of order, is an error.
func TestReadLockDamaged(t *testing.T) {
	sha := strings.Repeat("a", 64)
	for _, tt := range []struct {
		name, lock, want string
	}{
		{"long line", lockHeader + "\np/2026-01-01.md 2026-01-01 " + sha + "\n" + strings.Repeat("x", 70000) + "\np/2026-02-01.md 2026-02-01 " + sha + "\n", "content.lock:3: line 3 of the record is damaged (70000 characters"},
		{"no header", "\np/2026-01-01.md 2026-01-01 " + sha + "\n", "content.lock:2: the record does not start with the line that says its format"},
		{"old format with a publication day", oldLockHeader + "\np/2026-01-01.md 2026-02-01 " + sha + " published 2025-12-01\n", "content.lock:2: line 2 of the record is damaged"},
		{"a later text, not a correction", lockHeader + "\np/2026-01-01.md 2026-02-01 " + sha + "\np/2026-01-01.md 2026-02-05 " + strings.Repeat("b", 64) + "\n", "content.lock:3: this line records another text of p/2026-01-01.md (line 2 has the first), but not as a correction"},
		{"a correction without its hash", lockHeader + "\np/2026-01-01.md 2026-02-01 " + sha + "\np/2026-01-01.md 2026-02-05 " + strings.Repeat("b", 64) + " corrected\n", "content.lock:3: this line records another text"},
		{"out of order", lockHeader + "\np/2026-01-01.md 2026-02-01 " + sha + "\np/2026-01-01.md 2026-01-05 " + sha + " corrected\n", "content.lock:3: this line records p/2026-01-01.md on 2026-01-05, before the line above it"},
		{"published after recorded", lockHeader + "\np/2026-01-01.md 2026-02-01 " + sha + " published 2026-03-01\n", "content.lock:2: line 2 of the record is damaged"},
		{"not a revision", lockHeader + "\n../x.md 2026-02-01 " + sha + "\n", "content.lock:2: line 2 of the record is damaged"},
		{"escape after the hash", lockHeader + "\np/2026-01-01.md 2026-02-01 " + sha + "\x1b[1A\x1b[2K\n", "content.lock:2: line 2 of the record is damaged: a control character (U+001B, escape)"},
		{"escape in a comment", lockHeader + "\n# \x1b]0;title\x07\np/2026-01-01.md 2026-02-01 " + sha + "\n", "content.lock:2: line 2 of the record is damaged: a control character (U+001B, escape)"},
		{"lone CR", lockHeader + "\np/2026-01-01.md 2026-02-01\r" + sha + "\n", "content.lock:2: line 2 of the record is damaged: a carriage return"},
		{"vertical tab as a separator", lockHeader + "\np/2026-01-01.md\v2026-02-01 " + sha + "\n", "content.lock:2: line 2 of the record is damaged: a control character (U+000B, vertical tab)"},
		{"C1 next line as a separator", lockHeader + "\np/2026-01-01.md\u00852026-02-01 " + sha + "\n", "content.lock:2: line 2 of the record is damaged: a control character (U+0085, next line)"},
		{"no-break space as a separator", lockHeader + "\np/2026-01-01.md\u00a02026-02-01 " + sha + "\n", "content.lock:2: line 2 of the record is damaged ("},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := sitegen.Files(t, map[string]string{LockFile: tt.lock})
			_, err := ReadLock(dir)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want %q", err, tt.want)
			}
		})
	}
}

func TestRecordFromTheFuture(t *testing.T) {
	dir := sitegen.Files(t, map[string]string{
		"site.yaml":                        okSite,
		"content/personvern/2026-01-01.md": rev("A", "first"),
	})
	site, _ := loadRecorded(t, dir)
	if _, err := site.Record(day("2026-12-24"), RecordOptions{History: true}); err != nil {
		t.Fatal(err)
	}
	err := site.checkRecord(day("2026-12-01"))
	if err == nil || !strings.Contains(err.Error(), "records personvern/2026-01-01.md on 2026-12-24, a day that has not come yet (today is 2026-12-01)") {
		t.Errorf("got %v", err)
	}
}

// A record that cannot be written is not half written, and leaves no
// temporary file behind.
func TestLockWriteFails(t *testing.T) {
	dir := sitegen.Files(t, map[string]string{
		"site.yaml":                        okSite,
		"content/personvern/2026-01-01.md": rev("A", "first"),
	})
	site, lock := loadRecorded(t, dir)
	if _, err := site.Record(day("2026-12-01"), RecordOptions{History: true}); err != nil {
		t.Fatal(err)
	}
	// content.lock as a folder: the rename over it fails, as a full disk
	// fails the write before it.
	if err := os.Mkdir(filepath.Join(dir, LockFile), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := lock.Write(dir); err == nil {
		t.Fatal("no error")
	}
	if _, err := os.Stat(filepath.Join(dir, LockFile+".new")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("%s.new left behind: %v", LockFile, err)
	}
}

// A record of the earlier format is read as that format meant it, and
// written in the new one with the same days.
func TestLockUpgrade(t *testing.T) {
	dir := sitegen.Files(t, map[string]string{
		"site.yaml":                        okSite,
		"content/personvern/2025-01-01.md": rev("A", "first", "published: 2024-12-01\n"),
		"content/personvern/2026-06-01.md": rev("B", "second", "published: 2026-05-01\n"),
	})
	site, _ := loadRecorded(t, dir)
	var old strings.Builder
	old.WriteString("# policysite: the sha256 of every published revision, written by policysite build.\n")
	for _, r := range site.Series[0].Revisions {
		old.WriteString(site.lockKey(r) + " 2026-05-02 " + r.TextSHA256 + "\n")
	}
	sitegen.FilesIn(t, dir, map[string]string{LockFile: old.String()})
	site, lock := loadRecorded(t, dir)
	recs, err := site.Record(day("2026-12-01"), RecordOptions{})
	if err != nil || len(recs) != 0 || !lock.Changed() {
		t.Fatalf("%v %v %v", recs, err, lock.Changed())
	}
	if err := lock.Write(dir); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(filepath.Join(dir, LockFile))
	if !strings.HasPrefix(string(data), lockHeader) || !strings.Contains(string(data), " published 2024-12-01\n") || !strings.Contains(string(data), " published 2026-05-01\n") {
		t.Errorf("upgraded:\n%s", data)
	}
}

// timestamp: and timestampRoots: in site.yaml, and what is wrong with them.
func TestTimestampConfig(t *testing.T) {
	for _, tt := range []struct {
		yaml, want string
		urls       int
	}{
		{"timestamp: https://tsa.example/tsr\ntimestampRoots: timestamps/roots.pem\n", "", 1},
		{"timestamp: [https://a.example/tsr, http://b.example/]\ntimestampRoots: roots.pem\n", "", 2},
		{"timestampRoots: timestamps/roots.pem\n", "", 0},
		{"timestamp: https://tsa.example/tsr\n", "site.yaml:5: timestamp: needs timestampRoots:", 1},
		{"timestamp: ftp://tsa.example/\ntimestampRoots: r.pem\n", `site.yaml:5: timestamp "ftp://tsa.example/" is not an absolute web address`, 0},
		{"timestamp: [https://a.example/x, https://a.example/y]\ntimestampRoots: r.pem\n", "site.yaml:5: timestamp names a.example twice", 1},
		{"timestamp: https://a.example/\ntimestampRoots: ../roots.pem\n", `site.yaml:6: timestampRoots "../roots.pem" is outside the site folder`, 1},
	} {
		var errs diag.List
		c := parseConfig(diags{file: "site.yaml", list: &errs}, []byte(okSite+tt.yaml), themeLangs)
		got := errs.Error()
		if tt.want == "" && len(errs) > 0 || tt.want != "" && !strings.Contains(got, tt.want) || len(c.Timestamp) != tt.urls {
			t.Errorf("%q: %d addresses, errors %q; want %d, %q", tt.yaml, len(c.Timestamp), got, tt.urls, tt.want)
		}
	}
}

// A byte-order mark an editor added is not a damage.
func TestReadLockBOM(t *testing.T) {
	dir := sitegen.Files(t, map[string]string{LockFile: "\xef\xbb\xbf" + lockHeader + "\r\np/2026-01-01.md 2026-01-01 " + strings.Repeat("a", 64) + "\r\n"})
	l, err := ReadLock(dir)
	if err != nil || l.Empty() {
		t.Errorf("%v", err)
	}
}

// A translation added later of a revision on record is recorded as
// published on the day it goes out, not refused as a history and not
// judged by the lead-time rule, which its original's notice met.
func TestRecordLaterTranslation(t *testing.T) {
	dir := sitegen.Files(t, map[string]string{
		"site.yaml":                        okSite,
		"content/personvern/2025-01-01.md": rev("A", "first", "published: 2024-12-01\n"),
		"content/personvern/2027-01-15.md": rev("B", "next", "published: 2026-11-01\n"),
	})
	site, lock := loadRecorded(t, dir)
	if _, err := site.Record(day("2026-11-20"), RecordOptions{History: true}); err != nil {
		t.Fatal(err)
	}
	if err := lock.Write(dir); err != nil {
		t.Fatal(err)
	}
	sitegen.FilesIn(t, dir, map[string]string{
		"content/personvern/2025-01-01.en.md": rev("A", "first, in English"),
		"content/personvern/2027-01-15.en.md": rev("B", "next, in English", "published: 2026-12-01\n"),
	})
	site, _ = loadRecorded(t, dir)
	today := day("2027-01-01")
	clock := Clock{Day: today, Real: today}
	if err := site.On(clock).Check(); err != nil {
		t.Errorf("check: %v", err)
	}
	if w := site.On(clock).Warnings(); len(w) != 1 || !strings.Contains(w[0].Message.String(), "published: 2026-12-01 has passed; this revision is not on record yet, so it is published on the day the publishing build records it, 2027-01-01 at the earliest") {
		t.Errorf("warnings: %v", w)
	}
	recs, err := site.Record(today, RecordOptions{})
	if err != nil || len(recs) != 2 || recs[0].History || Date(recs[0].Published) != "2027-01-01" {
		t.Errorf("recorded %+v, %v", recs, err)
	}
}

// A line that records a correction the revision does not give was
// written by hand: an error. A backdated revision's advice names a day
// after the newest on record.
func TestRecordForged(t *testing.T) {
	dir := sitegen.Files(t, map[string]string{
		"site.yaml":                        okSite,
		"content/personvern/2025-01-01.md": rev("A", "first", "published: 2024-12-01\n"),
		"content/personvern/2027-03-01.md": rev("B", "next", "published: 2026-11-01\n"),
	})
	site, lock := loadRecorded(t, dir)
	if _, err := site.Record(day("2026-11-20"), RecordOptions{History: true}); err != nil {
		t.Fatal(err)
	}
	if err := lock.Write(dir); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(filepath.Join(dir, LockFile))
	r := site.Series[0].Revisions[0]
	forged := string(data) + "personvern/2025-01-01.md 2026-11-21 " + r.TextSHA256 + " corrected 0123456789ab\n"
	sitegen.FilesIn(t, dir, map[string]string{LockFile: forged, "content/personvern/2026-06-01.md": rev("C", "slipped in")})
	site, _ = loadRecorded(t, dir)
	today := day("2026-12-01")
	err := site.checkRecord(today)
	if err == nil || !strings.Contains(err.Error(), "records a correction of personvern/2025-01-01.md on 2026-11-21 that the revision's correction: does not give") {
		t.Errorf("forged correction: %v", err)
	}
	if err == nil || !strings.Contains(err.Error(), "2026-06-01.md:1: this revision is not on record and takes effect on 2026-06-01, before 2027-03-01") ||
		!strings.Contains(err.Error(), "take effect on 2027-03-02 or later") || !strings.Contains(err.Error(), "git checkout content.lock") {
		t.Errorf("backdated: %v", err)
	}
}

// Revisions go on record in the order they take effect: one may not go
// out while an earlier one is held back. A new document whose first
// revision is not yet in force goes out now, whatever its published:
// says; and a history recorded on purpose takes its translations with it.
func TestRecordOrder(t *testing.T) {
	dir := sitegen.Files(t, map[string]string{
		"site.yaml":                           okSite,
		"content/personvern/2025-01-01.md":    rev("A", "first", "published: 2024-12-01\n"),
		"content/personvern/2025-01-01.en.md": rev("A", "first, in English", "published: 2024-12-01\n"),
		"content/personvern/2027-06-01.md":    rev("B", "held back", "published: 2027-04-01\n"),
		"content/vilkar/2027-02-01.md":        rev("V", "new terms", "published: 2026-11-20\n"),
	})
	site, lock := loadRecorded(t, dir)
	today := day("2026-12-01")
	recs, err := site.Record(today, RecordOptions{History: true})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range recs {
		got[filepath.Base(filepath.Dir(r.Path))+"/"+filepath.Base(r.Path)] = Date(r.Published)
	}
	if got["personvern/2025-01-01.en.md"] != "2024-12-01" || got["personvern/2025-01-01.md"] != "2024-12-01" || got["vilkar/2027-02-01.md"] != "2026-11-20" || len(got) != 3 {
		t.Errorf("recorded %v", got)
	}
	if err := lock.Write(dir); err != nil {
		t.Fatal(err)
	}
	// Later: a revision that would go out before the one held back.
	sitegen.FilesIn(t, dir, map[string]string{
		"content/personvern/2027-08-01.md":      rev("C", "later", "published: 2026-12-01\n"),
		"content/tilgjengelighet/2027-03-01.md": rev("T", "a new document, begun before it was merged", "published: 2026-11-25\n"),
	})
	site, _ = loadRecorded(t, dir)
	err = site.checkRecord(today)
	if err == nil || !strings.Contains(err.Error(), "2027-08-01.md:1: this revision would go out now, before") || !strings.Contains(err.Error(), "held back until 2027-04-01") {
		t.Errorf("out of order: %v", err)
	}
	if strings.Contains(fmt.Sprint(err), "tilgjengelighet") {
		t.Errorf("a new document not yet in force was refused: %v", err)
	}
	if w := site.On(Clock{Day: today, Real: today}).Warnings(); strings.Contains(fmt.Sprint(w), "nothing on record") {
		t.Errorf("warned as a history: %v", w)
	}
}

// correction: is for a revision already published: on a new one it would
// tell readers of a mistake the site never made. A site without a record
// cannot tell, and is not judged.
func TestCorrectionUnpublished(t *testing.T) {
	dir := sitegen.Files(t, map[string]string{
		"site.yaml":                        okSite,
		"content/personvern/2025-01-01.md": rev("A", "first", "published: 2024-12-01\n"),
	})
	site, lock := loadRecorded(t, dir)
	if _, err := site.Record(day("2026-11-20"), RecordOptions{History: true}); err != nil {
		t.Fatal(err)
	}
	if err := lock.Write(dir); err != nil {
		t.Fatal(err)
	}
	sitegen.FilesIn(t, dir, map[string]string{"content/personvern/2027-01-01.md": rev("B", "next", "reason: editorial\ncorrection: Rettet noe\n")})
	site, _ = loadRecorded(t, dir)
	today := day("2026-12-01")
	err := site.checkRecord(today)
	if err == nil || !strings.Contains(err.Error(), "2027-01-01.md:5: correction: is for a revision already published, and this one is not — remove correction:") {
		t.Errorf("a correction on a new revision: %v", err)
	}

	// Without a record (no content.lock), nothing is known to be
	// unpublished: the correction stands.
	bare := sitegen.Files(t, map[string]string{
		"site.yaml":                        okSite,
		"content/personvern/2025-01-01.md": rev("A", "first", "published: 2024-12-01\n", "correction: Rettet noe\n"),
	})
	site, _ = loadRecorded(t, bare)
	if err := site.checkRecord(today); err != nil {
		t.Errorf("a correction on a site without a record: %v", err)
	}
}
