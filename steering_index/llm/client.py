"""One streamed model call through the `anthropic` SDK, with our own retry policy and errors.

The SDK's own retries are switched off: it would obey any `retry-after` (an hour, if the
server says so) and retry silently. Here a call retries at most `max_retries` times, waits
no longer than `retry_after_cap_s`, and every failure becomes a `ModelError` whose message
says what to do. Every request is redacted for secrets as the very last step before it
leaves. Cancelling the awaiting task closes the stream (the `async with` below) and the
cancellation propagates.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from steering_index.llm.prompts import ModelRequest
from steering_index.llm.tiers import Credentials, LadderSettings, no_credentials_message

# A key is required by the SDK even when a local compatible server ignores it.
_PLACEHOLDER_KEY = "no-key-configured"
_RETRYABLE = frozenset({"rate-limited", "overloaded", "server-error", "timeout", "connection"})


@dataclass(frozen=True, slots=True)
class Usage:
    input_tokens: int = 0
    output_tokens: int = 0
    cache_creation_tokens: int = 0
    cache_read_tokens: int = 0


@dataclass(frozen=True, slots=True)
class Progress:
    """Reported while an answer streams in."""

    received_chars: int
    output_tokens: int | None  # known only once the server reports usage


@dataclass(frozen=True, slots=True)
class ModelReply:
    """A complete answer: the tool call (if any), any text, and what it cost in tokens."""

    model: str
    tool_use_id: str | None
    tool_name: str | None
    tool_input_json: str
    text: str
    stop_reason: str | None
    usage: Usage
    duration_ms: int
    sent: ModelRequest  # the request exactly as sent (redacted)
    redactions: int


class ModelError(Exception):
    """A failed call. `message` is for the user; `kind` is machine-readable."""

    def __init__(
        self,
        kind: str,
        message: str,
        retry_after_s: float | None = None,
        usage: Usage | None = None,
    ) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.retry_after_s = retry_after_s
        self.usage = usage or Usage()
        self.mid_stream = False


@dataclass(slots=True)
class _Answer:
    """Accumulates stream events; mutable only inside one call."""

    model: str
    tool_use_id: str | None = None
    tool_name: str | None = None
    tool_json: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    stop_reason: str | None = None
    usage: Usage = field(default_factory=Usage)
    finished: bool = False
    received: int = 0


async def call_model(
    request: ModelRequest,
    settings: LadderSettings,
    credentials: Credentials,
    tier: str,
    on_progress: Callable[[Progress], None] | None = None,
) -> ModelReply:
    """Send `request` (redacted) and stream the answer; raise `ModelError` on any failure."""
    if not credentials.usable:
        raise ModelError("no-credentials", no_credentials_message(settings))
    sent, redactions = request.redacted()
    started = time.monotonic()
    attempt = 0
    try:
        async with asyncio.timeout(settings.total_timeout_s):
            while True:
                try:
                    answer = await _stream_once(sent, settings, credentials, tier, on_progress)
                    break
                except ModelError as error:
                    wait = _retry_wait(error, attempt, settings)
                    if wait is None:
                        raise
                    attempt += 1
                    await asyncio.sleep(wait)
    except TimeoutError:
        raise ModelError(
            "timeout",
            f"no complete answer within {settings.total_timeout_s:g} s: nothing was applied",
        ) from None
    return ModelReply(
        model=answer.model,
        tool_use_id=answer.tool_use_id,
        tool_name=answer.tool_name,
        tool_input_json="".join(answer.tool_json),
        text="".join(answer.text),
        stop_reason=answer.stop_reason,
        usage=answer.usage,
        duration_ms=int((time.monotonic() - started) * 1000),
        sent=sent,
        redactions=redactions,
    )


def _retry_wait(error: ModelError, attempt: int, settings: LadderSettings) -> float | None:
    """Seconds to wait before retrying, or None to give up now."""
    if error.kind not in _RETRYABLE or error.mid_stream or attempt >= settings.max_retries:
        return None
    if error.retry_after_s is not None:
        return error.retry_after_s if error.retry_after_s <= settings.retry_after_cap_s else None
    return min(0.5 * 2**attempt, settings.retry_after_cap_s)


async def _stream_once(
    request: ModelRequest,
    settings: LadderSettings,
    credentials: Credentials,
    tier: str,
    on_progress: Callable[[Progress], None] | None,
) -> _Answer:
    anthropic = await _sdk()
    client = anthropic.AsyncAnthropic(
        api_key=credentials.api_key or _PLACEHOLDER_KEY,
        base_url=credentials.base_url,
        max_retries=0,
        timeout=settings.request_timeout_s,
    )
    answer = _Answer(model=request.model)
    try:
        try:
            stream = await client.messages.create(**request.payload(), stream=True)
        except anthropic.APIError as error:
            raise map_sdk_error(error, request.model, tier, settings, credentials) from None
        async with stream:
            await _read_events(stream, answer, request, settings, credentials, tier, on_progress)
    finally:
        await client.close()
    if not answer.finished:
        raise ModelError(
            "connection-lost",
            "connection lost mid-answer: nothing was applied",
            usage=answer.usage,
        )
    if answer.stop_reason == "max_tokens":
        raise ModelError(
            "truncated",
            f"the answer was cut off at the output limit ({request.max_tokens} tokens): "
            "nothing was applied; select a smaller range",
            usage=answer.usage,
        )
    return answer


async def _sdk() -> Any:
    """The `anthropic` module. The first import takes one to several seconds: it runs in a
    worker thread so that the server keeps answering hovers meanwhile."""
    module = sys.modules.get("anthropic")
    # While another thread is still importing it, sys.modules already holds the half-made
    # module (two first calls at once): import_module waits for that import to finish.
    if module is None or getattr(module.__spec__, "_initializing", False):
        module = await asyncio.to_thread(importlib.import_module, "anthropic")
    return module


async def _read_events(
    stream: Any,
    answer: _Answer,
    request: ModelRequest,
    settings: LadderSettings,
    credentials: Credentials,
    tier: str,
    on_progress: Callable[[Progress], None] | None,
) -> None:
    import anthropic

    try:
        async for event in stream:
            _accumulate(answer, event)
            if on_progress is not None and event.type in ("content_block_delta", "message_delta"):
                output = answer.usage.output_tokens if event.type == "message_delta" else None
                on_progress(Progress(answer.received, output))
    except anthropic.APIStatusError as error:
        # An `event: error` mid-stream: the status is 200, the type is in the body.
        mapped = map_sdk_error(error, request.model, tier, settings, credentials)
        # Tokens were already spent on this answer: let the user decide whether to retry.
        mapped.mid_stream = True
        mapped.usage = answer.usage
        raise mapped from None
    except ValueError:
        raise ModelError(
            "malformed",
            "the API sent a malformed answer: nothing was applied; try again",
            usage=answer.usage,
        ) from None
    # A stream dropped mid-body surfaces as the SDK's `APIConnectionError` (an `APIError`),
    # not as its HTTP layer's own error: the SDK's classes are the ones to catch.
    except (anthropic.APIError, OSError):
        raise ModelError(
            "connection-lost",
            "connection lost mid-answer: nothing was applied",
            usage=answer.usage,
        ) from None


def _accumulate(answer: _Answer, event: Any) -> None:
    kind = event.type
    if kind == "message_start":
        answer.model = event.message.model or answer.model
        answer.usage = _usage(event.message.usage, answer.usage)
    elif kind == "content_block_start":
        block = event.content_block
        if block.type == "tool_use" and answer.tool_use_id is None:
            answer.tool_use_id, answer.tool_name = block.id, block.name
    elif kind == "content_block_delta":
        delta = event.delta
        if delta.type == "input_json_delta":
            answer.tool_json.append(delta.partial_json)
            answer.received += len(delta.partial_json)
        elif delta.type == "text_delta":
            answer.text.append(delta.text)
            answer.received += len(delta.text)
    elif kind == "message_delta":
        answer.stop_reason = event.delta.stop_reason
        answer.usage = _usage(event.usage, answer.usage)
    elif kind == "message_stop":
        answer.finished = True


def _usage(reported: Any, previous: Usage) -> Usage:
    """Usage counts are cumulative; a field left out keeps its earlier value."""

    def pick(name: str, old: int) -> int:
        value = getattr(reported, name, None)
        return int(value) if isinstance(value, int) else old

    return Usage(
        input_tokens=pick("input_tokens", previous.input_tokens),
        output_tokens=pick("output_tokens", previous.output_tokens),
        cache_creation_tokens=pick("cache_creation_input_tokens", previous.cache_creation_tokens),
        cache_read_tokens=pick("cache_read_input_tokens", previous.cache_read_tokens),
    )


# --- errors -------------------------------------------------------------------------------

_BODY_TYPES = {
    "authentication_error": 401,
    "permission_error": 403,
    "not_found_error": 404,
    "request_too_large": 413,
    "rate_limit_error": 429,
    "api_error": 500,
    "overloaded_error": 529,
    "invalid_request_error": 400,
}


def map_sdk_error(
    error: Exception, model: str, tier: str, settings: LadderSettings, credentials: Credentials
) -> ModelError:
    """Any SDK exception -> a `ModelError` whose message says what to do."""
    import anthropic

    if isinstance(error, anthropic.APITimeoutError):
        timeout = settings.setting("requestTimeoutSeconds")
        return ModelError(
            "timeout",
            f"no answer within {settings.request_timeout_s:g} s: try again"
            + (f", or raise {timeout}" if timeout else ""),
        )
    if isinstance(error, anthropic.APIConnectionError):
        return _connection_error(credentials)
    if isinstance(error, anthropic.APIStatusError):
        status = error.status_code
        if status == 200:  # an error event inside a stream
            status = _BODY_TYPES.get(_body_type(error.body), 500)
        retry_after = _retry_after(error.response.headers)
        detail = _body_message(error.body)
        return _status_error(status, detail, model, tier, retry_after, settings, credentials)
    return ModelError("unexpected", f"the model call failed: {error}")


def _connection_error(credentials: Credentials) -> ModelError:
    """No response at all: name the address and where it came from."""
    if credentials.base_url is None:
        return ModelError(
            "connection", "cannot reach the Anthropic API (the default address): check the network"
        )
    source = credentials.base_url_source
    return ModelError(
        "connection",
        f"cannot reach {credentials.base_url} (from {source}): check the network or {source}",
    )


def _status_error(
    status: int,
    detail: str,
    model: str,
    tier: str,
    retry_after: float | None,
    settings: LadderSettings,
    credentials: Credentials,
) -> ModelError:
    models = settings.setting(f"models.{tier}")
    if status == 401:
        if credentials.api_key is None:
            key = settings.setting("apiKey")
            return ModelError(
                "auth",
                "the API wants a key and none was sent (401): set the ANTHROPIC_API_KEY "
                "environment variable" + (f" or {key}" if key else ""),
            )
        source = credentials.api_key_source
        return ModelError(
            "auth", f"the API key from {source} was refused (401): set {source} to a valid key"
        )
    if status == 403:
        return ModelError(
            "permission",
            f"this API key may not use {model} (403): check your plan"
            + (f" or {models}" if models else ""),
        )
    if status == 404:
        where = f"check {models}" if models else f"it is the default model of the {tier} tier"
        return ModelError("unknown-model", f"model id {model} unknown (404): {where}")
    if status == 413:
        budget = settings.setting("tokenBudget") or "--budget"
        return ModelError("too-large", f"the request is too large (413): lower {budget}")
    if status == 429:
        wait = f"try again in {retry_after:.0f} s" if retry_after else "try again shortly"
        return ModelError("rate-limited", f"rate limited: {wait}", retry_after_s=retry_after)
    if status == 529:
        return ModelError(
            "overloaded",
            "the API is overloaded: try again in a minute, or use another tier",
            retry_after_s=retry_after,
        )
    if status >= 500:
        return ModelError(
            "server-error", f"the API failed ({status}): try again", retry_after_s=retry_after
        )
    return ModelError("bad-request", f"the API refused the request ({status}): {detail}")


def _body_type(body: object) -> str:
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        return str(body["error"].get("type", ""))
    return ""


def _body_message(body: object) -> str:
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        return str(body["error"].get("message", "")) or json.dumps(body)
    return str(body or "no details")


def _retry_after(headers: Any) -> float | None:
    for name, scale in (("retry-after-ms", 0.001), ("retry-after", 1.0)):
        raw = headers.get(name)
        if raw is None:
            continue
        try:
            return max(0.0, float(raw) * scale)
        except ValueError:
            continue
    return None
