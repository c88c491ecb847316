package generator

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"policysite/generator/content"
	"policysite/generator/stamp"
	"policysite/generator/stamp/stamptest"
	"policysite/internal/sitegen"
)

// stampedSite is a site whose site.yaml names tsa, with one revision not
// yet on record.
func stampedSite(t *testing.T, tsa *stamptest.Server) string {
	t.Helper()
	return sitegen.Files(t, map[string]string{
		"site.yaml":                        "title: T\nbaseURL: https://example.no/\ntimeZone: Europe/Oslo\ntimestamp: " + tsa.URL + "\ntimestampRoots: timestamps/roots.pem\n",
		"timestamps/roots.pem":             string(tsa.RootsPEM),
		"content/personvern/2026-11-26.md": "---\ntitle: P\nsummary: Først.\npublished: 2026-11-26\n---\nTekst.\n",
	})
}

func startTSA(t *testing.T) *stamptest.Server {
	t.Helper()
	tsa, err := stamptest.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(tsa.Close)
	// The token's time: the morning of the day the tests run as.
	tsa.SetClock(func() time.Time { return time.Date(2026, 11, 26, 8, 30, 0, 0, time.UTC) })
	return tsa
}

var quickRetry = &stamp.Client{Backoff: time.Millisecond}

// The publishing build asks for a token over each text it records, keeps
// it beside the record, and the site shows it with where to check it.
func TestRecordStamps(t *testing.T) {
	tsa := startTSA(t)
	dir := stampedSite(t, tsa)
	dest := filepath.Join(t.TempDir(), "public")
	res, err := Build(Options{Source: dir, Dest: dest, Clock: day("2026-11-26"), Record: true, Stamper: quickRetry})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Recorded) != 1 {
		t.Fatalf("recorded %v", res.Recorded)
	}
	host := strings.ReplaceAll(strings.Split(tsa.URL, "/")[2], ":", "-")
	name := res.Recorded[0].SHA256 + "." + host + ".tsr"
	if _, err := os.Stat(filepath.Join(dir, content.StampsDir, name)); err != nil {
		t.Fatalf("no token kept: %v", err)
	}
	versions, _ := os.ReadFile(filepath.Join(dest, "personvern", "versions.json"))
	if !bytes.Contains(versions, []byte(`"time": "2026-11-26T08:30:00Z"`)) || !bytes.Contains(versions, []byte(`"token": "/timestamps/`+name+`"`)) ||
		!bytes.Contains(versions, []byte(`"digest": "`+res.Recorded[0].SHA256+`"`)) {
		t.Errorf("versions.json:\n%s", versions)
	}
	history, _ := os.ReadFile(filepath.Join(dest, "personvern", "history", "index.html"))
	if !bytes.Contains(history, []byte("<time datetime=\"2026-11-26T08:30:00Z\">26.\u00a0november\u00a02026, 09:30 CET</time>, stamptest TSA (")) || !bytes.Contains(history, []byte("openssl ts -verify")) {
		t.Errorf("the history page does not show the timestamp")
	}
	for _, f := range []string{name, "roots.pem"} {
		if _, err := os.Stat(filepath.Join(dest, content.StampsDir, f)); err != nil {
			t.Errorf("not published: %v", err)
		}
	}
	// check and verify find every token good; a second record asks for none.
	if findings, err := Check(dir, day("2026-11-27")); err != nil || len(findings) != 0 {
		t.Errorf("check: %v %v", findings, err)
	}
	if findings, err := Verify(dir, dest, &content.Clock{Real: day("2026-11-26").Real}); err != nil || len(findings) != 0 {
		t.Errorf("verify: %v %v", findings, err)
	}
	n := tsa.Requests()
	if _, err := Build(Options{Source: dir, Dest: dest, Clock: day("2026-11-26"), Record: true, Stamper: quickRetry}); err != nil || tsa.Requests() != n {
		t.Errorf("a second record asked again: %v, %d requests", err, tsa.Requests()-n)
	}
}

