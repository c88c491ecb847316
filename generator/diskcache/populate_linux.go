package diskcache

import "syscall"

// mapPopulate asks Linux to map the whole entry at once, which every
// build that maps one reads through: a fault for each page cost more. Not
// for an entry larger than ResidentMax, which would then be in the
// process's memory whole.
const mapPopulate = syscall.MAP_POPULATE
