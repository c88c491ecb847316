package generator

import (
	"context"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"policysite/generator/content"
	"policysite/generator/diag"
	"policysite/generator/msg"
	"policysite/generator/stamp"
)

var tokenName = regexp.MustCompile(`^([0-9a-f]{64})\.([A-Za-z0-9.-]+)\.tsr$`)

// tokenFile names the token of a text from an authority: a port, if the
// address has one, joins the host with "-", for file systems without ":".
func tokenFile(digest string, u *url.URL) string {
	return digest + "." + strings.ReplaceAll(u.Host, ":", "-") + ".tsr"
}

// checkStamps verifies every token in the site's timestamps folder
// offline: its signature, its chain to the configured roots, that it is
// over the text its name gives, a text the record has, and that it was
// issued no later than the day that text was recorded. The tokens that
// hold are kept in lock.Tokens, for the pages; the rest are errors.
func checkStamps(site *content.Site, lock *content.Lock) diag.List {
	lock.Tokens = map[string][]content.Token{}
	dir := filepath.Join(site.Dir, content.StampsDir)
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	var errs diag.List
	add := func(file string, m, fix msg.Text) {
		errs = append(errs, diag.Diagnostic{File: file, Level: diag.Error, Message: m, Fix: fix})
	}
	digests := lock.Digests()
	if err != nil {
		add(dir, msg.T("stamps.folder.unreadable", err), msg.T("fix.permissions"))
		return errs
	}
	var roots *x509.CertPool
	rootsFile := ""
	if r := site.Config.TimestampRoots; r != "" {
		rootsFile = filepath.Join(site.Dir, filepath.FromSlash(r))
		if roots, lock.TokenRoots, err = readRoots(rootsFile); err != nil {
			add(rootsFile, problem(err), msg.T("stamps.roots.fix", filepath.ToSlash(rootsFile)))
			return errs
		}
	}
	remove := msg.T("stamps.remove.fix", content.StampsDir)
	for _, e := range entries {
		name := e.Name()
		file := filepath.Join(dir, name)
		if e.IsDir() || !strings.HasSuffix(name, ".tsr") {
			continue // the roots, a README
		}
		m := tokenName.FindStringSubmatch(name)
		if m == nil {
			add(file, msg.T("stamps.bad-name"), remove)
			continue
		}
		digest, host := m[1], m[2]
		days, ok := digests[digest]
		recorded := days.Last
		if !ok {
			add(file, msg.T("stamps.unrecorded", content.LockFile), msg.T("stamps.unrecorded.fix", content.LockFile, remove))
			continue
		}
		if roots == nil {
			add(file, msg.T("stamps.no-roots"), msg.T("stamps.no-roots.fix"))
			continue
		}
		data, err := content.ReadFile(file, content.MaxTokenSize)
		if err != nil {
			add(file, problem(err), remove)
			continue
		}
		sum, _ := hex.DecodeString(digest)
		tok, err := stamp.Verify(data, sum, roots)
		if err != nil {
			add(file, stampProblem(err, rootsFile), msg.T("stamps.invalid.fix", filepath.ToSlash(file)))
			continue
		}
		if day := content.Today(tok.Time, site.Config.TimeZone); day.After(recorded) {
			add(file, msg.T("stamps.later", tok.Time.UTC().Format("2006-01-02 15:04:05 UTC"), content.Date(recorded), content.LockFile), remove)
			continue
		}
		lock.Tokens[digest] = append(lock.Tokens[digest], content.Token{Name: name, Authority: signer(tok, host), Time: tok.Time, Digest: digest, Data: data})
	}
	for _, ts := range lock.Tokens {
		sort.Slice(ts, func(i, j int) bool { return ts[i].Authority < ts[j].Authority })
	}
	errs = append(errs, missingStamps(site, lock, digests)...)
	errs.Sort()
	return errs
}

// missingStamps reports, for each authority in site.yaml, the texts
// first recorded after the day of the first one it stamped that have no
// token from it (the texts of that day may predate the authority): a
// token deleted, or a line written into the record by hand.
func missingStamps(site *content.Site, lock *content.Lock, digests map[string]content.Days) diag.List {
	var errs diag.List
	for _, tsa := range site.Config.Timestamp {
		u, err := url.Parse(tsa)
		if err != nil {
			continue
		}
		var since time.Time
		stamped := false
		for d, days := range digests {
			if hasToken(lock, d, tokenFile(d, u)) && (!stamped || days.First.Before(since)) {
				since, stamped = days.First, true
			}
		}
		if !stamped {
			continue
		}
		var missing []string
		for d, days := range digests {
			if days.First.After(since) && !hasToken(lock, d, tokenFile(d, u)) {
				missing = append(missing, d)
			}
		}
		sort.Strings(missing)
		for _, d := range missing {
			errs = append(errs, diag.Diagnostic{File: filepath.Join(site.Dir, content.StampsDir, tokenFile(d, u)), Level: diag.Error,
				Message: msg.T("stamps.missing", content.LockFile, d[:12], u.Host),
				Fix:     msg.T("stamps.missing.fix", content.StampsDir, content.LockFile)})
		}
	}
	return errs
}

