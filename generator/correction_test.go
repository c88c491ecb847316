package generator

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"policysite/generator/content"
	"policysite/generator/msg"
	"policysite/internal/sitegen"
)

// A correction keeps the first wording readable: the publishing build
// keeps every text it records in published/, and the pages of a corrected
// revision show the text as first published and what the correction
// changed.
func TestCorrectionKeepsFirstText(t *testing.T) {
	first := "---\ntitle: P\nsummary: Først.\n---\nRing oss på telefon 12 34 56 78.\n"
	corrected := "---\ntitle: P\nsummary: Først.\ncorrection: Rettet feil telefonnummer.\n---\nRing oss på telefon 87 65 43 21.\n"
	dir := sitegen.Files(t, map[string]string{
		"site.yaml":                        "title: T\nbaseURL: https://example.no/\n",
		"content/personvern/2026-12-01.md": strings.ReplaceAll(first, "\n", "\r\n"), // kept with LF line ends
	})
	dest := filepath.Join(t.TempDir(), "public")
	build := func(now string) *Result {
		t.Helper()
		res, err := Build(Options{Source: dir, Dest: dest, Clock: day(now), Record: true})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	sum := func(s string) string {
		h := sha256.Sum256([]byte(s))
		return hex.EncodeToString(h[:])
	}
	firstSHA := sum(first)
	copyFile := filepath.Join(dir, content.PublishedDir, firstSHA+".md")

	if res := build("2026-12-01"); res.Copies != 1 {
		t.Errorf("the build kept %d copies, want 1", res.Copies)
	}
	if data, err := os.ReadFile(copyFile); err != nil || string(data) != first {
		t.Fatalf("the text recorded is not kept as published, with LF line ends: %q %v", data, err)
	}
	if res := build("2026-12-01"); res.Copies != 0 {
		t.Errorf("a build with nothing new kept %d copies", res.Copies)
	}
	// A text on record without its copy (a record from before copies were
	// kept) is copied while its file still holds it, and nothing recorded.
	lockBefore, _ := os.ReadFile(filepath.Join(dir, content.LockFile))
	if err := os.Remove(copyFile); err != nil {
		t.Fatal(err)
	}
	if res := build("2026-12-02"); res.Copies != 1 || len(res.Recorded) != 0 {
		t.Errorf("the missing copy was not written (%d), or something recorded: %v", res.Copies, res.Recorded)
	}
	if lock, _ := os.ReadFile(filepath.Join(dir, content.LockFile)); !bytes.Equal(lock, lockBefore) {
		t.Errorf("the record changed:\n%s", lock)
	}
	if data, err := os.ReadFile(copyFile); err != nil || string(data) != first {
		t.Fatalf("the copy written again: %q %v", data, err)
	}

	rev := filepath.Join(dir, "content", "personvern", "2026-12-01.md")
	if err := os.WriteFile(rev, []byte(corrected), 0o644); err != nil {
		t.Fatal(err)
	}
	build("2026-12-03")
	if _, err := os.Stat(filepath.Join(dir, content.PublishedDir, sum(corrected)+".md")); err != nil {
		t.Errorf("the corrected text is not kept: %v", err)
	}
	read := func(name string) string {
		t.Helper()
		data, err := os.ReadFile(filepath.Join(dest, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	page := read("personvern/2026-12-01/index.html")
	for _, want := range []string{`2026-12-01/first/"`, `2026-12-01/correction/"`, "Les teksten slik den først ble publisert", "87 65 43 21"} {
		if !strings.Contains(page, want) {
			t.Errorf("the corrected revision's page lacks %q", want)
		}
	}
	firstPage := read("personvern/2026-12-01/first/index.html")
	for _, want := range []string{"12 34 56 78", "Dette er teksten slik den først ble publisert.", "Rettet 3.\u00a0desember\u00a02026:", "Rettet feil telefonnummer.", `personvern/2026-12-01/"`, `2026-12-01/correction/"`} {
		if !strings.Contains(firstPage, want) {
			t.Errorf("the page of the first text lacks %q", want)
		}
	}
	if strings.Contains(firstPage, "87 65 43 21") {
		t.Error("the page of the first text shows the corrected text")
	}
	diffPage := read("personvern/2026-12-01/correction/index.html")
	for _, want := range []string{"<del>12 34 56 78</del>", "<ins>87 65 43 21</ins>", "Rettet feil telefonnummer.", `2026-12-01/first/"`} {
		if !strings.Contains(diffPage, want) {
			t.Errorf("the page of what the correction changed lacks %q", want)
		}
	}
	if hist := read("personvern/history/index.html"); !strings.Contains(hist, `2026-12-01/correction/">Se hva rettelsen endret`) {
		t.Error("the history does not link to what the correction changed")
	}
	if sitemap := read("sitemap.xml"); !strings.Contains(sitemap, "https://example.no/personvern/2026-12-01/first/") || !strings.Contains(sitemap, "https://example.no/personvern/2026-12-01/correction/") {
		t.Errorf("the sitemap lacks the correction's pages:\n%s", sitemap)
	}
	var v struct {
		Revisions []struct {
			FirstSHA256   string `json:"first_sha256"`
			FirstURL      string `json:"first_url"`
			CorrectionURL string `json:"correction_url"`
		}
	}
	if err := json.Unmarshal([]byte(read("personvern/versions.json")), &v); err != nil || len(v.Revisions) != 1 {
		t.Fatal(err)
	}
	if r := v.Revisions[0]; r.FirstSHA256 != firstSHA || r.FirstURL != "/personvern/2026-12-01/first/" || r.CorrectionURL != "/personvern/2026-12-01/correction/" {
		t.Errorf("versions.json: %+v", r)
	}
	if fs, err := Verify(dir, dest, &content.Clock{Real: day("2026-12-03").Real}); err != nil || len(fs) != 0 {
		t.Errorf("the build does not verify: %v %v", fs, err)
	}
	findings, err := Check(dir, day("2026-12-03"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range findings {
		if strings.Contains(f.Message.ID, "published.") {
			t.Errorf("check: %s", f.WithLevel(msg.English))
		}
	}

	// A copy that is not the text its name gives is an error.
	if err := os.WriteFile(copyFile, []byte(strings.Replace(first, "12 34", "99 99", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Build(Options{Source: dir, Dest: dest, Clock: day("2026-12-03")})
	if err == nil || !strings.Contains(err.Error(), copyFile+": is not the text its name gives") || !strings.Contains(err.Error(), "must be "+firstSHA) {
		t.Errorf("a tampered copy passed: %v", err)
	}

	// Without the copy (a record from before copies were kept), check
	// warns with the fix, and the page says the first wording is not kept.
	if err := os.Remove(copyFile); err != nil {
		t.Fatal(err)
	}
	findings, err = Check(dir, day("2026-12-03"))
	if err != nil {
		t.Fatal(err)
	}
	var warned string
	for _, f := range findings {
		if f.Message.ID == "published.first-missing" {
			warned = f.WithLevel(msg.English) + " " + f.Fix.In(msg.English)
		}
	}
	if !strings.Contains(warned, rev+":4: warning:") || !strings.Contains(warned, "git show <commit>:./"+filepath.ToSlash(rev)+" > published/"+firstSHA+".md") ||
		!strings.Contains(warned, "must be "+firstSHA) {
		t.Errorf("check did not warn of the missing first text with the fix: %q", warned)
	}
	if _, err := Build(Options{Source: dir, Dest: dest, Clock: day("2026-12-03")}); err != nil {
		t.Fatal(err)
	}
	page = read("personvern/2026-12-01/index.html")
	if !strings.Contains(page, "Teksten slik den først ble publisert, er ikke tatt vare på her.") || strings.Contains(page, `2026-12-01/first/"`) {
		t.Error("the page does not say the first wording is not kept")
	}
	if _, err := os.Stat(filepath.Join(dest, "personvern", "2026-12-01", "first")); err == nil {
		t.Error("a page of the first text was made without the text")
	}
	if !bytes.Contains([]byte(read("personvern/versions.json")), []byte(`"first_sha256": "`+firstSHA+`"`)) {
		t.Error("versions.json lost the first text's sha256")
	}
}

// A copy that cannot be written fails the publishing build before the
// record is written: nothing is recorded, and no copy is left behind.
func TestCopyUnwritten(t *testing.T) {
	text := "---\ntitle: P\nsummary: Først.\n---\nTekst.\n"
	dir := sitegen.Files(t, map[string]string{
		"site.yaml":                        "title: T\nbaseURL: https://example.no/\n",
		"content/personvern/2026-12-02.md": text,
		"content/personvern/2027-01-15.md": "---\ntitle: P\nsummary: Andre.\npublished: 2026-12-02\n---\nTekst to.\n",
	})
	sum := sha256.Sum256([]byte(text))
	blocker := filepath.Join(dir, content.PublishedDir, hex.EncodeToString(sum[:])+".md.new")
	if err := os.MkdirAll(blocker, 0o755); err != nil { // where the copy is written first
		t.Fatal(err)
	}
	dest := filepath.Join(t.TempDir(), "public")
	_, err := Build(Options{Source: dir, Dest: dest, Clock: day("2026-12-02"), Record: true})
	if err == nil || !strings.Contains(err.Error(), "the record could not be written") {
		t.Fatalf("a copy that could not be written passed: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, content.LockFile)); err == nil {
		t.Error("the record was written without the copies")
	}
	if entries, _ := os.ReadDir(filepath.Join(dir, content.PublishedDir)); len(entries) != 1 {
		t.Errorf("copies were left behind: %v", entries)
	}
	if _, err := os.Stat(dest); err == nil {
		t.Error("the site was put out")
	}
	if err := os.Remove(blocker); err != nil {
		t.Fatal(err)
	}
	if _, err := Build(Options{Source: dir, Dest: dest, Clock: day("2026-12-02"), Record: true}); err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(filepath.Join(dir, content.PublishedDir)); len(entries) != 2 {
		t.Errorf("published/ holds %v, want the two texts recorded", entries)
	}
}
