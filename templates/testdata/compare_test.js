// Tests of compare.js, run by TestCompareJS with node. The diff itself is
// compare.wasm's, the Go of the diff pages, tested in Go.
"use strict";
const assert = require("assert");
const { pair, target, fill, between, shown } = require("../compare.js");

// The pair in a compare page's address, older first, whichever way round.
assert.deepStrictEqual(pair("#2020-09-01..2024-05-01"), { from: "2020-09-01", to: "2024-05-01" });
assert.deepStrictEqual(pair("#2024-05-01..2020-09-01"), { from: "2020-09-01", to: "2024-05-01" });
assert.strictEqual(pair(""), null);
assert.strictEqual(pair("#2024-05-01..2024-05-01"), null, "a version with itself");
assert.strictEqual(pair("#2024-05-01"), null);
assert.strictEqual(pair("#2024-05-01..x"), null);
assert.strictEqual(pair("#<img src=x>..2024-05-01"), null);

// The history page's form: the diff page of neighbours, the page comparing
// with the version in force, else the compare page with the pair.
assert.strictEqual(target({ value: "2021-02-10" }, { value: "2022-08-01", prev: "2021-02-10", diff: "../2022-08-01/diff/" }, "../compare/"),
  "../2022-08-01/diff/");
assert.strictEqual(target({ value: "2019-03-01", toCurrent: "../compare/2019-03-01/" }, { value: "2024-05-01", prev: "2022-08-01", current: "true" }, "../compare/"),
  "../compare/2019-03-01/");
assert.strictEqual(target({ value: "2024-05-01", current: "true" }, { value: "2027-01-15", prev: "2024-05-01", toCurrent: "../compare/2024-05-01/2027-01-15/" }, "../compare/"),
  "../compare/2024-05-01/2027-01-15/", "an upcoming version, not the next one, with the one in force");
assert.strictEqual(target({ value: "2019-03-01" }, { value: "2021-02-10", prev: "2020-09-01", diff: "../2021-02-10/diff/" }, "../compare/"),
  "../compare/#2019-03-01..2021-02-10");

// Words with %s, filled in order.
assert.strictEqual(fill("Changes from the version of %s to the version of %s.", "1 May", "2 June"),
  "Changes from the version of 1 May to the version of 2 June.");
assert.strictEqual(fill("The changes came in these %d versions:", 4), "The changes came in these 4 versions:");

// The versions whose changes a pair shows: those after the older up to the
// newer, either way round; none for neighbours.
assert.deepStrictEqual(between(0, 4), { start: 1, end: 5 });
assert.deepStrictEqual(between(4, 0), { start: 1, end: 5 });
assert.deepStrictEqual(between(1, 3), { start: 2, end: 4 });
assert.strictEqual(between(2, 3), null, "neighbours");
assert.strictEqual(between(3, 2), null, "neighbours, the newer first");
// The lines a list of them shows, as the static pages do: all of 21,
// else the first and last ten and a line for the rest.
assert.deepStrictEqual(shown({ start: 1, end: 22 }, 10), { head: { start: 1, end: 22 } });
assert.deepStrictEqual(shown({ start: 1, end: 23 }, 10), { head: { start: 1, end: 11 }, hidden: 2, tail: { start: 13, end: 23 } });
assert.deepStrictEqual(shown({ start: 5, end: 805 }, 10), { head: { start: 5, end: 15 }, hidden: 780, tail: { start: 795, end: 805 } });
console.log("compare.js: ok");
