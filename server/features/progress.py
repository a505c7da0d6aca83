"""Work-done progress for a long job the server runs in a worker thread (indexing a folder,
recording a whole workspace's findings): `report(done, total)` may be called from that
thread, `end()` from the event loop. When the client takes no progress, or refuses the
token, both do nothing and the job runs the same."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable

from lsprotocol import types

from server.app import SteeringServer


class WorkProgress:
    def __init__(
        self,
        ls: SteeringServer,
        token: str | None,
        loop: asyncio.AbstractEventLoop,
        every: int,
    ) -> None:
        self._ls = ls
        self._token = token
        self._loop = loop
        self._every = every

    def report(self, done: int, total: int) -> None:
        """`done` of `total` files; sent on every `every`th file and on the last."""
        if self._token is None or not total or self._ls.stopping:
            return
        if done == total or done % self._every == 0:
            value = types.WorkDoneProgressReport(
                message=f"{done}/{total} files", percentage=int(100 * done / total)
            )
            self._loop.call_soon_threadsafe(self._ls.work_done_progress.report, self._token, value)

    def end(self) -> None:
        if self._token is not None and not self._ls.stopping:
            self._ls.work_done_progress.end(self._token, types.WorkDoneProgressEnd(message="done"))
            self._token = None


async def start_progress(
    ls: SteeringServer,
    kind: str,
    title: str,
    *,
    on_cancel: Callable[[], None] | None = None,
    every: int = 1,
) -> WorkProgress:
    """Begin progress titled `title` (cancellable when `on_cancel` is given: the client's
    cancel calls it), or a `WorkProgress` that does nothing when the client takes none."""
    loop = asyncio.get_running_loop()
    if not ls.client.work_done_progress:
        return WorkProgress(ls, None, loop, every)
    token = f"steering-{kind}-{uuid.uuid4()}"
    try:
        await ls.work_done_progress.create_async(token)
    except Exception:
        return WorkProgress(ls, None, loop, every)
    begin = types.WorkDoneProgressBegin(
        title=title, percentage=0, cancellable=on_cancel is not None
    )
    ls.work_done_progress.begin(token, begin)
    if on_cancel is not None and (cancelled := ls.work_done_progress.tokens.get(token)):
        cancelled.add_done_callback(lambda _: on_cancel())
    return WorkProgress(ls, token, loop, every)
