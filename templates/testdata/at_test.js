// Tests of at.js, run by TestAtJS with node: the period that holds a day,
// by the rule the page states (the Go tests check the page's periods).
"use strict";
const assert = require("assert");
const { find } = require("../at.js");

// Newest first, as the page lists them.
const periods = [
  { from: "2027-01-15", last: "" },
  { from: "2024-05-01", last: "2027-01-14" },
  { from: "2020-09-01", last: "2024-04-30" },
  { from: "2019-03-01", last: "2020-08-31" },
];
assert.strictEqual(find(periods, "2019-02-28"), -1, "before the first version");
assert.strictEqual(find(periods, "2019-03-01"), 3, "the first day of the first");
assert.strictEqual(find(periods, "2020-08-31"), 3, "the day before a change");
assert.strictEqual(find(periods, "2020-09-01"), 2, "on a change day, the new version");
assert.strictEqual(find(periods, "2024-04-30"), 2);
assert.strictEqual(find(periods, "2024-05-01"), 1);
assert.strictEqual(find(periods, "2027-01-15"), 0, "the announced version, on the day it takes effect");
assert.strictEqual(find(periods, "2099-12-31"), 0, "a day far ahead: the newest");
assert.strictEqual(find(periods, ""), -1, "no day");
assert.strictEqual(find(periods, "2024-5-1"), -1, "not a date");
assert.strictEqual(find([], "2024-05-01"), -1, "no versions");
console.log("at.js: ok");
