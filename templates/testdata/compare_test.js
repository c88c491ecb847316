// Tests of compare.js's diff, run by TestCompareJS with node.
"use strict";
const assert = require("assert");
const { diff, compare, tokens } = require("../compare.js");

function apply(ops, side) {
  return ops.filter((o) => o[0] === "=" || o[0] === side).map((o) => o[1]);
}

// The edit script rebuilds both sides, on random inputs.
let seed = 1;
const rand = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
for (let i = 0; i < 500; i++) {
  const a = Array.from({ length: rand(30) }, () => "w" + rand(6));
  const b = Array.from({ length: rand(30) }, () => "w" + rand(6));
  const ops = diff(a, b, 1000);
  assert.deepStrictEqual(apply(ops, "-"), a, "older side of " + a + " / " + b);
  assert.deepStrictEqual(apply(ops, "+"), b, "newer side of " + a + " / " + b);
}

// Too many differences for the limit: null, so that the caller falls back.
assert.strictEqual(diff(["a", "b", "c"], ["x", "y", "z"], 1), null);

// Norwegian words are tokens of their own.
assert.deepStrictEqual(tokens("Særlig om «SMS»."), ["Særlig", " ", "om", " ", "«", "SMS", "»", "."]);

// One changed word in one block of three.
const lines = compare(
  [{ tag: "h2", text: "1 Om oss" }, { tag: "p", text: "Vi lagrer i fem år." }, { tag: "p", text: "Uendret." }],
  [{ tag: "h2", text: "1 Om oss" }, { tag: "p", text: "Vi lagrer i tre år." }, { tag: "p", text: "Uendret." }]);
assert.strictEqual(lines.length, 3);
assert.deepStrictEqual(lines[1].runs.filter((r) => r[0] !== "="), [["-", "fem"], ["+", "tre"]]);
console.log("compare.js: ok");
