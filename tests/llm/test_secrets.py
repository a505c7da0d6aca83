"""Secret files are recognised and secret-looking strings are redacted (and only those)."""

from __future__ import annotations

import pytest

from steering_index.secrets import find_secrets, is_secret_path, redact, restore

# Built from pieces so that this file does not itself look like it leaks credentials.
ANTHROPIC_KEY = "sk-ant-" + "api03-" + "Zq8vT1mKp4LxR7wB2nYc5eHj"
AWS_KEY = "AKIA" + "QX7RM2KD9PLW4TZB"
GITHUB_TOKEN = "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8"
SLACK_TOKEN = "xoxb-" + "2048-409602-Kq7vR2mNp4Tx"
JWT = "eyJhbGciOiJIUzI1NiJ9" + ".eyJzdWIiOiIxMjM0NTY3ODkwIn0" + ".dBjftJeZ4CVPmB92K27uhbUJU1p1r"
PEM = (
    "-----BEGIN RSA PRIVATE KEY-----\n"
    "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\n"
    "-----END RSA PRIVATE KEY-----"
)


@pytest.mark.parametrize(
    "path",
    [
        ".env",
        ".env.production",
        "deploy/.env.local",
        "config/prod.env",
        "certs/server.pem",
        "certs/server.key",
        "keys/id_rsa",
        "keys/id_ed25519.pub",
        "store.p12",
        "gcp/credentials-prod.json",
        ".npmrc",
        ".pypirc",
        "config/secrets.yaml",
        "home/.ssh/config",
        "infra/terraform.tfstate",
    ],
)
def test_secret_files_are_recognised(path: str) -> None:
    assert is_secret_path(path)


@pytest.mark.parametrize(
    "path",
    ["src/shop/config.py", "README.md", "environment.py", "keyboard.ts", "tests/test_env.py"],
)
def test_ordinary_files_are_not_secret(path: str) -> None:
    assert not is_secret_path(path)


def test_user_globs_extend_the_list() -> None:
    assert not is_secret_path("deploy/values-prod.yaml")
    assert is_secret_path("deploy/values-prod.yaml", ["deploy/*-prod.yaml"])
    assert is_secret_path("any/where/vault.json", ["vault.json"])


@pytest.mark.parametrize(
    ("text", "secret", "kind"),
    [
        (f'client = Anthropic(api_key="{ANTHROPIC_KEY}")', ANTHROPIC_KEY, "api-key"),
        (f"aws_access_key_id = {AWS_KEY}", AWS_KEY, "aws-access-key"),
        (f"git clone https://{GITHUB_TOKEN}@github.com/acme/shop", GITHUB_TOKEN, "token"),
        (f"SLACK = '{SLACK_TOKEN}'", SLACK_TOKEN, "token"),
        (f"headers = {{'Authorization': 'Bearer {JWT}'}}", JWT, "jwt"),
        (f"KEY = '''\n{PEM}\n'''", PEM, "private-key"),
        ("DATABASE_URL = 'postgres://shop:Tr0ub4dor&3@db:5432/shop'", "Tr0ub4dor&3", "password"),
        ('DB_PASSWORD = "correct horse battery"', "correct horse battery", "secret"),
        ("export STRIPE_SECRET_KEY=rk9Fz2Lq7Vb3", "rk9Fz2Lq7Vb3", "secret"),
        ('settings = {"api_key": "9f8e7d6c5b4a3210"}', "9f8e7d6c5b4a3210", "secret"),
    ],
)
def test_secrets_are_redacted(text: str, secret: str, kind: str) -> None:
    redacted, count = redact(text)
    assert secret not in redacted
    assert f"[REDACTED:{kind}]" in redacted
    assert count == 1


def test_readable_parts_of_a_url_survive() -> None:
    redacted, _ = redact("postgres://shop:hunter2hunter2@db.internal:5432/orders")
    assert redacted == "postgres://shop:[REDACTED:password]@db.internal:5432/orders"


@pytest.mark.parametrize(
    "code",
    [
        'password = request.form["password"]',
        'api_key = os.environ["ANTHROPIC_API_KEY"]',
        'token_type = "bearer"',
        "def check_password(user, password):\n    return hash(password) == user.digest",
        'SECRET_KEY = os.getenv("SECRET_KEY", "")',
        "url = f'https://{host}:{port}/health'",
    ],
)
def test_ordinary_code_is_left_alone(code: str) -> None:
    assert redact(code) == (code, 0)


def test_redaction_is_idempotent() -> None:
    once, count = redact(f"key = '{ANTHROPIC_KEY}'\npassword = 'hunter2hunter2'")
    assert count == 2
    assert redact(once) == (once, 0)


def test_secrets_come_back_in_order_of_appearance() -> None:
    original = "A_TOKEN = 'first-secret-1'\nB_TOKEN = 'second-secret-2'\n"
    redacted, _ = redact(original)
    answer = redacted.replace("A_TOKEN", "ALPHA_TOKEN")
    restored, unmatched = restore(answer, original)
    assert restored == original.replace("A_TOKEN", "ALPHA_TOKEN")
    assert unmatched == 0


def test_a_marker_without_a_secret_behind_it_is_reported() -> None:
    restored, unmatched = restore("key = '[REDACTED:api-key]'", "key = None")
    assert unmatched == 1
    assert "[REDACTED:api-key]" in restored


def test_found_secrets_do_not_overlap() -> None:
    text = f"url = 'https://user:{ANTHROPIC_KEY}@example.com'"
    matches = find_secrets(text)
    assert len(matches) == 1
    assert ANTHROPIC_KEY in matches[0].text
