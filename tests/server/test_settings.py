"""Settings parsing: good values taken, bad ones refused with a message and the default kept."""

from __future__ import annotations

from pathlib import Path

from server.settings import SETTING_KEYS, Settings, parse_settings


def test_defaults_when_nothing_is_given() -> None:
    settings, problems = parse_settings(None)
    assert settings == Settings()
    assert problems == []


def test_values_under_a_steering_section() -> None:
    settings, problems = parse_settings(
        {"steering": {"tokenBudget": 3000, "models": {"small": "my-small"}, "autoEscalate": True}}
    )
    assert problems == []
    assert settings.token_budget == 3000
    assert settings.models.small == "my-small"
    assert settings.models.frontier == Settings().models.frontier
    assert settings.auto_escalate is True


def test_bad_values_keep_the_default_and_say_why() -> None:
    settings, problems = parse_settings(
        {"tokenBudget": "lots", "autoEscalate": "true", "diagnosticSeverity": "loud", "nope": 1}
    )
    assert settings == Settings()
    assert any("tokenBudget must be a whole number from 500 to 200,000" in p for p in problems)
    assert any("autoEscalate must be true or false" in p for p in problems)
    assert any("diagnosticSeverity must be one of" in p for p in problems)
    assert any("unknown setting steering.nope" in p for p in problems)


def test_bad_models_object() -> None:
    settings, problems = parse_settings({"models": {"huge": "x", "small": ""}})
    assert settings.models == Settings().models
    assert len(problems) == 2


def test_not_an_object() -> None:
    settings, problems = parse_settings(["tokenBudget", 1])
    assert settings == Settings()
    assert problems


def test_an_empty_or_wrong_steering_section() -> None:
    # Lua clients encode an empty table as [], so `{"steering": []}` means "no settings".
    for empty in ([], None, {"steering": []}, {"steering": None}, {"steering": {}}):
        assert parse_settings(empty) == (Settings(), []), empty
    settings, problems = parse_settings({"steering": "tokenBudget=1"})
    assert settings == Settings()
    assert problems == ["steering settings must be an object; using the defaults"]


def test_updates_apply_on_top_of_a_base() -> None:
    base, _ = parse_settings({"tokenBudget": 1234})
    updated, _ = parse_settings({"debounceMs": 50}, base=base)
    assert (updated.token_budget, updated.debounce_ms) == (1234, 50)


def test_every_key_is_documented_in_the_readme() -> None:
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    missing = [key for key in SETTING_KEYS if f"`{key}`" not in readme]
    assert not missing, f"settings missing from README: {missing}"


def test_numbers_out_of_range_keep_the_default_and_say_the_range(tmp_path: Path) -> None:
    settings, problems = parse_settings(
        {
            "debounceMs": 10**400,
            "tokenBudget": 1e19,
            "maxRetries": 10**12,
            "requestTimeoutSeconds": float("inf"),
            "conventionMinShare": float("nan"),
        }
    )
    assert settings == Settings()
    assert len(problems) == 5
    assert any("debounceMs must be a whole number from 0 to 10,000" in p for p in problems)
    assert any(
        "requestTimeoutSeconds must be a number above 0 and at most 3600" in p for p in problems
    )


def test_paths_and_globs_are_checked(tmp_path: Path) -> None:
    settings, problems = parse_settings(
        {
            "indexPath": "/dev/null",
            "excludes": ["build/", "["],
            "secretGlobs": ["config/*.{yaml,json"],
        }
    )
    assert settings == Settings()
    assert any(
        "indexPath must name a file; /dev/null is a directory or a device" in p for p in problems
    )
    assert any("excludes holds '['" in p for p in problems)
    assert any("secretGlobs holds 'config/*.{yaml,json'" in p for p in problems)
    good, problems = parse_settings(
        {"indexPath": str(tmp_path / "new" / "index.db"), "excludes": ["[a-z]*.gen.py", r"\["]}
    )
    assert problems == []
    assert good.excludes == ("[a-z]*.gen.py", r"\[")


def test_review_settings_reach_the_engine_and_bad_ones_are_refused() -> None:
    from server.settings import engine_settings

    settings, problems = parse_settings(
        {"reviewers": ["rules", " money "], "reviewConfirm": True, "reviewMaxCostUsd": 0.2}
    )
    assert problems == []
    review = engine_settings(settings).review
    assert (review.reviewers, review.confirm, review.max_cost_usd) == (
        ("rules", "money"),
        True,
        0.2,
    )
    settings, problems = parse_settings(
        {"reviewers": [], "reviewConfirm": "yes", "reviewMaxCostUsd": 0}
    )
    assert settings == Settings()
    assert any("reviewers must be a non-empty list of reviewer names" in p for p in problems)
    assert any("reviewConfirm must be true or false" in p for p in problems)
    assert any("reviewMaxCostUsd must be a number above 0" in p for p in problems)