// signer names the authority that signed a verified token, from its
// certificate: the file's name says which host it was asked of, but only
// the signature says who answered.
func signer(tok *stamp.Token, host string) string {
	if cn := tok.Certificate.Subject.CommonName; cn != "" {
		return cn
	}
	if len(tok.Certificate.Subject.Organization) > 0 {
		return tok.Certificate.Subject.Organization[0]
	}
	return host
}

// readRoots reads the PEM file of the roots the tokens chain to, as every
// file of the site is read (content.ReadFile), and returns its bytes too,
// for the pages. An error of the file names it (content.FileError); one
// of its certificates does not.
func readRoots(file string) (*x509.CertPool, []byte, error) {
	data, err := content.ReadFile(file, content.MaxTokenSize)
	if err != nil {
		return nil, nil, err
	}
	pool, err := stamp.ParseRoots(data)
	if err != nil {
		return nil, nil, err
	}
	return pool, data, nil
}

// problem is what is wrong with a file that could not be read or parsed,
// for a diagnostic that names the file and gives its own fix.
func problem(err error) msg.Text {
	var fe *content.FileError
	if errors.As(err, &fe) {
		return fe.Problem
	}
	return msg.T("text.verbatim", err)
}

// stampProblem says in words what is wrong with a token. The details of
// one that is not valid in another way are package stamp's, in English.
func stampProblem(err error, roots string) msg.Text {
	switch {
	case errors.Is(err, stamp.ErrSignature):
		return msg.T("stamps.forged")
	case errors.Is(err, stamp.ErrUntrusted):
		return msg.T("stamps.untrusted", roots)
	case errors.Is(err, stamp.ErrImprint):
		return msg.T("stamps.other-bytes")
	case errors.Is(err, stamp.ErrUsage):
		return msg.T("stamps.not-for-stamping")
	}
	return msg.T("stamps.invalid", err)
}

// Stamper asks time-stamping authorities for tokens; *stamp.Client is one.
type Stamper interface {
	Stamp(ctx context.Context, url string, digest []byte) ([]byte, error)
}

// stampRecordings asks every authority in site.yaml for a token over each
// text just recorded, and checks each against the roots before anything
// is written. It returns the tokens by file name, and adds them to
// lock.Tokens for the pages; on any failure, none.
func stampRecordings(ctx context.Context, site *content.Site, lock *content.Lock, recs []content.Recording, today time.Time, client Stamper) (map[string][]byte, error) {
	cfg := site.Config
	if len(cfg.Timestamp) == 0 || len(recs) == 0 {
		return nil, nil
	}
	rootsFile := filepath.Join(site.Dir, filepath.FromSlash(cfg.TimestampRoots))
	roots, pem, err := readRoots(rootsFile)
	var fe *content.FileError
	if err != nil && !errors.As(err, &fe) {
		err = msg.Errorf("stamps.roots.error", rootsFile, err)
	}
	if err != nil {
		return nil, err
	}
	lock.TokenRoots = pem
	tokens := map[string][]byte{}
	verified := map[string][]content.Token{}
	for _, rec := range recs {
		sum, _ := hex.DecodeString(rec.SHA256)
		for _, tsa := range cfg.Timestamp {
			u, _ := url.Parse(tsa)
			if hasToken(lock, rec.SHA256, tokenFile(rec.SHA256, u)) || tokens[tokenFile(rec.SHA256, u)] != nil {
				continue // the text was stamped when first recorded
			}
			tsr, err := client.Stamp(ctx, tsa, sum)
			if err != nil {
				return nil, msg.Errorf("stamps.request-failed", rec.Path, err, u.Host)
			}
			tok, err := stamp.Verify(tsr, sum, roots)
			if err != nil {
				return nil, msg.Errorf("stamps.answer-invalid", u.Host, rec.Path, err, rootsFile)
			}
			if day := content.Today(tok.Time, cfg.TimeZone); day.After(today) {
				return nil, msg.Errorf("stamps.answer-later", u.Host, rec.Path, content.Date(day), content.Date(today))
			}
			name := tokenFile(rec.SHA256, u)
			tokens[name] = tsr
			verified[rec.SHA256] = append(verified[rec.SHA256], content.Token{Name: name, Authority: signer(tok, u.Host), Time: tok.Time, Digest: rec.SHA256, Data: tsr})
		}
	}
	if lock.Tokens == nil {
		lock.Tokens = map[string][]content.Token{}
	}
	for d, ts := range verified {
		lock.Tokens[d] = append(lock.Tokens[d], ts...)
	}
	return tokens, nil
}

func hasToken(lock *content.Lock, digest, name string) bool {
	for _, t := range lock.Tokens[digest] {
		if t.Name == name {
			return true
		}
	}
	return false
}

// writeNew saves files (tokens, or copies of texts) in a folder of the
// site, each one not there yet. On failure it removes those it wrote, and
// returns the error.
func writeNew(folder string, files map[string][]byte) (written []string, err error) {
	if len(files) == 0 {
		return nil, nil
	}
	if err := os.MkdirAll(folder, 0o755); err != nil {
		return nil, err
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		p := filepath.Join(folder, n)
		if _, err := os.Stat(p); err == nil {
			continue // a token (or a copy) is never replaced
		}
		if err := content.WriteFileAtomic(p, files[n]); err != nil {
			removeAll(written)
			return nil, err
		}
		written = append(written, p)
	}
	return written, nil
}

func removeAll(files []string) {
	for _, f := range files {
		os.Remove(f)
	}
}
