package content

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"policysite/generator/msg"
)

// The company's look in site.yaml: logo: and accent:, which a site gives
// without overriding the theme's templates.

// lookKeys are the keys of site.yaml this file reads.
var lookKeys = []string{"logo", "accent"}

// Logo is the company's logo, an SVG or PNG file in the site folder, shown
// in the header with the site's title as its text.
type Logo struct {
	File string // its path in the site folder, slash-separated; "" for none
	Name string // the file it is copied to at the root of the output: logo.svg or logo.png
	Type string // its media type: image/svg+xml or image/png
	Data []byte // read by Load
	line int    // of logo: in site.yaml
}

// MaxLogoSize bounds the logo: a logo for a page header is some kilobytes.
const MaxLogoSize = 1 << 20

// LinkBackgrounds are the default theme's backgrounds, in light mode, that
// links are shown on: the page, the panels (the footer, the contents, a
// diff's summary) and the notices. The accent colours links on each; in
// dark mode the theme keeps its own light link colour, which no colour
// that is dark enough for these can be.
var LinkBackgrounds = []struct {
	Colour string
	Where  msg.Text
}{
	{"#ffffff", msg.T("config.accent.bg.page")},
	{"#f3f4f6", msg.T("config.accent.bg.panel")},
	{"#fff4d6", msg.T("config.accent.bg.notice")},
}

// MinContrast is the least contrast ratio of text with its background
// that WCAG 2.1 AA allows (1.4.3, for text of ordinary size).
const MinContrast = 4.5

var hexColour = regexp.MustCompile(`^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$`)

// parseLook reads logo: and accent:. The logo's file is read by
// readLogo, once the site folder is known.
func parseLook(d diags, m map[string]*yaml.Node, c *Config) {
	if a, line, ok := text(d, m, 0, "accent"); ok {
		c.Accent = parseAccent(d, line, strings.TrimSpace(a))
	}
	if p, line, ok := text(d, m, 0, "logo"); ok {
		p = strings.TrimSpace(p)
		if p == "" {
			d.add(line, msg.T("config.logo.empty"), msg.T("config.logo.fix"))
			return
		}
		file := siteFile(d, line, "logo", p)
		if file == "" {
			return
		}
		c.name(file)
		switch strings.ToLower(filepath.Ext(file)) {
		case ".svg":
			c.Logo = Logo{File: file, Name: "logo.svg", Type: "image/svg+xml", line: line}
		case ".png":
			c.Logo = Logo{File: file, Name: "logo.png", Type: "image/png", line: line}
		default:
			d.add(line, msg.T("config.logo.type", p), msg.T("config.logo.fix"))
		}
	}
}

// parseAccent checks an accent colour, and returns it as #rrggbb in lower
// case, or "" when it is refused.
func parseAccent(d diags, line int, a string) string {
	if a == "" {
		// accent: #00857c is a comment in YAML, and the value empty.
		d.add(line, msg.T("config.accent.empty"), msg.T("config.accent.fix"))
		return ""
	}
	if !hexColour.MatchString(a) {
		d.add(line, msg.T("config.accent.not-colour", a), msg.T("config.accent.fix"))
		return ""
	}
	a = strings.ToLower(a)
	if len(a) == 4 {
		a = string([]byte{'#', a[1], a[1], a[2], a[2], a[3], a[3]})
	}
	if ratio, bg, where := worstContrast(a); ratio < MinContrast {
		d.add(line, msg.T("config.accent.contrast", a, ratio, bg, where, MinContrast),
			msg.T("config.accent.contrast.fix", darkened(a)))
		return ""
	}
	return a
}

// worstContrast is the least contrast of colour with the backgrounds links
// are shown on, and which background that is.
func worstContrast(colour string) (ratio float64, bg string, where msg.Text) {
	ratio = math.Inf(1)
	for _, b := range LinkBackgrounds {
		if r := Contrast(colour, b.Colour); r < ratio {
			ratio, bg, where = r, b.Colour, b.Where
		}
	}
	return ratio, bg, where
}

// darkened is colour made darker, its hue kept, until it has the contrast
// links need on every background.
func darkened(colour string) string {
	r, g, b := rgb(colour)
	for f := 1.0; f > 0; f -= 0.01 {
		c := fmt.Sprintf("#%02x%02x%02x", int(r*f), int(g*f), int(b*f))
		if ratio, _, _ := worstContrast(c); ratio >= MinContrast {
			return c
		}
	}
	return "#000000"
}

