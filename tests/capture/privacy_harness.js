// Runs capture/static/capture/privacy.js in node on texts from stdin (the tests compare the
// findings with portfolio.privacy.scan_text). In: {"rules": ..., "texts": [...]}.
// Out: one list per text of [kind, text, start, end], offsets in code points as in Python.
"use strict";
const path = require("path");
const engine = require(path.join(__dirname, "../../capture/static/capture/privacy.js"));

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const data = JSON.parse(input);
  const checker = engine.compile(data.rules);
  const out = data.texts.map((text) =>
    checker.scan(text).map((f) => [f.kind, f.text, f.cpStart, f.cpEnd]),
  );
  process.stdout.write(JSON.stringify(out));
});
