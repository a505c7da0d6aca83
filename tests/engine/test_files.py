"""Safe reading: every bad file becomes a problem with a clear message, never an exception."""

from __future__ import annotations

from pathlib import Path

import pytest

from steering_index.index.files import ReadProblem, TextFile, WorkspaceReader, read_text


def test_reads_utf8_and_drops_a_bom(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"\xef\xbb\xbfcaf\xc3\xa9\n")
    result = read_text(path, tmp_path)
    assert isinstance(result, TextFile)
    assert result.text == "café\n"


@pytest.mark.parametrize(
    ("data", "kind", "words"),
    [
        (b"abc\x00def", "binary", "binary"),
        (b"ok\n\xff\xfe bad", "invalid-utf8", "line 2"),
        (b"x" * 2000, "too-large", "over the limit"),
    ],
)
def test_bad_content(tmp_path: Path, data: bytes, kind: str, words: str) -> None:
    path = tmp_path / "f.txt"
    path.write_bytes(data)
    result = read_text(path, tmp_path, max_bytes=1000)
    assert isinstance(result, ReadProblem)
    assert result.kind == kind
    assert words in result.message


def test_symlink_loop_is_unreadable_not_outside(tmp_path: Path) -> None:
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    result = read_text(tmp_path / "a", tmp_path)
    assert isinstance(result, ReadProblem)
    assert result.kind == "unreadable"
    assert "loop" in result.message


def test_symlink_out_of_the_workspace_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("secret")
    root = tmp_path / "ws"
    root.mkdir()
    (root / "link.md").symlink_to(outside)
    result = read_text(root / "link.md", root)
    assert isinstance(result, ReadProblem)
    assert result.kind == "outside-workspace"


def test_a_folder_symlinked_out_of_the_workspace_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.py").write_text("KEY = 1\n")
    root = tmp_path / "ws"
    (root / "src").mkdir(parents=True)
    (root / "src" / "ok.py").write_text("x = 1\n")
    (root / "src" / "linked").symlink_to(outside)
    (root / "src" / "up.py").symlink_to(root / "src" / "ok.py")
    reader = WorkspaceReader(root)
    for path in (root / "src" / "linked" / "secret.py", root / ".." / "outside" / "secret.py"):
        result = reader.read(path)
        assert isinstance(result, ReadProblem) and result.kind == "outside-workspace"
    for name in ("ok.py", "up.py"):  # a plain file, and a symlink that stays inside
        result = reader.read(root / "src" / name)
        assert isinstance(result, TextFile) and result.text == "x = 1\n"


def test_a_reader_checks_each_file_it_reads_in_a_known_folder(tmp_path: Path) -> None:
    outside = tmp_path / "outside.py"
    outside.write_text("KEY = 1\n")
    root = tmp_path / "ws"
    root.mkdir()
    (root / "a.py").write_text("a = 1\n")
    reader = WorkspaceReader(root)
    assert isinstance(reader.read(root / "a.py"), TextFile)
    (root / "a.py").unlink()
    (root / "a.py").symlink_to(outside)  # swapped for a symlink after its folder was checked
    result = reader.read(root / "a.py")
    assert isinstance(result, ReadProblem) and result.kind == "outside-workspace"


def test_missing_and_unreadable(tmp_path: Path) -> None:
    missing = read_text(tmp_path / "nope.md", tmp_path)
    assert isinstance(missing, ReadProblem) and missing.kind == "missing"
    folder = tmp_path / "looks-like-a-file.md"
    folder.mkdir()  # reading a folder fails even as root, unlike a chmod 0 file
    result = read_text(folder, tmp_path)
    assert isinstance(result, ReadProblem) and result.kind == "unreadable"
    assert "cannot be read" in result.message
