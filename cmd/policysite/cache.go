package main

import (
	"path/filepath"
	"runtime"

	"github.com/spf13/cobra"

	"policysite/generator/diskcache"
	"policysite/generator/msg"
)

// cacheOff is the --cache that keeps no cache.
const cacheOff = "off"

// addCacheFlag gives cmd, a command that builds the site, --cache.
func (g *globalFlags) addCacheFlag(cmd *cobra.Command) {
	cmd.Flags().StringVar(&g.cache, "cache", "", "the folder that keeps what a build made for the next, safe to delete; off for none (default: $POLICYSITE_CACHE, else policysite/ in the user's cache folder)")
}

// diskCache opens the cache --cache names, else $POLICYSITE_CACHE, else
// policysite/ in the user's cache folder (as os.UserCacheDir finds it, from
// the run's environment). None for off, and none, silently, when the
// default folder cannot be made: a build without a cache is only slower. A
// folder the user named that cannot be used is a mistake, said at once.
func (g *globalFlags) diskCache() (*diskcache.Cache, error) {
	dir, named := g.cache, true
	if dir == "" {
		dir = g.host.getenv("POLICYSITE_CACHE")
	}
	if dir == "" {
		dir, named = userCacheDir(g.host.getenv), false
		if dir == "" {
			return nil, nil
		}
		dir = filepath.Join(dir, "policysite")
	}
	if dir == cacheOff || diskcache.Version() == nil {
		return nil, nil // without its version, an entry could be another program's
	}
	c, err := diskcache.Open(dir)
	if err != nil && named {
		return nil, usageError{msg.Errorf("cmd.cache.unusable", dir, err)}
	}
	return c, nil
}

// userCacheDir is os.UserCacheDir read from getenv: "" where the
// environment names none.
func userCacheDir(getenv func(string) string) string {
	switch runtime.GOOS {
	case "windows":
		return getenv("LocalAppData")
	case "darwin", "ios":
		if home := getenv("HOME"); home != "" {
			return filepath.Join(home, "Library", "Caches")
		}
		return ""
	case "plan9":
		if home := getenv("home"); home != "" {
			return filepath.Join(home, "lib", "cache")
		}
		return ""
	}
	if dir := getenv("XDG_CACHE_HOME"); filepath.IsAbs(dir) {
		return dir
	}
	if home := getenv("HOME"); home != "" {
		return filepath.Join(home, ".cache")
	}
	return ""
}
