"""Helpers shared by the test folders for writing small workspaces on disk."""

from __future__ import annotations

from pathlib import Path


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write `files` (relative path -> text or bytes) under `root` and return `root`."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def django_hook_test(i: int) -> str:
    """A Django test module: its `setUpTestData` is a framework hook, camelCase by decree.
    Its base is the project's own test case, so the file alone does not show the hook is
    Django's: only that it is written alike in several files."""
    return (
        "from tests.base import ServiceTestCase\n\n\n"
        f"class ServiceTests{i}(ServiceTestCase):\n"
        "    @classmethod\n"
        "    def setUpTestData(cls):\n"
        "        cls.service = None\n\n"
        f"    def test_handles_request_{i}(self):\n"
        "        assert self.service is None\n"
    )
