"""The frontier confirmation pass: high-severity findings checked once before they are shown.

Every high finding of a review goes to the frontier tier in one request: the finding, the
lines it points at with a few around them, and the text of the rule it cites. The model
answers through the `confirm_findings` tool, one verdict per finding. A rejected finding is
dropped; a confirmed one is kept with a note. When the call fails, or the answer gives no
verdict for a finding, the finding is kept with a note saying it was not confirmed:
the pass can only remove what it has judged.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from steering_index.llm.client import Usage
from steering_index.llm.ladder import CallSite, Recorder
from steering_index.llm.prompts import Message, ModelRequest, SystemBlock, TextBlock
from steering_index.llm.tiers import Credentials, LadderSettings, Tier
from steering_index.llm.usage import cost_usd
from steering_index.model import ContextItem
from steering_index.review.engine import Finding, send
from steering_index.review.reviewed import Reviewed
from steering_index.tokens import estimate_tokens

TOOL = "confirm_findings"
CONFIRMED_SEVERITIES = ("high",)
# Lines shown on each side of a finding's range.
AROUND = 5
# The answer: a verdict and a sentence per finding.
TOKENS_PER_VERDICT = 80
# At most this many findings go in one confirmation; the rest are shown unconfirmed, so
# the pass has a cost known before the review starts.
MAX_FINDINGS = 20
# Room for the text of the rules the findings cite.
RULES_ALLOWANCE = 1500
CONFIRM_TOOL: dict[str, Any] = {
    "name": TOOL,
    "description": "Give a verdict on every numbered finding.",
    "input_schema": {
        "type": "object",
        "properties": {
            "verdicts": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "finding": {"type": "integer", "description": "the finding's number"},
                        "confirmed": {
                            "type": "boolean",
                            "description": "true if the problem is real in the code shown",
                        },
                        "reason": {"type": "string"},
                    },
                    "required": ["finding", "confirmed", "reason"],
                },
            }
        },
        "required": ["verdicts"],
    },
}
_ROLE = (
    "You check the findings of junior code reviewers before a developer sees them. For each "
    "numbered finding, look at the code shown and the rule cited, and confirm it only if the "
    "problem is real there; reject it when the code does not have the problem, the rule does "
    "not apply, or the finding is speculative. Give every finding a verdict and one sentence."
)


@dataclass(frozen=True, slots=True)
class ConfirmRequest(ModelRequest):
    """A request answered through `confirm_findings`."""

    def payload(self) -> dict[str, Any]:
        body = ModelRequest.payload(self)
        return body | {"tools": [CONFIRM_TOOL], "tool_choice": {"type": "tool", "name": TOOL}}


@dataclass(slots=True)
class Confirmation:
    """What the pass did: the findings to show, those it rejected (with why), its cost."""

    kept: list[Finding] = field(default_factory=list)
    rejected: list[tuple[Finding, str]] = field(default_factory=list)
    # Every finding the model gave a verdict on, as sent: (finding, confirmed, reason).
    judged: list[tuple[Finding, bool, str]] = field(default_factory=list)
    cost_usd: float = 0.0
    error: str | None = None
    asked: int = 0  # findings sent to the frontier tier


def needs_confirmation(finding: Finding) -> bool:
    return finding.severity in CONFIRMED_SEVERITIES


def build_confirm_request(
    findings: list[Finding],
    reviewed: Mapping[str, Reviewed],
    rules: Mapping[str, ContextItem],
    settings: LadderSettings,
) -> ConfirmRequest:
    """One request with every finding, numbered from 1, its code and its cited rule."""
    cited = sorted({f.rule_id for f in findings if f.rule_id and f.rule_id in rules})
    rule_text = "\n\n".join(
        f'<rule id="{rid}">\n{rules[rid].title}\n{rules[rid].text}\n</rule>' for rid in cited
    )
    parts = [_describe(n, f, reviewed.get(f.path)) for n, f in enumerate(findings, 1)]
    user = "\n\n".join(parts)
    system = (SystemBlock("role", _ROLE),) + ((SystemBlock("rules", rule_text),) if cited else ())
    stable = estimate_tokens(json.dumps(CONFIRM_TOOL) + _ROLE + rule_text)
    return ConfirmRequest(
        model=settings.model_for(Tier.FRONTIER),
        max_tokens=min(settings.max_output_tokens, 200 + TOKENS_PER_VERDICT * len(findings)),
        system=system,
        messages=(Message("user", (TextBlock(user),)),),
        rule_ids=tuple(cited),
        stable_tokens=stable,
        tokens=stable + estimate_tokens(user),
    )


def _describe(number: int, f: Finding, reviewed: Reviewed | None) -> str:
    rule = f' rule="{f.rule_id}"' if f.rule_id else ""
    head = (
        f'<finding n="{number}" path="{f.path}" lines="{f.first_line}-{f.last_line}" '
        f'severity="{f.severity}"{rule} reviewers="{",".join(f.reviewers)}">\n{f.message}'
    )
    if reviewed is None:
        return head + "\n</finding>"
    lines = reviewed.lines
    first, last = max(1, f.first_line - AROUND), min(len(lines), f.last_line + AROUND)
    code = "".join(f"{n:>5}  {lines[n - 1]}" for n in range(first, last + 1))
    return f"{head}\n<code>\n{code.rstrip()}\n</code>\n</finding>"


def estimate_request(request: ConfirmRequest, count: int, settings: LadderSettings) -> float:
    answer = 200 + TOKENS_PER_VERDICT * count
    return cost_usd(Usage(request.tokens, answer), settings.price_for(request.model))


def estimate_upper(reviewed: list[Reviewed], settings: LadderSettings) -> float:
    """Before the reviewers answer, the most a confirmation could cost: `MAX_FINDINGS`
    findings (fewer when fewer lines are reviewed), each shown with the lines around it,
    plus the rules they may cite and a verdict each."""
    lines = sum(v.last - v.first + 1 for r in reviewed for v in r.views())
    if not lines:
        return 0.0
    shown = sum(estimate_tokens(r.numbered()) for r in reviewed)
    per_line = shown / lines
    most = min(MAX_FINDINGS, lines)
    code = min(shown, int(most * (2 * AROUND + 3) * per_line))
    tokens = estimate_tokens(json.dumps(CONFIRM_TOOL) + _ROLE) + RULES_ALLOWANCE + code
    answer = 200 + TOKENS_PER_VERDICT * most
    model = settings.model_for(Tier.FRONTIER)
    return cost_usd(Usage(tokens, answer), settings.price_for(model))


def apply_verdicts(findings: list[Finding], raw_json: str, model: str) -> Confirmation:
    """The findings kept (confirmed or without a verdict, each with a note) and those
    rejected, from the answer's `verdicts`."""
    verdicts = _verdicts(raw_json, len(findings))
    result = Confirmation(asked=len(findings))
    for number, finding in enumerate(findings, 1):
        verdict = verdicts.get(number)
        if verdict is None:
            result.kept.append(replace(finding, note=f"not confirmed: {model} gave no verdict"))
            continue
        confirmed, reason = verdict
        result.judged.append((finding, confirmed, reason))
        if confirmed:
            result.kept.append(with_verdict(finding, model, reason))
        else:
            result.rejected.append((finding, reason))
    return result