// A token that does not hold is an error of check and verify, each
// saying what is wrong with it.
func TestBadStamps(t *testing.T) {
	tsa := startTSA(t)
	dir := stampedSite(t, tsa)
	dest := filepath.Join(t.TempDir(), "public")
	res, err := Build(Options{Source: dir, Dest: dest, Clock: day("2026-11-26"), Record: true, Stamper: quickRetry})
	if err != nil {
		t.Fatal(err)
	}
	host := strings.ReplaceAll(strings.Split(tsa.URL, "/")[2], ":", "-")
	name := filepath.Join(dir, content.StampsDir, res.Recorded[0].SHA256+"."+host+".tsr")
	good, _ := os.ReadFile(name)
	digest, _ := hex.DecodeString(res.Recorded[0].SHA256)
	other := sha256Of("other bytes")
	stranger, err := stamptest.NewAuthority(stamptest.Options{Name: "someone else"})
	if err != nil {
		t.Fatal(err)
	}
	forged, err := stamptest.Forge(good)
	if err != nil {
		t.Fatal(err)
	}
	overOther, _ := tsa.Token(other, time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC))
	untrusted, _ := stranger.Token(digest, time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC))
	late, _ := tsa.Token(digest, time.Date(2026, 12, 24, 9, 0, 0, 0, time.UTC))
	for _, tt := range []struct {
		name  string
		token []byte
		want  string
	}{
		{"forged", forged, "is forged or damaged: its signature does not hold"},
		{"over other bytes", overOther, "is a timestamp of other bytes than the text its name gives"},
		{"untrusted", untrusted, "is not signed by an authority that chains to the roots in " + filepath.Join(dir, "timestamps", "roots.pem")},
		{"later than recorded", late, "certifies 2026-12-24 09:00:00 UTC, after 2026-11-26, the day content.lock recorded this text"},
		{"garbage", []byte("not a token"), "is not a valid timestamp"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if err := os.WriteFile(name, tt.token, 0o644); err != nil {
				t.Fatal(err)
			}
			findings, err := Check(dir, day("2026-11-27"))
			if err != nil || len(findings) != 1 || findings[0].File != name || !strings.Contains(findings[0].Message.String(), tt.want) {
				t.Errorf("check: %v %v", findings, err)
			}
			if _, err := Verify(dir, dest, &content.Clock{Real: day("2026-11-27").Real}); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("verify: %v", err)
			}
		})
	}
	// A token of a text the record does not have.
	if err := os.WriteFile(name, good, 0o644); err != nil {
		t.Fatal(err)
	}
	stray := filepath.Join(dir, content.StampsDir, hex.EncodeToString(other)+"."+host+".tsr")
	if err := os.WriteFile(stray, overOther, 0o644); err != nil {
		t.Fatal(err)
	}
	if findings, _ := Check(dir, day("2026-11-27")); len(findings) != 1 || !strings.Contains(findings[0].Message.String(), "is a timestamp of a text that content.lock does not record") {
		t.Errorf("a stray token: %v", findings)
	}
}

// An authority that does not answer is asked again; one that never does
// fails the publishing build, and nothing is recorded, stamped or built.
func TestStampUnreachable(t *testing.T) {
	tsa := startTSA(t)
	dir := stampedSite(t, tsa)
	dest := filepath.Join(t.TempDir(), "public")
	tsa.FailNext(2)
	if _, err := Build(Options{Source: dir, Dest: dest, Clock: day("2026-11-26"), Record: true, Stamper: quickRetry}); err != nil {
		t.Fatalf("after two failures and a retry: %v", err)
	}

	dir = stampedSite(t, tsa)
	dest = filepath.Join(t.TempDir(), "public")
	tsa.SetDown(true)
	_, err := Build(Options{Source: dir, Dest: dest, Clock: day("2026-11-26"), Record: true, Stamper: quickRetry})
	if err == nil || !strings.Contains(err.Error(), "no timestamp for "+filepath.Join(dir, "content", "personvern", "2026-11-26.md")) || !strings.Contains(err.Error(), "nothing was recorded or built") {
		t.Fatalf("got %v", err)
	}
	for _, p := range []string{filepath.Join(dir, content.LockFile), dest} {
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Errorf("%s was written", p)
		}
	}
	if ents, _ := os.ReadDir(filepath.Join(dir, content.StampsDir)); len(ents) != 1 { // roots.pem alone
		t.Errorf("tokens left: %v", ents)
	}
}

func sha256Of(s string) []byte {
	sum := sha256.Sum256([]byte(s))
	return sum[:]
}

// Once an authority stamps, every text recorded after has its token: one
// deleted is missing.
func TestMissingStamp(t *testing.T) {
	tsa := startTSA(t)
	dir := stampedSite(t, tsa)
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{Source: dir, Dest: dest, Clock: day("2026-11-26"), Record: true, Stamper: quickRetry}); err != nil {
		t.Fatal(err)
	}
	// The next day: a second revision.
	first, _ := os.ReadFile(filepath.Join(dir, "content", "personvern", "2026-11-26.md"))
	sitegen.FilesIn(t, dir, map[string]string{"content/personvern/2026-12-30.md": strings.Replace(string(first), "published: 2026-11-26", "published: 2026-11-27", 1) + "\nNy tekst.\n"})
	tsa.SetClock(func() time.Time { return time.Date(2026, 11, 27, 8, 30, 0, 0, time.UTC) })
	n := tsa.Requests()
	if _, err := Build(Options{Source: dir, Dest: dest, Clock: day("2026-11-27"), Record: true, Stamper: quickRetry}); err != nil {
		t.Fatal(err)
	}
	if tsa.Requests() != n+1 {
		t.Errorf("%d requests for one new text", tsa.Requests()-n)
	}
	if findings, err := Check(dir, day("2026-11-27")); err != nil || len(findings) > 1 { // at most a warning that the texts are alike
		t.Fatalf("check: %v %v", findings, err)
	}
	tokens, _ := filepath.Glob(filepath.Join(dir, content.StampsDir, "*.tsr"))
	if len(tokens) != 2 {
		t.Fatalf("tokens: %v", tokens)
	}
	// Delete the later one.
	lock, _ := content.ReadLock(dir)
	later := ""
	for d, days := range lock.Digests() {
		if content.Date(days.First) == "2026-11-27" {
			later = d
		}
	}
	for _, tok := range tokens {
		if strings.HasPrefix(filepath.Base(tok), later) {
			os.Remove(tok)
		}
	}
	findings, _ := Check(dir, day("2026-11-28"))
	if !strings.Contains(fmt.Sprint(findings), "is missing: content.lock records the text "+later[:12]) {
		t.Errorf("a deleted token passed: %v", findings)
	}
}
