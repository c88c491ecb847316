//go:build unix && !linux

package diskcache

const mapPopulate = 0
