"""`fawang check --deploy` is clean in production with the required environment set."""

from __future__ import annotations

import base64
import os
import secrets
import subprocess
import sys
from pathlib import Path

FAWANG = Path(sys.executable).with_name("fawang")


def _run(tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("FAWANG_", "DJANGO_"))}
    base.update(FAWANG_VAR_DIR=str(tmp_path), **env)
    return subprocess.run(  # noqa: S603 - our own command, fixed arguments
        [str(FAWANG), "check", "--deploy", "--fail-level", "WARNING"],
        env=base,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _production(**env: str) -> dict[str, str]:
    """The environment production needs, but for ``FAWANG_PUBLIC_URL`` unless given."""
    return {
        "FAWANG_ENV": "production",
        "FAWANG_SECRET_KEY": secrets.token_urlsafe(60),
        "FAWANG_FIELD_KEY": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        "FAWANG_ALLOWED_HOSTS": "fawang.example.gov.cn",
        **env,
    }


def test_the_deploy_check_is_clean_in_production(tmp_path):
    result = _run(tmp_path, **_production(FAWANG_PUBLIC_URL="https://fawang.example.gov.cn"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNING" not in result.stderr and "?:" not in result.stderr


def test_the_deploy_check_flags_a_development_setup(tmp_path):
    """The same check is not blind: development settings are not fit to deploy."""
    result = _run(tmp_path, FAWANG_ENV="development")
    assert result.returncode != 0
    assert "security.W" in result.stderr


def test_production_refuses_to_start_without_its_secrets(tmp_path):
    result = _run(tmp_path, FAWANG_ENV="production", FAWANG_ALLOWED_HOSTS="fawang.example.gov.cn")
    assert result.returncode != 0
    assert "FAWANG_SECRET_KEY must be set" in result.stderr


def test_an_unknown_auto_route_channel_is_refused_at_start(tmp_path):
    result = _run(tmp_path, FAWANG_AUTO_ROUTE_CHANNELS="web,telegram")
    assert result.returncode != 0
    assert "FAWANG_AUTO_ROUTE_CHANNELS" in result.stderr and "telegram" in result.stderr


def test_production_needs_the_public_https_address_for_links_in_messages(tmp_path):
    result = _run(tmp_path, **_production())
    assert result.returncode != 0
    assert "FAWANG_PUBLIC_URL" in result.stderr
