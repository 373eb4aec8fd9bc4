"""Delivery through a real SMTP server (aiosmtpd on 127.0.0.1, started here): the message as received,
retries, one-line errors, send-once bookkeeping, STARTTLS and implicit TLS with a certificate made here."""

from __future__ import annotations

import email
import json
import os
import shutil
import socket
import ssl
from concurrent.futures import ThreadPoolExecutor
from email import policy

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from click.testing import CliRunner

from flows.cli import main
from flows.digest.render import CHART_CID
from flows.digest.smtp import SmtpConfigError, SmtpSettings
from tests.test_digest_content import HOSTILE_TITLE, TEAMS_YAML, build_digest_warehouse
from warehouse.digests import digest_history


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Mailbox:
    """An aiosmtpd handler that keeps what it accepts and can answer DATA with failures first."""

    def __init__(self, failures: list[str] | None = None) -> None:
        self.failures = list(failures or [])
        self.attempts = 0
        self.received: list[tuple[list[str], email.message.EmailMessage]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        self.attempts += 1
        if self.failures:
            return self.failures.pop(0)
        message = email.message_from_bytes(envelope.original_content, policy=policy.default)
        self.received.append((list(envelope.rcpt_tos), message))
        return "250 2.0.0 OK"


@pytest.fixture
def smtp_server():
    """Start servers on demand; every one started is stopped at the end of the test."""
    started = []

    def start(mailbox: Mailbox, **options) -> int:
        port = free_port()
        controller = Controller(mailbox, hostname="127.0.0.1", port=port, **options)
        controller.start()
        started.append(controller)
        return port

    yield start
    for controller in started:
        controller.stop()


@pytest.fixture(scope="module")
def warehouse_template(tmp_path_factory):
    return build_digest_warehouse(tmp_path_factory.mktemp("template") / "radar.duckdb")


@pytest.fixture
def warehouse(warehouse_template, tmp_path):
    """A fresh copy per test: each test starts with nothing sent."""
    copy = tmp_path / "radar.duckdb"
    shutil.copyfile(warehouse_template, copy)
    return copy


@pytest.fixture
def teams_file(tmp_path):
    path = tmp_path / "teams.yaml"
    path.write_text(TEAMS_YAML)
    return path


@pytest.fixture
def smtp_env(monkeypatch):
    for name in ("HOST", "PORT", "USER", "PASSWORD", "FROM", "TLS", "CA_FILE", "TIMEOUT", "ATTEMPTS", "RETRY_DELAY"):
        monkeypatch.delenv(f"RADAR_SMTP_{name}", raising=False)

    def configure(port: int, tls: str = "none", **extra: str) -> None:
        settings = {"HOST": "127.0.0.1", "PORT": str(port), "FROM": "radar@example.org", "TLS": tls,
                    "TIMEOUT": "10", "RETRY_DELAY": "0"} | extra
        for name, value in settings.items():
            monkeypatch.setenv(f"RADAR_SMTP_{name}", value)

    return configure


def run_digest(warehouse, teams_file, *args):
    result = CliRunner().invoke(main, ["digest", "--db", str(warehouse), "--teams", str(teams_file),
                                       "--week", "2025-W33", *args])
    return result


def one_line_error(result) -> str:
    assert result.exit_code == 2, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, result.output
    return errors[0]


def history(warehouse, team=None):
    return digest_history(warehouse, team)


@pytest.mark.server
def test_digest_arrives_as_text_and_html_with_inline_chart(warehouse, teams_file, smtp_server, smtp_env):
    mailbox = Mailbox()
    smtp_env(smtp_server(mailbox))
    before = warehouse.stat()
    result = run_digest(warehouse, teams_file, "--team", "cgt-europe", "--send")
    assert result.exit_code == 0, result.output
    assert "cgt-europe 2025-W33: sent to cgt@example.com, lead@example.com" in result.output
    after = warehouse.stat()  # archiving the send never rewrites the published warehouse
    assert (after.st_ino, after.st_mtime_ns, after.st_size) == (before.st_ino, before.st_mtime_ns, before.st_size)
    sql = CliRunner().invoke(main, ["sql", "select team, status, recipients from digests", "--db", str(warehouse),
                                    "--format", "json"])
    assert sql.exit_code == 0, sql.output
    assert json.loads(sql.output) == [{"team": "cgt-europe", "status": "sent",
                                       "recipients": ["cgt@example.com", "lead@example.com"]}]
    [(recipients, message)] = mailbox.received
    assert recipients == ["cgt@example.com", "lead@example.com"]
    assert message["To"] == "cgt@example.com, lead@example.com" and message["From"] == "radar@example.org"
    assert message["Subject"] == ("CDMO radar · cgt-europe · 2025-W33: 1 story — Nordvik Cell Works opens cell "
                                  "therapy plant in Leiden")
    assert message.get_content_type() == "multipart/alternative"
    text = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert "Nordvik Cell Works opens cell therapy plant in Leiden" in text.get_content()
    assert f'src="cid:{CHART_CID}"' in html.get_content()
    [chart] = [part for part in message.walk() if part.get_content_type() == "image/png"]
    assert chart["Content-ID"] == f"<{CHART_CID}>" and chart.get_content_disposition() == "inline"
    assert chart.get_content()[:8] == b"\x89PNG\r\n\x1a\n"
    [row] = history(warehouse, "cgt-europe")
    assert row["status"] == "sent" and row["recipients"] == ["cgt@example.com", "lead@example.com"]
    assert row["iso_week"] == "2025-W33" and row["message_id"] == message["Message-ID"]


@pytest.mark.server
def test_crawled_text_arrives_escaped(warehouse, teams_file, smtp_server, smtp_env):
    mailbox = Mailbox()
    smtp_env(smtp_server(mailbox))
    result = run_digest(warehouse, teams_file, "--team", "all-signals", "--send")
    assert result.exit_code == 0, result.output
    [(_, message)] = mailbox.received
    html = message.get_body(("html",)).get_content()
    assert "<script" not in html and "javascript:" not in html.replace("javascript:alert(2)", "")
    assert "Evil &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in html
    assert HOSTILE_TITLE in message.get_body(("plain",)).get_content()
    archived = history(warehouse, "all-signals")[0]
    assert archived["status"] == "sent"


@pytest.mark.server
def test_quiet_week_is_sent_as_a_short_digest(warehouse, teams_file, smtp_server, smtp_env):
    mailbox = Mailbox()
    smtp_env(smtp_server(mailbox))
    result = CliRunner().invoke(main, ["digest", "--db", str(warehouse), "--teams", str(teams_file), "--week",
                                       "2025-W40", "--team", "all-signals", "--send"])
    assert result.exit_code == 0, result.output
    assert "all-signals 2025-W40: 0 stories (quiet week)" in result.output
    [(_, message)] = mailbox.received
    assert message["Subject"].endswith("2025-W40: quiet week")
    assert "Quiet week" in message.get_body(("plain",)).get_content()
    assert not [p for p in message.walk() if p.get_content_maintype() == "image"]


@pytest.mark.server
def test_not_sent_twice_unless_forced(warehouse, teams_file, smtp_server, smtp_env):
    mailbox = Mailbox()
    smtp_env(smtp_server(mailbox))
    assert run_digest(warehouse, teams_file, "--team", "cgt-europe", "--send").exit_code == 0
    again = run_digest(warehouse, teams_file, "--team", "cgt-europe", "--send")
    assert again.exit_code == 0 and "already sent to cgt@example.com, lead@example.com on" in again.output
    assert "--force" in again.output and len(mailbox.received) == 1
    # A one-off send to someone else is its own delivery, and does not count as the team's.
    other = run_digest(warehouse, teams_file, "--team", "cgt-europe", "--to", "me@example.net", "--send")
    assert other.exit_code == 0 and mailbox.received[-1][0] == ["me@example.net"]
    forced = run_digest(warehouse, teams_file, "--team", "cgt-europe", "--send", "--force")
    assert forced.exit_code == 0 and "sent to cgt@example.com, lead@example.com" in forced.output
    assert len(mailbox.received) == 3
    assert [r["status"] for r in history(warehouse, "cgt-europe")] == ["sent", "sent", "sent"]


@pytest.mark.server
def test_new_recipient_gets_the_week_others_already_had(warehouse, teams_file, tmp_path, smtp_server, smtp_env):
    mailbox = Mailbox()
    smtp_env(smtp_server(mailbox))
    assert run_digest(warehouse, teams_file, "--team", "cgt-europe", "--send").exit_code == 0
    teams_file.write_text(TEAMS_YAML.replace("[cgt@example.com, lead@example.com]",
                                             "[cgt@example.com, lead@example.com, new@example.com]"))
    result = run_digest(warehouse, teams_file, "--team", "cgt-europe", "--send")
    assert result.exit_code == 0, result.output
    assert mailbox.received[-1][0] == ["new@example.com"]
    assert "already had it: cgt@example.com, lead@example.com" in result.output


@pytest.mark.server
def test_transient_failure_is_retried(warehouse, teams_file, smtp_server, smtp_env):
    mailbox = Mailbox(failures=["451 4.3.0 Mailbox busy, try again later"])
    smtp_env(smtp_server(mailbox))
    result = run_digest(warehouse, teams_file, "--team", "cgt-europe", "--send")
    assert result.exit_code == 0, result.output
    assert "attempt 1 failed (451 4.3.0 Mailbox busy, try again later); trying again" in result.output
    assert "after 2 attempts" in result.output
    assert mailbox.attempts == 2 and len(mailbox.received) == 1


@pytest.mark.server
def test_failing_server_gives_one_line_error_after_retries(warehouse, teams_file, smtp_server, smtp_env):
    mailbox = Mailbox(failures=["451 4.3.0 Temporary local problem"] * 5)
    port = smtp_server(mailbox)
    smtp_env(port, ATTEMPTS="3")
    result = run_digest(warehouse, teams_file, "--team", "cgt-europe", "--send")
    error = one_line_error(result)
    assert error == (f"error: cgt-europe 2025-W33: SMTP 127.0.0.1:{port}: 451 4.3.0 Temporary local problem "
                     "after 3 attempts")
    assert mailbox.attempts == 3 and result.output.count("trying again") == 2
    [row] = history(warehouse, "cgt-europe")
    assert row["status"] == "failed" and row["sent_at"] is None and "451" in row["error"]
    # Nothing was delivered, so the next run sends it.
    mailbox.failures.clear()
    assert run_digest(warehouse, teams_file, "--team", "cgt-europe", "--send").exit_code == 0
    assert len(mailbox.received) == 1


@pytest.mark.server
def test_permanent_failure_is_not_retried(warehouse, teams_file, smtp_server, smtp_env):
    mailbox = Mailbox(failures=["554 5.6.0 Message rejected as spam"])
    port = smtp_server(mailbox)
    smtp_env(port)
    error = one_line_error(run_digest(warehouse, teams_file, "--team", "cgt-europe", "--send"))
    assert error == f"error: cgt-europe 2025-W33: SMTP 127.0.0.1:{port}: 554 5.6.0 Message rejected as spam"
    assert mailbox.attempts == 1


def test_no_server_listening(warehouse, teams_file, smtp_env):
    port = free_port()
    smtp_env(port, ATTEMPTS="2")
    result = run_digest(warehouse, teams_file, "--team", "cgt-europe", "--send")
    assert one_line_error(result) == (f"error: cgt-europe 2025-W33: SMTP 127.0.0.1:{port}: connection refused "
                                      "after 2 attempts")
    assert "attempt 1 failed (connection refused); trying again" in result.output


@pytest.mark.server
def test_every_team_and_one_failure_reported(warehouse, teams_file, smtp_server, smtp_env):
    mailbox = Mailbox()
    smtp_env(smtp_server(mailbox))
    result = run_digest(warehouse, teams_file, "--send")
    assert result.exit_code == 0, result.output
    assert sorted(r for recipients, _ in mailbox.received for r in recipients) == \
        ["bd@example.com", "cgt@example.com", "lead@example.com"]


@pytest.mark.server
def test_concurrent_senders_send_once(warehouse, smtp_server, smtp_env):
    """A scheduled run and a manual one at the same moment: the send lock lets only one of them send."""
    from flows.digest.delivery import build_team_digest, deliver_digest
    from tests.test_digest_content import GENERATED_AT, WEEK, team

    mailbox = Mailbox()
    smtp_env(smtp_server(mailbox))
    settings = SmtpSettings.from_env(dict(os.environ))
    built = build_team_digest(warehouse, team("cgt-europe"), WEEK, GENERATED_AT)
    with ThreadPoolExecutor(max_workers=3) as pool:
        outcomes = list(pool.map(lambda _: deliver_digest(warehouse, built, ["cgt@example.com"], settings),
                                 range(3)))
    assert sorted(o.status for o in outcomes) == ["sent", "skipped", "skipped"]
    assert len(mailbox.received) == 1


@pytest.fixture(scope="module")
def certificate_authority():
    return trustme.CA()


@pytest.fixture
def tls_files(certificate_authority, tmp_path):
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    certificate_authority.issue_cert("127.0.0.1", "localhost").configure_cert(server_context)
    ca_file = tmp_path / "ca.pem"
    certificate_authority.cert_pem.write_to_path(str(ca_file))
    return server_context, ca_file


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data == (b"radar", b"s3cret pass")
    return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd itself answers 235 or 535


@pytest.mark.server
def test_starttls_with_login(warehouse, teams_file, smtp_server, smtp_env, tls_files):
    server_context, ca_file = tls_files
    mailbox = Mailbox()
    port = smtp_server(mailbox, tls_context=server_context, require_starttls=True, authenticator=authenticator,
                       auth_required=True, auth_require_tls=True)
    smtp_env(port, tls="starttls", CA_FILE=str(ca_file), USER="radar", PASSWORD="s3cret pass")
    result = run_digest(warehouse, teams_file, "--team", "cgt-europe", "--send")
    assert result.exit_code == 0, result.output
    assert len(mailbox.received) == 1
    smtp_env(port, tls="starttls", CA_FILE=str(ca_file), USER="radar", PASSWORD="wrong")
    error = one_line_error(run_digest(warehouse, teams_file, "--team", "cgt-europe", "--send", "--force"))
    assert f"SMTP 127.0.0.1:{port}: login refused (535" in error and "attempts" not in error
    assert "wrong" not in error


@pytest.mark.server
def test_implicit_tls(warehouse, teams_file, smtp_server, smtp_env, tls_files):
    server_context, ca_file = tls_files
    mailbox = Mailbox()
    port = smtp_server(mailbox, ssl_context=server_context)
    smtp_env(port, tls="ssl", CA_FILE=str(ca_file))
    result = run_digest(warehouse, teams_file, "--team", "cgt-europe", "--send")
    assert result.exit_code == 0, result.output
    assert len(mailbox.received) == 1


@pytest.mark.server
def test_untrusted_certificate_is_refused_not_retried(warehouse, teams_file, smtp_server, smtp_env, tls_files):
    server_context, _ = tls_files
    mailbox = Mailbox()
    port = smtp_server(mailbox, ssl_context=server_context)
    smtp_env(port, tls="ssl", ATTEMPTS="3")  # no CA file: the system store does not know our test CA
    error = one_line_error(run_digest(warehouse, teams_file, "--team", "cgt-europe", "--send"))
    assert f"SMTP 127.0.0.1:{port}: TLS certificate not trusted" in error and "RADAR_SMTP_CA_FILE" in error
    assert "attempts" not in error and mailbox.received == []


@pytest.mark.parametrize(("env", "needle"), [
    ({}, "RADAR_SMTP_HOST is not set"),
    ({"RADAR_SMTP_HOST": "smtp.example.org"}, "RADAR_SMTP_FROM is not set"),
    ({"RADAR_SMTP_HOST": "h", "RADAR_SMTP_FROM": "a@b.org", "RADAR_SMTP_TLS": "tls1.3"}, "RADAR_SMTP_TLS='tls1.3'"),
    ({"RADAR_SMTP_HOST": "h", "RADAR_SMTP_FROM": "nobody"}, "RADAR_SMTP_FROM: 'nobody' is not an e-mail address"),
    ({"RADAR_SMTP_HOST": "h", "RADAR_SMTP_FROM": "a@b.org", "RADAR_SMTP_PORT": "smtp"}, "RADAR_SMTP_PORT='smtp'"),
    ({"RADAR_SMTP_HOST": "h", "RADAR_SMTP_FROM": "a@b.org", "RADAR_SMTP_USER": "u"}, "RADAR_SMTP_PASSWORD is not set"),
    ({"RADAR_SMTP_HOST": "smtp.example.org", "RADAR_SMTP_FROM": "a@b.org", "RADAR_SMTP_TLS": "none",
      "RADAR_SMTP_USER": "u", "RADAR_SMTP_PASSWORD": "p"}, "refusing to send the password unencrypted"),
])
def test_smtp_settings_errors_name_the_variable(env, needle):
    with pytest.raises(SmtpConfigError) as info:
        SmtpSettings.from_env(env)
    assert needle in str(info.value) and "\n" not in str(info.value)


def test_smtp_settings_defaults():
    settings = SmtpSettings.from_env({"RADAR_SMTP_HOST": "smtp.example.org", "RADAR_SMTP_FROM": "Radar <r@x.org>"})
    assert (settings.port, settings.tls, settings.user, settings.attempts) == (587, "starttls", None, 3)
    assert SmtpSettings.from_env({"RADAR_SMTP_HOST": "h", "RADAR_SMTP_FROM": "r@x.org",
                                  "RADAR_SMTP_TLS": "ssl"}).port == 465
    assert "s3cret" not in repr(SmtpSettings.from_env({"RADAR_SMTP_HOST": "h", "RADAR_SMTP_FROM": "r@x.org",
                                                       "RADAR_SMTP_USER": "u", "RADAR_SMTP_PASSWORD": "s3cret"}))


def test_cli_refuses_bad_input_in_one_line(warehouse, teams_file, tmp_path, smtp_env):
    def error(*args):
        return one_line_error(CliRunner().invoke(main, ["digest", "--db", str(warehouse), "--teams",
                                                        str(teams_file), *args]))

    assert "'2025-W60'" in error("--week", "2025-W60") or "2025 has no ISO week 60" in error("--week", "2025-W60")
    assert "no team 'nope'" in error("--team", "nope")
    assert "--to 'not-an-address' is not an e-mail address" in error("--to", "not-an-address", "--send")
    assert "RADAR_SMTP_HOST is not set" in error("--send")
    assert "--to only applies with --send" in error("--to", "me@example.net")
    missing = tmp_path / "none.duckdb"
    assert str(missing) in one_line_error(CliRunner().invoke(
        main, ["digest", "--db", str(missing), "--teams", str(teams_file), "--week", "2025-W33"]))
    bad_teams = tmp_path / "bad.yaml"
    bad_teams.write_text("teams:\n  - name: x\n    recipients: [x@example.com]\n    filters: {regions: [Mars]}\n")
    message = one_line_error(CliRunner().invoke(main, ["digest", "--db", str(warehouse), "--teams",
                                                       str(bad_teams)]))
    assert str(bad_teams) in message and "team 'x'" in message and "filters.regions" in message


def test_out_writes_files_without_sending(warehouse, teams_file, tmp_path):
    result = run_digest(warehouse, teams_file, "--out", str(tmp_path / "out" / "digest.html"))
    assert result.exit_code == 0, result.output
    for team in ("all-signals", "cgt-europe"):
        for suffix in (".html", ".txt", ".md", ".png", ".eml"):
            assert (tmp_path / "out" / f"digest-{team}{suffix}").is_file()
    html = (tmp_path / "out" / "digest-cgt-europe.html").read_text()
    assert 'src="digest-cgt-europe.png"' in html and "cid:" not in html
    saved = email.message_from_bytes((tmp_path / "out" / "digest-cgt-europe.eml").read_bytes(), policy=policy.default)
    assert saved["To"] == "cgt@example.com, lead@example.com" and saved.get_body(("html",)) is not None
    assert history(warehouse) == []  # files only: nothing sent, nothing archived


def test_print_markdown_by_default(warehouse, teams_file):
    result = run_digest(warehouse, teams_file, "--team", "cgt-europe")
    assert result.exit_code == 0
    assert "# CDMO radar: weekly digest for cgt-europe" in result.output