def with_verdict(finding: Finding, model: str, reason: str) -> Finding:
    """`finding` noted as confirmed by `model`."""
    return replace(finding, note=f"confirmed by {model}" + (f": {reason}" if reason else ""))


def _verdicts(raw_json: str, count: int) -> dict[int, tuple[bool, str]]:
    try:
        data = json.loads(raw_json or "null")
    except ValueError:
        return {}
    items = data.get("verdicts") if isinstance(data, dict) else None
    found: dict[int, tuple[bool, str]] = {}
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        number, confirmed = item.get("finding"), item.get("confirmed")
        if isinstance(number, int) and 1 <= number <= count and isinstance(confirmed, bool):
            reason = item.get("reason")
            found[number] = (confirmed, reason.strip() if isinstance(reason, str) else "")
    return found


async def confirm(
    findings: list[Finding],
    reviewed: Mapping[str, Reviewed],
    rules: Mapping[str, ContextItem],
    settings: LadderSettings,
    credentials: Credentials,
    recorder: Recorder | None = None,
) -> Confirmation:
    """Ask the frontier tier once about every finding in `findings`."""
    if not findings:
        return Confirmation()
    request = build_confirm_request(findings, reviewed, rules, settings)
    paths = {f.path for f in findings}
    path = next(iter(paths)) if len(paths) == 1 else None
    site = CallSite(Tier.FRONTIER, path, None, "review:confirm", "review:confirm")
    reply, failure, call = await send(request, settings, credentials, site, recorder)
    if reply is None:
        error = failure.message if failure else "no answer"
        why = f"the frontier tier could not be asked ({error})"
        return Confirmation(unconfirmed(findings, why), [], [], call.cost_usd, error, len(findings))
    result = apply_verdicts(findings, reply.tool_input_json, reply.model)
    result.cost_usd = call.cost_usd
    return result


def unconfirmed(findings: list[Finding], why: str) -> list[Finding]:
    """`findings` kept as they are, each with a note saying why they were not confirmed."""
    return [replace(f, note=f"not confirmed: {why}") for f in findings]
