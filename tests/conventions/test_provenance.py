"""A file copied from another project, as its header says, neither votes nor is judged."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from steering_index.cli.conventions import run_check
from steering_index.conventions.provenance import (
    NO_LICENCE,
    ProjectLicence,
    foreign_origin,
    licence_file,
    licence_kind,
    project_licence,
    project_names,
)
from tests.conventions.conftest import extract_sources
from tests.workspaces import write_tree

MIT = (
    "Permission is hereby granted, free of charge, to any person obtaining a copy\n"
    'of this software and associated documentation files (the "Software").\n'
)
BSD = "Redistribution and use in source and binary forms, with or without\nmodification.\n"
APACHE = 'Licensed under the Apache License, Version 2.0 (the "License");\n'
JQ_LIKE = ProjectLicence(("dolan stephen",), "mit")


def _origin(path: str, header: str, licence: ProjectLicence = JQ_LIKE) -> str | None:
    (extract,) = extract_sources({path: header + "int run_task(int x) { return x; }\n"})
    return foreign_origin(extract, licence)


def test_the_licence_names_its_holders_first_and_its_kind(tmp_path: Path) -> None:
    # jq's COPYING names its author, then the holders of the code it includes, further down.
    (tmp_path / "COPYING").write_text(
        f"jq is copyright (C) 2012 Stephen Dolan\n\n{MIT}\n"
        "jq uses parts of the dtoa library:\n\nCopyright (c) 1991, 2000 by Lucent Technologies.\n"
    )
    assert project_licence(tmp_path) == ProjectLicence(("dolan stephen",), "mit")


def test_a_licence_may_name_its_holder_after_copyright_by(tmp_path: Path) -> None:
    # libarchive's COPYING: "Copyright by" its author, then a template naming nobody; Igor
    # Pavlov's PPMd code in it puts itself in the public domain.
    (tmp_path / "COPYING").write_text(
        "The libarchive distribution as a whole is Copyright by Tim Kientzle\n"
        "and is subject to the copyright notice reproduced at the bottom of\nthis file.\n\n"
        f"Copyright (c) 2003-2018 <author(s)>\nAll rights reserved.\n\n{BSD}"
    )
    licence = project_licence(tmp_path)
    assert licence == ProjectLicence(("kientzle tim",), "bsd")
    ppmd = "/* Ppmd7.c -- PPMdH codec\n2010-03-12 : Igor Pavlov : Public domain */\n"
    why = "its header puts it in the public domain, unlike the project's licence"
    assert _origin("libarchive/archive_ppmd7.c", ppmd, licence) == why
    own = "/*\n * This code is in the public domain.\n * Tim Kientzle, February 2009.\n */\n"
    assert _origin("libarchive/archive_parse_date.c", own, licence) is None
    # Words after "copyright" that are no notice name nobody.
    (tmp_path / "COPYING").write_text(f"Keep the copyright notice below.\n\n{BSD}")
    assert project_licence(tmp_path) == ProjectLicence((), "bsd")


# zlib's LICENSE: "Copyright notice:", then the mark, the years and the holders.
ZLIB_LICENCE = (
    "Copyright notice:\n\n (C) 1995-2024 Jean-loup Gailly and Mark Adler\n\n"
    "  This software is provided 'as-is', without any express or implied warranty.\n"
)


def test_a_licence_may_give_its_holders_after_the_mark_alone(tmp_path: Path) -> None:
    (tmp_path / "LICENSE").write_text(ZLIB_LICENCE)
    assert project_licence(tmp_path).holders == ("adler gailly jean loup mark",)


def test_two_holders_in_a_row_are_both_the_projects(tmp_path: Path) -> None:
    (tmp_path / "LICENSE.md").write_text(
        "Copyright (c) 2009-2017 Robby Russell and contributors\n"
        "Copyright 2017-present Toan Nguyen and contributors\n\n" + MIT
    )
    licence = project_licence(tmp_path)
    assert licence.holders == ("robby russell", "nguyen toan") and licence.kind == "mit"


@pytest.mark.parametrize(
    "text",
    [
        # Apache's own text names no holder, even in its appendix's template.
        APACHE + "the copyright owner or entity authorized by\n"
        "copyright, patent, trademark, and attribution notices\n"
        "   Copyright [yyyy] [name of copyright owner]\n",
        "THE SOFTWARE IS PROVIDED AS IS; IN NO EVENT SHALL THE COPYRIGHT HOLDERS BE LIABLE\n",
    ],
)
def test_a_licence_naming_nobody_gives_no_holder(tmp_path: Path, text: str) -> None:
    (tmp_path / "LICENSE").write_text(text)
    # Only its kind, where its words tell it (Apache's).
    assert project_licence(tmp_path) == ProjectLicence((), licence_kind(text))


def test_no_licence_file_gives_no_holder(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("Copyright (c) 2020 Someone Else\n")
    assert project_licence(tmp_path) == NO_LICENCE
    assert project_licence(tmp_path / "missing") == NO_LICENCE


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (MIT, "mit"),
        (BSD, "bsd"),
        (APACHE, "apache"),
        ("// SPDX-License-Identifier: BSL-1.0\n", "boost"),
        ("# SPDX-License-Identifier: GPL-2.0-or-later\n", "gpl"),
        ("This program is free software under the GNU General Public License\n", "gpl"),
        ("Permission to use, copy, modify, and distribute this software for any\n", "notice"),
        # IBM's decNumber headers name theirs; its text then reads as MIT's.
        (
            "/* This software is made available under the terms of the   */\n"
            "/* ICU License -- ICU 1.8.1 and later.                      */\n",
            "icu",
        ),
        ("ICU License - ICU 1.8.1 and later\n\n" + MIT, "icu"),
        ("Nothing about a licence here.\n", ""),
    ],
)
def test_a_licence_is_known_by_its_words(text: str, kind: str) -> None:
    assert licence_kind(text) == kind


@pytest.mark.parametrize(
    ("path", "header"),
    [
        (
            "src/jv_thread.h",
            "#ifndef JV_THREAD_H\n#define JV_THREAD_H\n"
            "/* Copied from Heimdal: pthread-like mutexes for WIN32 */\n",
        ),
        ("lib/feedbacks.swift", "// Created by K. Z.\n//\n// Taken from RxFeedback repo\n"),
        (
            "src/NullsafeQueryRewriter.cs",
            "/// NullSafeQueryRewriter is copied from the NeinLinq project.\n",
        ),
        ("src/clock.kt", "// This file is adapted from the WASI preview1 spec here:\n"),
        ("src/calls.kt", "/* Licensed. */\n// Copied from https://github.com/square/okhttp/x.kt\n"),
        ("src/ffc.h", "// Vendored into hiredis under the MIT License.\n"),
        ("src/tok.c", "/* A vendored copy of CPython's tokenizer. */\n"),
        ("src/small_vector.hpp", "// small vector modified from llvm\n"),
    ],
)
def test_a_header_that_says_where_the_file_comes_from(path: str, header: str) -> None:
    assert _origin(path, header) is not None


@pytest.mark.parametrize(
    "header",
    [
        # The BSD licence's wording, in a file of the project's own.
        "/* Neither the name may be used to endorse or promote products derived from this"
        " software without specific prior written permission. */\n",
        # About a part of the file, not the file.
        "// Use a custom launcher derived from ChromeHeadless to keep its defaults.\n",
        "# some moderate history controls taken from sensible.bash\n",
        "/*\n* The presentation preferences are taken from the data payload.\n*/\n",
        "// Parser is copied from the one in net.c, to keep both apart.\n",
    ],
)
def test_a_header_about_something_else_is_not_provenance(header: str) -> None:
    assert _origin("src/buffer.c", header) is None


def test_tests_borrowed_from_another_project_are_the_projects() -> None:
    # scrapy's `test_webclient.py`: tests taken over are rewritten to the project's harness,
    # and its maintainers accept their names judged by its conventions.
    source = '"""Tests borrowed from the twisted.web.client tests."""\n\ndef testGet():\n    pass\n'
    (extract,) = extract_sources({"tests/test_webclient.py": source})
    assert foreign_origin(extract, JQ_LIKE) is None


def test_only_comments_before_the_first_definition_are_the_header() -> None:
    # faraday's `RackBuilder`: a class's comment on a part of it, not on the file.
    source = (
        "module Faraday\n  class RackBuilder\n"
        "    # borrowed from ActiveSupport::Dependencies::Reference\n"
        "    class Handler\n    end\n  end\nend\n"
    )
    (extract,) = extract_sources({"lib/faraday/rack_builder.rb": source})
    assert foreign_origin(extract, JQ_LIKE) is None
    (extract,) = extract_sources(
        {"lib/faraday/rack_builder.rb": "# Borrowed from Rack.\n" + source}
    )
    assert foreign_origin(extract, JQ_LIKE) is not None


def test_another_projects_address_is_not_the_files() -> None:
    # With the project's remote known, an address names the file's project only when the
    # repository is named as the file is.
    header = "// See https://github.com/square/okio for the buffer it reads.\n"
    (extract,) = extract_sources({"src/buffer.c": header + "int read_all(int x);\n"})
    assert foreign_origin(extract, JQ_LIKE, frozenset({"acme", "buffers"})) is None
    (extract,) = extract_sources({"src/okio.c": header + "int read_all(int x);\n"})
    assert foreign_origin(extract, JQ_LIKE, frozenset({"acme", "buffers"})) is not None


@pytest.mark.parametrize(
    ("name", "licence"),
    [
        ("LICENSE", True),
        ("COPYING.txt", True),
        ("License.rtf", True),
        ("LICENSE-MIT", True),
        ("ICU-license.html", True),
        ("COPYING_LGPL.txt", True),
        ("license-check.js", False),
        ("licence_test.py", False),
        ("README.md", False),
        ("icu-license-notes.txt", False),
    ],
)
def test_a_licence_file_may_name_its_licence(name: str, licence: bool) -> None:
    assert licence_file(name) is licence


def test_another_holder_under_another_licence_is_another_projects() -> None:
    header = f"/*\n  Copyright (c) 2005-2019 Intel Corporation\n\n  {APACHE}*/\n"
    why = _origin("sandbox/seismic/universe.cpp", header)
    assert why == "its copyright holder (intel) is not the project's, nor its licence (apache)"
    # typecho's copy of PEAR's Services_JSON: a colon after the word, the licence by its
    # address alone.
    services_json = (
        "/**********************************\n * Created on: 2007-2-2\n"
        " * File Name : lib.json.php\n * Copyright : 2005 Michal Migursk\n"
        " * License   :  http://www.opensource.org/licenses/bsd-license.php\n"
        " *********************************/\n"
    )
    why = _origin("var/Json.c", services_json)
    assert (
        why == "its copyright holder (michal migursk) is not the project's, nor its licence (bsd)"
    )
    # jq's copy of IBM's decNumber, under the ICU licence in an MIT project.
    decnumber = (
        "/* Copyright (c) IBM Corporation, 2000, 2010.  All rights reserved.   */\n"
        "/*                                                                    */\n"
        "/* This software is made available under the terms of the             */\n"
        "/* ICU License -- ICU 1.8.1 and later.                                */\n"
    )
    why = _origin("src/decNumber/decDouble.c", decnumber)
    assert why == "its copyright holder (ibm) is not the project's, nor its licence (icu)"


@pytest.mark.parametrize(
    "header",
    [
        # A contributor's file, under the project's licence (hiredis's `alloc.c`).
        f"/*\n * Copyright (c) 2020, Michael Grunder <michael dot grunder at gmail dot com>\n"
        f" * {MIT} */\n",
        # The project's own holder.
        f"/* Copyright (c) 2015 Stephen Dolan.\n{BSD} */\n",
        # The project's own file with parts from elsewhere (jq's `jv.c`, `util.c`).
        f"/*\n * Portions Copyright (c) 2016 Kungliga Tekniska Hogskolan\n{BSD} */\n",
        f"/*\n * Parts (strptime()) Copyright (c) 1997 The NetBSD Foundation, Inc.\n{BSD} */\n",
        # An Xcode template's header names whoever created the file.
        f"//  Created by Ethan Gill on 2017/11/28.\n//  Copyright (c) 2019 Ethan Gill\n// {BSD}",
        # Another holder and no licence named: a maintainer's line, as likely as not.
        "# Copyright (C) 2023 Koichi Murase\n",
    ],
)
def test_a_header_of_the_projects_own_file(header: str) -> None:
    assert _origin("src/alloc.c", header) is None


ISC_HEADER = (
    "/* Copyright (c) 2013, Ben Noordhuis <info@bnoordhuis.nl>\n *\n"
    " * Permission to use, copy, modify, and/or distribute this software for any\n"
    " * purpose with or without fee is hereby granted.\n */\n"
)


def test_a_person_the_authors_file_lists_is_the_projects(tmp_path: Path) -> None:
    # libuv's `heap-inl.h`: its maintainer's own code, under a licence of his own (ISC, its
    # words across the comment's lines), in an MIT project whose AUTHORS file names him.
    write_tree(
        tmp_path,
        {
            "LICENSE": "Copyright (c) 2015-present libuv project contributors.\n\n" + MIT,
            "AUTHORS": "Ben Noordhuis <info@bnoordhuis.nl>\nBert Belder <bertbelder@gmail.com>\n",
        },
    )
    licence = project_licence(tmp_path)
    assert licence.holders == ("libuv",) and {"ben", "noordhuis"} <= licence.people
    assert "bnoordhuis" not in licence.people  # an address is no name
    assert _origin("src/heap-inl.h", ISC_HEADER, licence) is None
    why = _origin("src/heap-inl.h", ISC_HEADER, ProjectLicence(("libuv",), "mit"))
    assert why == "its copyright holder (ben noordhuis) is not the project's, nor its licence (isc)"


def test_without_a_holder_in_the_licence_no_header_holder_is_foreign() -> None:
    header = f"/*\n  Copyright (c) 2005-2019 Intel Corporation\n\n  {APACHE}*/\n"
    assert _origin("src/universe.cpp", header, NO_LICENCE) is None


def test_a_public_domain_file_is_another_projects_unless_it_names_the_holders() -> None:
    # libevent's `sha1.c` in a project under the licence of its two authors; imgui's copy
    # of `stb_truetype.h`.
    licence = ProjectLicence(("mathewson nick niels provos",), "bsd")
    sha1 = "/*\nSHA-1 in C\nBy Steve Reid <steve@edmweb.com>\n100% Public Domain\n*/\n"
    why = "its header puts it in the public domain, unlike the project's licence"
    assert _origin("sha1.c", sha1, licence) == why
    stb = "// stb_truetype.h - v1.26 - public domain\n// authored by Sean Barrett\n"
    assert _origin("imstb_truetype.h", stb, ProjectLicence(("cornut omar",), "mit")) == why
    # The holders' own file; a licence that names nobody (a public-domain project's); a
    # header that says nothing of the public domain.
    own = "/* Written by Niels Provos; placed in the public domain. */\n"
    assert _origin("evutil.c", own, licence) is None
    assert _origin("sha1.c", sha1, NO_LICENCE) is None
    assert _origin("sha1.c", "/* SHA-1 in C, by Steve Reid */\n", licence) is None


OWN = "static int run_step_{i}(int x) {{ return x; }}\nint count_items_{i}(int n) {{ return n; }}\n"
COPIED = (
    "/*\n    Copyright (c) 2005-2019 Intel Corporation\n\n    " + APACHE + "*/\n"
    "int UpdateStress{i}(int x) {{ return x; }}\nint InitializeUniverse{i}(int n) {{ return n; }}\n"
    "int SerialUpdatePulse{i}(int n) {{ return n; }}\n"
)


def _checked(root: Path, files: dict[str, str | bytes], tmp_path: Path, capsys) -> list[str]:
    """`steering check` (text) of the workspace `files` written at `root`, which finds drift:
    its lines."""
    write_tree(root, files)
    args = argparse.Namespace(
        root=str(root), db=str(tmp_path / "index.db"), paths=[], format="text"
    )
    assert run_check(args) == 1
    return capsys.readouterr().out.splitlines()


def test_a_copied_file_is_not_judged(tmp_path: Path, capsys) -> None:
    root = tmp_path / "taskflowish"
    files: dict[str, str | bytes] = {
        "LICENSE": "Copyright (c) 2018-2026 Dr. Tsung-Wei Huang\n\n" + MIT,
        **{f"src/step{i}.c": OWN.format(i=i) for i in range(10)},
        "src/universe.c": COPIED.format(i=0),
        "src/drift.c": "int UpdateTotals(int x) { return x; }\n",
    }
    out = _checked(root, files, tmp_path, capsys)
    # The copy of Intel's code, among the project's files, neither votes nor is judged:
    # counted, its three names would leave the project's convention short of strong.
    assert [line.split(":")[0] for line in out[:-1]] == ["src/drift.c"]
    assert "`UpdateTotals` is PascalCase" in out[0]


def test_a_folder_shipping_another_projects_licence_is_not_judged(tmp_path: Path, capsys) -> None:
    # assimp's `contrib/zlib/` and `contrib/googletest/`: another project's code in a folder
    # no name marks, with that project's licence file. A folder whose licence names the
    # project's holder, or someone its AUTHORS file lists, stays the project's.
    root = tmp_path / "assimpish"
    foreign = (
        "int UpdateStress{i}(int x) {{ return x; }}\nint InitPulse{i}(int n) {{ return n; }}\n"
    )
    files: dict[str, str | bytes] = {
        "LICENSE": "Copyright (c) 2006-2026, assimp team\n\n" + BSD,
        "AUTHORS": "Kim Kulling\n",
        **{f"code/step{i}.c": OWN.format(i=i) for i in range(20)},
        "contrib/zlib/LICENSE": ZLIB_LICENCE,
        **{f"contrib/zlib/src/z{i}.c": foreign.format(i=i) for i in range(3)},
        # jq's `src/decNumber/`: a licence file named with its licence, in HTML.
        "code/decimal/ICU-license.html": (
            "<html><title>ICU License - ICU 1.8.1 and later</title>\n<pre>\n"
            "COPYRIGHT AND PERMISSION NOTICE\n\n"
            "Copyright (c) 1995-2005 International Business Machines Corporation and others\n"
            "All rights reserved.\n\n" + MIT + "</pre></html>\n"
        ),
        "code/decimal/decimal.c": "int DecimalShift(int x) { return x; }\n",
        # cJSON's copy of Unity: its licence in its `docs/`, a README beside them.
        "test/unity/README.md": "Unity Test\n",
        "test/unity/docs/license.txt": "Copyright (c) 2007-14 Mike Karlesky\n\n" + MIT,
        "test/unity/src/unity.c": "int UnityPrintNumber(int x) { return x; }\n",
        # Without a README the folder is the project's: its `docs/` documents the project.
        "tools/docs/LICENSE": "Copyright (c) 2001 Someone Else\n\n" + BSD,
        "tools/scan.c": "int ScanScene(int x) { return x; }\n",
        "contrib/ddl/LICENSE": "Copyright (c) 2014-2020 Kim Kulling\n\n" + MIT,
        "contrib/ddl/ddl.c": "int ParseToken(int x) { return x; }\n",
        "tools/LICENSE": "Copyright (c) 2010 assimp team\n\n" + BSD,
        "tools/dump.c": "int DumpScene(int x) { return x; }\n",
        # assimp's `contrib/clipper/`: the Boost licence's text alone, naming nobody. A
        # licence of the project's own kind that names nobody says nothing.
        "contrib/clipper/License.txt": "Boost Software License - Version 1.0\n",
        "contrib/clipper/clipper.c": "int OffsetPolygon(int x) { return x; }\n",
        "scripts/LICENSE": BSD,
        "scripts/pack.c": "int PackScene(int x) { return x; }\n",
    }
    out = _checked(root, files, tmp_path, capsys)
    # zlib's six PascalCase functions neither vote (with them `contrib/` kept a PascalCase
    # convention of its own, which `ddl.c` followed) nor are judged.
    assert [line.split(":")[0] for line in out[:-1]] == [
        "contrib/ddl/ddl.c",
        "scripts/pack.c",
        "tools/dump.c",
        "tools/scan.c",
    ]


MAIN_HEADER = "//  JSON for Modern C++\n//  https://github.com/nlohmann/json\n"
REMOTE = '[remote "origin"]\n\turl = {}\n'


def test_a_file_named_after_another_project_giving_its_address_is_that_projects() -> None:
    # plog's copy of FreeRTOS's `FreeRTOSConfig.h`: Amazon's copyright, under the MIT
    # licence as plog is, and the addresses of the project it is named after.
    freertos = (
        "/*\n * FreeRTOS Kernel <DEVELOPMENT BRANCH>\n"
        " * Copyright (C) 2021 Amazon.com, Inc. or its affiliates. All Rights Reserved.\n"
        f" *\n * SPDX-License-Identifier: MIT\n *\n * {MIT} *\n"
        " * https://www.FreeRTOS.org\n * https://github.com/FreeRTOS\n */\n"
    )
    why = _origin("samples/FreeRTOS/FreeRTOSConfig.h", freertos)
    assert why == (
        "its copyright holder (amazon) is not the project's, and it gives the address of"
        " https://www.FreeRTOS.org, whose name it bears"
    )
    # The organisation's address alone says as much.
    org_only = freertos.replace(" * https://www.FreeRTOS.org\n", "")
    assert "github.com/FreeRTOS" in (_origin("FreeRTOSConfig.h", org_only) or "")
    # A file named otherwise, the project's own names, the project's own holder, or no
    # address: a contributor's file under the project's licence.
    assert _origin("src/config.h", freertos) is None
    (extract,) = extract_sources({"FreeRTOSConfig.h": freertos + "int run_task(int x);\n"})
    assert foreign_origin(extract, JQ_LIKE, frozenset({"freertos", "kernel"})) is None
    assert (
        _origin("FreeRTOSConfig.h", freertos.replace("Amazon.com, Inc.", "Stephen Dolan")) is None
    )
    assert _origin("FreeRTOSConfig.h", freertos.split(" * https://")[0] + " */\n") is None
    # A licence's address names no project the file is named after.
    apache = (
        "/* Copyright 2020 Jane Roe\n * SPDX-License-Identifier: MIT\n"
        " * See https://www.apache.org/licenses/LICENSE-2.0 */\n"
    )
    assert _origin("src/ApacheBridge.c", apache) is None
    # Only a domain's own name or a forge's owner names a site: not a host's other labels
    # (h2o's test giving `http://d1000.inject.example.com/`), nor a repository a file's name
    # merely begins with (redis's `listpack_malloc.h` giving `github.com/antirez/listpack`).
    inject = "/* Copyright (c) 2016 Kazuho Oku\n * SPDX-License-Identifier: MIT\n"
    assert _origin("t/injectaddr.c", inject + " * http://d1000.inject.example.com/ */\n") is None
    listpack = inject + " * https://github.com/antirez/listpack */\n"
    assert _origin("src/listpack_malloc.h", listpack) is None
    assert _origin("src/antirez_malloc.h", listpack) is not None
    # roundcubemail's TinyCP driver gives TinyCP's site and Roundcube's: written for it.
    tinycp = (
        "<?php\n/**\n * Enable the password driver in Roundcube (https://roundcube.net/) for"
        " the\n * TinyCP Control Panel (https://tinycp.com/).\n"
        " * Copyright (C) 2020 Ricky Mendoza\n * SPDX-License-Identifier: MIT\n */\n"
        "class rcube_tinycp_password {}\n"
    )
    (driver,) = extract_sources({"drivers/tinycp.php": tinycp})
    assert foreign_origin(driver, JQ_LIKE, frozenset({"roundcube", "roundcubemail"})) is None
    assert foreign_origin(driver, JQ_LIKE, frozenset({"acme"})) is not None


def test_a_header_giving_its_own_address_is_judged_by_the_git_remote(tmp_path: Path) -> None:
    # nlohmann's `json.hpp` in a clone of nlohmann/json is the project's own; oh-my-bash's
    # `mo.sh`, giving mo's address, is mo's. Without a remote, the address says nothing.
    (json_hpp, mo_sh) = extract_sources(
        {
            "json.hpp": MAIN_HEADER + "int get_ptr(int x);\n",
            "lib/mo.sh": "# Mo renders mustache templates.\n# https://github.com/tai/mo\n"
            "mo_parse() { :; }\n",
        }
    )
    json_clone = write_tree(
        tmp_path / "work", {".git/config": REMOTE.format("git@github.com:nlohmann/json.git")}
    )
    omb = write_tree(
        tmp_path / "omb", {".git/config": REMOTE.format("https://github.com/ohmybash/oh-my-bash")}
    )
    assert project_names(json_clone) == {"nlohmann", "json"}
    assert project_names(omb) == {"ohmybash"}
    assert foreign_origin(json_hpp, NO_LICENCE, project_names(json_clone)) is None
    why = foreign_origin(mo_sh, NO_LICENCE, project_names(omb))
    assert why == "its header gives the address of its own project, github.com/tai/mo"
    assert foreign_origin(mo_sh, NO_LICENCE, project_names(tmp_path)) is None
    assert project_names(tmp_path / "missing") == frozenset()


def test_a_header_giving_the_address_of_a_file_of_its_name_elsewhere_is_that_projects(
    tmp_path: Path,
) -> None:
    # tmux's `tools/24-bit-color.sh` says only "From" and the file's address in iTerm2.
    header = (
        "#!/bin/bash\n# This file echoes four gradients.\n#\n# From\n"
        "# https://github.com/gnachman/iTerm2/blob/master/tests/{name}\n"
        "# and presumably covered by\n# https://github.com/gnachman/iTerm2/blob/master/LICENSE\n"
        "setBackgroundColor() { :; }\n"
    )
    (copied, other) = extract_sources(
        {
            "tools/24-bit-color.sh": header.replace("{name}", "24-bit-color.sh"),
            "tools/colors.sh": header.replace("{name}", "24-bit-color.sh"),
        }
    )
    tmux = write_tree(
        tmp_path / "tmux", {".git/config": REMOTE.format("https://github.com/tmux/tmux")}
    )
    iterm = write_tree(
        tmp_path / "iterm", {".git/config": REMOTE.format("https://github.com/gnachman/iTerm2")}
    )
    why = foreign_origin(copied, NO_LICENCE, project_names(tmux))
    assert why == ("its header gives its address in another project, github.com/gnachman/iTerm2")
    # A file of another name that points at one is not said to be it; in iTerm2's own
    # clone, or with no remote to compare, the address says nothing.
    assert foreign_origin(other, NO_LICENCE, project_names(tmux)) is None
    assert foreign_origin(copied, NO_LICENCE, project_names(iterm)) is None
    assert foreign_origin(copied, NO_LICENCE, frozenset()) is None


def test_a_header_saying_its_file_is_part_of_another_project_is_that_projects() -> None:
    # roundcubemail's `.php-cs-fixer-fully_qualified_strict_types.php`: "This file is part
    # of PHP CS Fixer.", its holder without a year; the project's own files say they are part
    # of the Roundcube Webmail client. gnulib's copies: "part of the GNU C Library".
    roundcube = frozenset({"roundcube", "roundcubemail"})
    team = ProjectLicence(("dev roundcube team",), "gpl")
    fixer = (
        "<?php\n\n/*\n * This file is part of PHP CS Fixer.\n *\n"
        " * (c) Fabien Potencier <fabien@symfony.com>\n */\n\nnamespace Custom;\n\n"
        "class Fixer {}\n"
    )
    own = fixer.replace("PHP CS Fixer", "the Roundcube Webmail client")
    by_team = fixer.replace("PHP CS Fixer", "the Dev Team's mail suite")
    glibc = "/* This file is part of the GNU C Library.  */\nint getopt_long(int argc);\n"
    extracts = {
        e.path: e
        for e in extract_sources(
            {"fixer.php": fixer, "own.php": own, "team.php": by_team, "getopt.c": glibc}
        )
    }
    fixer_x, own_x, team_x = extracts["fixer.php"], extracts["own.php"], extracts["team.php"]
    getopt_x = extracts["getopt.c"]
    assert foreign_origin(fixer_x, team, roundcube) == (
        "its header says it is part of PHP CS Fixer"
    )
    assert foreign_origin(getopt_x, team, frozenset({"libusb"})) == (
        "its header says it is part of GNU C Library"
    )
    assert foreign_origin(own_x, team, roundcube) is None
    # A word of the licence's holders is the project's; with no names to compare, nothing.
    assert foreign_origin(team_x, team, frozenset({"mailsuite"})) is None
    assert foreign_origin(fixer_x, team, frozenset()) is None


def test_a_worktrees_names_are_its_repositorys(tmp_path: Path) -> None:
    repository = write_tree(
        tmp_path / "json",
        {
            ".git/config": REMOTE.format("https://github.com/nlohmann/json.git"),
            ".git/worktrees/feature/commondir": "../..\n",
        },
    )
    worktree = write_tree(
        tmp_path / "feature", {".git": f"gitdir: {repository / '.git/worktrees/feature'}\n"}
    )
    assert project_names(worktree) == {"nlohmann", "json"}
