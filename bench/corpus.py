"""Public source distributions the benchmarks measure on, fetched once into bench/.cache."""

from __future__ import annotations

import re
import subprocess
import sys
import tarfile
from pathlib import Path

CACHE = Path(__file__).resolve().parent / ".cache"


def fetch_sdist(project: str, version: str, cache: Path = CACHE) -> Path:
    """The unpacked sdist of `project==version`, downloaded with pip on first use."""
    # pip saves `openai-agents` as openai_agents-0.24.0.tar.gz (PEP 625 names).
    names = {project, re.sub(r"[-_.]+", "_", project).lower()}
    for name in names:
        if (cache / f"{name}-{version}").is_dir():
            return cache / f"{name}-{version}"
    cache.mkdir(parents=True, exist_ok=True)
    archives = [cache / f"{name}-{version}.tar.gz" for name in names]
    if not any(a.exists() for a in archives):
        # django 6.x declares Python >= 3.12; we only read sources, so any Python will do.
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-binary", ":all:", "--no-deps",
             "--ignore-requires-python", f"{project}=={version}", "-d", str(cache)],
            check=True,
        )  # fmt: skip
    archive = next((a for a in archives if a.exists()), None)
    if archive is None:
        raise SystemExit(f"pip downloaded no sdist named like {archives[0].name} into {cache}")
    with tarfile.open(archive) as tar:
        tar.extractall(cache, filter="data")
    return cache / archive.name.removesuffix(".tar.gz")
