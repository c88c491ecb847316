package content

import (
	"errors"
	"strings"
	"testing"

	"policysite/generator/diag"
	"policysite/internal/sitegen"
)

// An editorial revision that changes a retention period is refused while
// it can still change; once on record it is history, which build accepts
// and check warns of; immaterial: lets it through.
func TestEditorialMaterial(t *testing.T) {
	first := "---\ntitle: P\nsummary: Første versjon.\n---\nVi lagrer målerverdiene i 3 år.\n"
	editorial := func(extra string) string {
		return "---\ntitle: P\nsummary: Rettet skrivefeil.\nreason: editorial\n" + extra + "---\nVi lagrer målerverdiene i 5 år.\n"
	}
	today := day("2026-12-01")
	clock := Clock{Day: today, Real: today}
	check := func(dir string) (errs, warns diag.List) {
		t.Helper()
		site, _ := loadRecorded(t, dir)
		on := site.On(clock)
		if err := on.Check(); err != nil && !errors.As(err, &errs) {
			t.Fatal(err)
		}
		return errs, on.EditorialHistory()
	}

	dir := sitegen.Files(t, map[string]string{
		"site.yaml":                        okSite,
		"content/personvern/2025-01-01.md": first,
	})
	site, lock := loadRecorded(t, dir)
	if _, err := site.Record(today, RecordOptions{History: true}); err != nil {
		t.Fatal(err)
	}
	if err := lock.Write(dir); err != nil {
		t.Fatal(err)
	}
	sitegen.FilesIn(t, dir, map[string]string{"content/personvern/2026-12-01.md": editorial("")})
	errs, warns := check(dir)
	if len(errs) != 1 || errs[0].Line != 6 || !strings.Contains(errs[0].String(), `"målerverdiene i 3 år" → "målerverdiene i 5 år"`) || len(warns) != 0 {
		t.Fatalf("not on record: errors %v, warnings %v; want the retention period refused at line 6", errs, warns)
	}

	sitegen.FilesIn(t, dir, map[string]string{"content/personvern/2026-12-01.md": editorial("immaterial: Vi har alltid lagret dem i 5 år; 3 var en skrivefeil.\n")})
	if errs, warns := check(dir); len(errs)+len(warns) != 0 {
		t.Errorf("with immaterial: errors %v, warnings %v", errs, warns)
	}
	for extra, want := range map[string]string{
		"immaterial: ok\n":                   "3 words or more",
		"immaterial: \"TODO: si hvorfor\"\n": "3 words or more",
	} {
		sitegen.FilesIn(t, dir, map[string]string{"content/personvern/2026-12-01.md": editorial(extra)})
		_, err := Load(dir, Options{Languages: themeLangs})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want an error with %q", extra, err, want)
		}
	}
	sitegen.FilesIn(t, dir, map[string]string{"content/personvern/2026-12-01.md": strings.Replace(editorial("immaterial: Ingen endring i behandlingen.\n"), "reason: editorial", "reason: legal", 1)})
	if _, err := Load(dir, Options{Languages: themeLangs}); err == nil || !strings.Contains(err.Error(), "immaterial: says why an editorial revision is not material, but this one is reason: legal") {
		t.Errorf("immaterial: on a legal revision: %v", err)
	}

	// On record, it is history.
	sitegen.FilesIn(t, dir, map[string]string{"content/personvern/2026-12-01.md": editorial("")})
	site, lock = loadRecorded(t, dir)
	if _, err := site.Record(today, RecordOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := lock.Write(dir); err != nil {
		t.Fatal(err)
	}
	errs, warns = check(dir)
	if len(errs) != 0 || len(warns) != 1 || warns[0].Level != diag.Warning || warns[0].Line != 6 {
		t.Errorf("on record: errors %v, warnings %v; want one warning", errs, warns)
	}
}
