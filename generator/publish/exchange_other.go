//go:build !linux

package publish

import "errors"

func exchange(a, b string) error { return errors.ErrUnsupported }

func lockBeside(parent string) (func(), bool) { return func() {}, false }
