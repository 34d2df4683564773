"""A database password never appears in a message or a log, whatever characters it holds."""

from __future__ import annotations

import pytest

from ai_job_share import databases
from ai_job_share.tools import cli

# A lone or malformed percent sign makes libpq refuse the URL, quoting the token it choked on.
PASSWORDS = ["se%cret", "se%zzcret", "100%", "p@ss%w0rd", "%%", "plain-secret"]


def _url(password: str) -> str:
    return f"postgresql://user:{password}@127.0.0.1:1/warehouse"


def _leaks(password: str, text: str) -> bool:
    """Whether ``text`` shows the password or a recognisable part of it."""
    parts = [part for part in password.replace("@", "%").split("%") if len(part) >= 3]
    return password in text or any(part in text for part in parts)


@pytest.mark.parametrize("password", PASSWORDS)
def test_connection_errors_never_show_the_password(password):
    url = _url(password)
    with pytest.raises(databases.ConfigurationError) as raised:
        databases.connect(url)
    assert not _leaks(password, str(raised.value)), str(raised.value)
    assert not _leaks(password, databases.describe(url))
    try:
        databases.with_database(url, "other")
    except databases.ConfigurationError as error:
        assert not _leaks(password, str(error)), str(error)


@pytest.mark.parametrize("password", PASSWORDS)
def test_the_command_line_reports_a_bad_url_without_the_password(password, monkeypatch, capsys):
    monkeypatch.setenv(databases.WAREHOUSE_URL_ENV, _url(password))
    assert cli.main(["migrate"]) == 2
    captured = capsys.readouterr()
    assert "ai-job-share migrate: error:" in captured.err
    assert not _leaks(password, captured.out + captured.err), captured.err
