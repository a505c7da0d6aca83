"""Kiro specs parsed into requirements, EARS criteria, design sections and linked tasks."""

from __future__ import annotations

from steering_index.rules.formats.kiro_specs import parse_requirements, parse_tasks
from tests.rules.conftest import EXAMPLE_SHOP, load_fixture


def test_fixture_spec_items() -> None:
    items = load_fixture("kiro").spec_items
    by_key = {(i.kind, i.number): i for i in items}
    criterion = by_key[("criterion", "1.2")]
    assert criterion.title.startswith("IF the password is wrong THEN THE SYSTEM SHALL answer 401")
    assert criterion.lines.first == 16
    assert by_key[("requirement", "2")].title == "Requirement 2: Sessions"
    task = by_key[("task", "2.2")]
    assert (task.requirements, task.done, task.lines.first) == (("1.2",), False, 10)
    assert by_key[("task", "2.1")].done
    assert by_key[("task", "3")].requirements == ("2.2",)
    assert {i.number for i in items if i.kind == "design"} == {"overview", "components"}


def test_every_task_link_points_at_a_real_criterion() -> None:
    from steering_index.rules import load_rules

    items = load_rules(EXAMPLE_SHOP).spec_items
    criteria = {i.number for i in items if i.kind == "criterion" and i.feature == "checkout"}
    links = {n for i in items if i.kind == "task" for n in i.requirements}
    assert links and links <= criteria


def test_requirements_without_criteria_heading_and_odd_task_lines() -> None:
    text = "## Requirement 3\n\nWHEN x THE SYSTEM SHALL y.\n\n1. THE SYSTEM SHALL log it.\n"
    items = parse_requirements("f", "r.md", text)
    assert [(i.kind, i.number) for i in items] == [("requirement", "3"), ("criterion", "3.1")]
    tasks = parse_tasks(
        "f", "t.md", "- [X] Set up CI\n  _Requirements: 1.1, 1.2_\n* [ ] 2. Deploy\n"
    )
    assert [(t.number, t.title, t.done, t.requirements) for t in tasks] == [
        ("1", "Set up CI", True, ("1.1", "1.2")),
        ("2", "Deploy", False, ()),
    ]
