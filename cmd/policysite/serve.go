package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"policysite/generator/content"
	"policysite/generator/serve"
)

func newServeCmd(g *globalFlags) *cobra.Command {
	var (
		bind   string
		port   int
		drafts bool
	)
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Preview the site in a browser, rebuilt as you edit",
		Long: `Serve builds the site into memory and serves it at http://127.0.0.1:1313/ (under
baseURL's path). When you save a file under content/ or templates/,
site.yaml or content.lock, the site is rebuilt and open pages reload. If a revision has an
error, the browser shows it with its file and line, and the server keeps
running: fix the file and the site comes back. Nothing is written to disk.

Serve answers only on this computer (127.0.0.1) unless --bind says
otherwise. --drafts shows revisions whose published date is still to come,
marked as drafts.`,
		Example: `  policysite serve
  policysite serve --drafts
  policysite serve --source examples/demo --port 8080`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if port < 0 || port > 65535 {
				return usageError{fmt.Errorf("--port %d is not a port number", port)}
			}
			if _, err := g.start(); err != nil {
				return err
			}
			srv := serve.New(serve.Options{
				Source: g.source,
				Drafts: drafts,
				Log:    cmd.ErrOrStderr(),
				Clock: func() content.Clock {
					c, _ := g.clock() // checked above; read again so that midnight counts
					return c
				},
			})
			// Listen first: a wrong --bind or a port in use is said at once,
			// not after a build.
			ln, err := net.Listen("tcp", net.JoinHostPort(bind, strconv.Itoa(port)))
			if err != nil {
				hint := ""
				if errors.Is(err, syscall.EADDRINUSE) {
					hint = " (is another serve running? try another --port)"
				}
				return fmt.Errorf("cannot listen on %s: %w%s", net.JoinHostPort(bind, strconv.Itoa(port)), err, hint)
			}
			srv.Rebuild() // errors are shown in the browser
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			var handler http.Handler = srv
			if isLoopback(bind) {
				handler = loopbackOnly(srv)
			}
			hs := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second}
			go func() {
				<-ctx.Done()
				shutdown, cancel := context.WithTimeout(context.Background(), 2*time.Second)
				defer cancel()
				_ = hs.Shutdown(shutdown)
			}()
			go func() {
				if err := srv.Watch(ctx); err != nil {
					fmt.Fprintf(cmd.ErrOrStderr(), "policysite: watching %s failed: %v; the site will not rebuild by itself\n", g.source, err)
				}
			}()
			addr := net.JoinHostPort(bind, strconv.Itoa(ln.Addr().(*net.TCPAddr).Port))
			fmt.Fprintf(cmd.OutOrStdout(), "Serving %s at http://%s%s (Ctrl+C to stop)\n", g.source, addr, srv.Base())
			if err := hs.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
				return err
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&bind, "bind", "127.0.0.1", "the address to listen on; 0.0.0.0 shows the site to the whole network")
	cmd.Flags().IntVar(&port, "port", 1313, "the port to listen on")
	cmd.Flags().BoolVar(&drafts, "drafts", false, "show drafts (revisions published in the future)")
	return cmd
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// loopbackOnly refuses requests whose Host is not this computer's: a page
// on another site could otherwise point a name of its own at 127.0.0.1
// (DNS rebinding) and read the preview, drafts included.
func loopbackOnly(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host := r.Host
		if h, _, err := net.SplitHostPort(r.Host); err == nil {
			host = h
		}
		if !isLoopback(strings.Trim(host, "[]")) {
			http.Error(w, "policysite serve answers only to 127.0.0.1 and localhost", http.StatusForbidden)
			return
		}
		h.ServeHTTP(w, r)
	})
}
