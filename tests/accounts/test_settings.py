"""Configuration: typed env helpers fail loudly; production checks refuse unsafe settings (C1)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from bangkom.env import env_bool, env_int, env_list, env_secret


def test_env_bool_refuses_ambiguous_values(monkeypatch):
    monkeypatch.setenv("BANGKOM_X", "yes")
    with pytest.raises(ImproperlyConfigured):
        env_bool("BANGKOM_X", default=False)
    monkeypatch.setenv("BANGKOM_X", "on")
    assert env_bool("BANGKOM_X", default=False) is True


def test_env_int_and_list(monkeypatch):
    monkeypatch.setenv("BANGKOM_N", "x")
    with pytest.raises(ImproperlyConfigured):
        env_int("BANGKOM_N", default=1)
    monkeypatch.setenv("BANGKOM_L", " a, b ,,c ")
    assert env_list("BANGKOM_L", default=[]) == ["a", "b", "c"]


def test_env_secret_reads_a_file_and_refuses_both(monkeypatch, tmp_path):
    secret = tmp_path / "key"
    secret.write_text("from-file\n")
    monkeypatch.setenv("BANGKOM_S_FILE", str(secret))
    assert env_secret("BANGKOM_S") == "from-file"
    monkeypatch.setenv("BANGKOM_S", "direct")
    with pytest.raises(ImproperlyConfigured):
        env_secret("BANGKOM_S")


def run_bangkom(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("BANGKOM_", "DJANGO_"))}
    return subprocess.run(
        [sys.executable, "-m", "bangkom.cli", *args],
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


PRODUCTION = {
    "BANGKOM_SECRET_KEY": "k3y-" + "abcdefghijklmnopqrstuvwxyz0123456789" * 2,
    "BANGKOM_ALLOWED_HOSTS": "bangkom.example.go.id",
    "BANGKOM_DEBUG": "0",
}


def test_deploy_check_is_clean_with_production_settings(tmp_path):
    result = run_bangkom(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={**PRODUCTION, "BANGKOM_DATA_DIR": str(tmp_path)},
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_without_secret_key_refuses_to_start(tmp_path):
    env = {**PRODUCTION, "BANGKOM_DATA_DIR": str(tmp_path)}
    del env["BANGKOM_SECRET_KEY"]
    result = run_bangkom("check", env=env)
    assert result.returncode != 0
    assert "BANGKOM_SECRET_KEY" in result.stderr


def test_production_with_a_weak_key_or_open_hosts_is_refused(tmp_path):
    env = {
        **PRODUCTION,
        "BANGKOM_DATA_DIR": str(tmp_path),
        "BANGKOM_SECRET_KEY": "short",
        "BANGKOM_ALLOWED_HOSTS": "*",
    }
    result = run_bangkom("check", env=env)
    assert result.returncode != 0
    assert "bangkom.E001" in result.stderr
    assert "bangkom.E002" in result.stderr


def test_development_generates_and_keeps_a_secret_key(tmp_path):
    env = {"BANGKOM_DEBUG": "1", "BANGKOM_DATA_DIR": str(tmp_path)}
    assert run_bangkom("check", env=env).returncode == 0
    key = (tmp_path / "secret_key").read_text()
    assert run_bangkom("check", env=env).returncode == 0
    assert (tmp_path / "secret_key").read_text() == key