// Contrast is the contrast ratio of two colours given as #rrggbb, from 1
// to 21, as WCAG 2.1 defines it.
func Contrast(a, b string) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// luminance is the relative luminance of a colour given as #rrggbb.
func luminance(colour string) float64 {
	r, g, b := rgb(colour)
	lin := func(c float64) float64 {
		c /= 255
		if c <= 0.04045 {
			return c / 12.92
		}
		return math.Pow((c+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

func rgb(colour string) (r, g, b float64) {
	v, _ := strconv.ParseUint(strings.TrimPrefix(colour, "#"), 16, 32)
	return float64(v >> 16 & 0xff), float64(v >> 8 & 0xff), float64(v & 0xff)
}

// readLogo reads the logo's file from the site folder and checks that it
// is the image its name says; a problem is reported at logo: in site.yaml.
func readLogo(d diags, dir string, c *Config) {
	l := &c.Logo
	if l.File == "" {
		return
	}
	data, err := ReadFile(filepath.Join(dir, filepath.FromSlash(l.File)), MaxLogoSize)
	if err != nil {
		var fe *FileError
		if errors.As(err, &fe) {
			d.add(l.line, msg.T("config.logo.unreadable", l.File, fe.Problem), fe.Fix)
		} else {
			d.add(l.line, msg.T("config.logo.unreadable", l.File, msg.T("text.verbatim", err)), msg.T("config.logo.fix"))
		}
		*l = Logo{}
		return
	}
	var problem msg.Text
	if l.Type == "image/png" {
		if !bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")) {
			problem = msg.T("config.logo.not-png")
		}
	} else {
		problem = checkSVG(data)
	}
	if !problem.IsZero() {
		d.add(l.line, msg.T("config.logo.invalid", l.File, problem), msg.T("config.logo.invalid.fix"))
		*l = Logo{}
		return
	}
	l.Data = data
}

// svgNS is the namespace an SVG's root element must be in for a browser
// to show it as an image.
const svgNS = "http://www.w3.org/2000/svg"

// checkSVG checks that data is an SVG image that does nothing but draw:
// no script, no event handler, no embedded HTML, and no reference to
// another file or address, which a page that shows it would otherwise
// ask for (and a visitor who opens it would run). It returns what is
// wrong, or the zero Text.
func checkSVG(data []byte) msg.Text {
	dec := xml.NewDecoder(bytes.NewReader(data))
	root := true
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			if root {
				return msg.T("config.logo.svg-root")
			}
			return msg.Text{}
		}
		if err != nil {
			return msg.T("config.logo.not-xml", msg.T("text.verbatim", err))
		}
		switch t := tok.(type) {
		case xml.Directive:
			if bytes.Contains(bytes.ToUpper(t), []byte("ENTITY")) {
				return msg.T("config.logo.svg-script", "<!ENTITY")
			}
		case xml.StartElement:
			if root && (t.Name.Local != "svg" || t.Name.Space != svgNS) {
				return msg.T("config.logo.svg-root")
			}
			root = false
			switch strings.ToLower(t.Name.Local) {
			case "script", "foreignobject", "iframe", "embed", "object", "handler", "listener":
				return msg.T("config.logo.svg-script", "<"+t.Name.Local+">")
			}
			for _, a := range t.Attr {
				name := strings.ToLower(a.Name.Local)
				switch {
				case strings.HasPrefix(name, "on"):
					return msg.T("config.logo.svg-script", a.Name.Local+"=")
				case name == "href" || name == "src":
					if !strings.HasPrefix(strings.TrimSpace(a.Value), "#") {
						return msg.T("config.logo.svg-reference", a.Value)
					}
				case name == "style":
					if ref := cssReference(a.Value); ref != "" {
						return msg.T("config.logo.svg-reference", ref)
					}
				}
			}
		case xml.CharData:
			if ref := cssReference(string(t)); ref != "" {
				return msg.T("config.logo.svg-reference", ref)
			}
		}
	}
}

var cssURL = regexp.MustCompile(`(?i)@import|url\(\s*['"]?\s*([^#'"\s)][^)]*)`)

// cssReference is the first reference to another file in CSS (a url()
// that is not to an element of the same file, or an @import), or "".
func cssReference(css string) string {
	return cssURL.FindString(css)
}
