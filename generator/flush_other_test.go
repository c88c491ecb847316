//go:build !unix

package generator

func flush() {}
