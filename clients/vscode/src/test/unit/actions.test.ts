import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  askArgument,
  describeAskResult,
  describeReviewResult,
  markdownOf,
  requestRange,
  reviewArgument,
} from "../../actions";

describe("requestRange", () => {
  it("keeps a real selection as it is", () => {
    const selection = { start: { line: 3, character: 4 }, end: { line: 9, character: 0 } };
    assert.deepEqual(requestRange(selection, 17), selection);
  });

  it("widens an empty selection to the whole current line", () => {
    const cursor = { start: { line: 5, character: 8 }, end: { line: 5, character: 8 } };
    assert.deepEqual(requestRange(cursor, 31), { start: { line: 5, character: 0 }, end: { line: 5, character: 31 } });
  });
});

describe("askArgument", () => {
  const range = { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } };

  it("builds the single argument object of steering.ask", () => {
    assert.deepEqual(askArgument("file:///w/a.py", range, "  add a docstring ", "frontier"), {
      uri: "file:///w/a.py",
      range,
      instruction: "add a docstring",
      tier: "frontier",
    });
  });

  it("asks nothing for a blank instruction", () => {
    assert.equal(askArgument("file:///w/a.py", range, "   ", "small"), undefined);
  });
});

describe("describeAskResult", () => {
  it("reports an applied change with the model and cost", () => {
    const report = describeAskResult({
      status: "applied",
      message: "Added a docstring.",
      model: "claude-haiku-5-5",
      cost_usd: 0.0012,
    });
    assert.deepEqual(report, {
      severity: "info",
      text: "Steering: Added a docstring. (claude-haiku-5-5, $0.0012)",
    });
  });

  it("warns when the answer was rejected or the file changed meanwhile", () => {
    assert.equal(describeAskResult({ status: "rejected", message: "new finding" }).severity, "warning");
    assert.match(describeAskResult({ status: "stale" }).text, /file changed/);
  });

  it("tells the user how to set a key when none is set", () => {
    const report = describeAskResult({ status: "no-key", message: "No API key." });
    assert.equal(report.severity, "error");
    assert.match(report.text, /Steering: Set API key/);
  });

  it("treats a missing or odd answer as an error, not a crash", () => {
    assert.equal(describeAskResult(null).severity, "error");
    assert.equal(describeAskResult({ status: "weird" }).severity, "error");
  });
});

describe("review", () => {
  it("sends the selection, or no range for the whole file", () => {
    const cursor = { start: { line: 3, character: 2 }, end: { line: 3, character: 2 } };
    const selection = { start: { line: 3, character: 0 }, end: { line: 9, character: 0 } };
    assert.deepEqual(reviewArgument("file:///w/a.py", cursor), { uri: "file:///w/a.py" });
    assert.deepEqual(reviewArgument("file:///w/a.py", selection), { uri: "file:///w/a.py", range: selection });
  });

  it("reports the outcome; findings are in the Problems panel, a missing key says how to set one", () => {
    assert.deepEqual(describeReviewResult({ status: "reviewed", message: "no findings", findings: 0 }), {
      severity: "info",
      text: "Steering: review: no findings",
    });
    assert.equal(describeReviewResult({ status: "over-cap", message: "above the cap" }).severity, "warning");
    assert.match(describeReviewResult({ status: "no-key", message: "no key" }).text, /Set API key/);
    assert.equal(describeReviewResult(undefined).severity, "error");
  });
});

describe("markdownOf", () => {
  it("extracts the markdown of showRules/showContext answers", () => {
    assert.equal(markdownOf({ markdown: "# Rules", rules: [] }), "# Rules");
    assert.equal(markdownOf({ rules: [] }), undefined);
    assert.equal(markdownOf("text"), undefined);
  });
});
