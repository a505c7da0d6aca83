"""workspace/executeCommand `steering.acceptFindings`: record the drift findings there are now
in the workspace's baseline (`.steering/baseline.json`), as `steering check --write-baseline`
does, so that diagnostics show only the drift that comes after.

The argument names a document (`uri`): its findings are recorded, and what the baseline holds
for the other files is kept. With `"workspace": true` every file of the document's workspace
folder is checked and recorded, with work-done progress. The answer says how many findings
the baseline holds and where; the open documents' diagnostics are sent again without them.
A baseline that cannot be read or written changes nothing and says why.
"""

from __future__ import annotations

import asyncio
from typing import Any

from server.app import SteeringServer
from server.command_args import CommandArgs, CommandId
from server.features.diagnostics import refresh_open_documents
from server.features.progress import start_progress
from steering_index.session import DEFAULT_BASELINE, BaselineError


def register(server: SteeringServer) -> None:
    server.command(CommandId.ACCEPT_FINDINGS)(accept_findings)


def _result(status: str, message: str, **extra: Any) -> dict[str, Any]:
    return {"status": status, "message": message, **extra}


async def accept_findings(ls: SteeringServer, args: CommandArgs) -> dict[str, Any]:
    """Record the drift findings of `args.uri` (of its whole folder with `workspace`)."""
    await ls.wait_ready()
    if args.problem is not None:
        return _result("error", args.problem)
    found = ls.folder_for(args.uri)
    if found is None:
        return _result("error", f"{args.uri} is not inside a workspace folder")
    session, path = found
    if not session.indexed:
        return _result(
            "error",
            f"{session.root.name} is still being indexed; accept the findings once indexing"
            " has finished (before, only some of them would be recorded)",
        )
    paths = None if args.whole_workspace else [path]
    title = f"Recording the drift findings of {session.root.name}"
    # Progress for a whole workspace; one file is recorded at once.
    progress = await start_progress(ls, "baseline", title, every=50) if paths is None else None
    report = progress.report if progress else None
    try:
        target, count = await asyncio.to_thread(session.record_baseline, paths, report)
    except BaselineError as exc:
        return _result("error", str(exc))
    except OSError as exc:
        return _result("error", f"cannot write {session.root / DEFAULT_BASELINE}: {exc}")
    finally:
        if progress:
            progress.end()
    await refresh_open_documents(ls)
    what = f"{session.root.name}'s files" if paths is None else path
    noun = "finding" if count == 1 else "findings"
    message = (
        f"the baseline {DEFAULT_BASELINE} of {session.root.name} holds {count} {noun} now"
        f" ({what} recorded); commit it, and diagnostics show only drift that comes after"
    )
    return _result("recorded", message, findings=count, file=target.as_uri())
