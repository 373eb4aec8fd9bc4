"""SMTP delivery: settings from RADAR_SMTP_* (secrets from the environment only), TLS none/starttls/ssl,
optional login, retries with backoff on transient failures, a one-line reason on failure.
"""

from __future__ import annotations

import smtplib
import socket
import ssl
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.message import EmailMessage
from ipaddress import ip_address

from flows.digest.teams import check_address

TLS_MODES = ("none", "starttls", "ssl")
DEFAULT_PORTS = {"none": 25, "starttls": 587, "ssl": 465}


class SmtpConfigError(ValueError):
    """RADAR_SMTP_* settings that cannot work; the message names the variable."""


class DeliveryError(RuntimeError):
    """The server did not take the message; `transient` says whether a later run may succeed."""

    def __init__(self, message: str, transient: bool, attempts: int) -> None:
        super().__init__(message)
        self.transient = transient
        self.attempts = attempts


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    sender: str
    tls: str = "starttls"
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    ca_file: str | None = None  # a private CA (e.g. a company relay's); the system store otherwise
    timeout: float = 30.0
    attempts: int = 3
    retry_delay: float = 5.0  # seconds before the 2nd attempt; doubles each time

    @property
    def where(self) -> str:
        return f"SMTP {self.host}:{self.port}"

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> SmtpSettings:
        """RADAR_SMTP_HOST (required), _PORT, _USER, _PASSWORD, _FROM (required), _TLS (none|starttls|ssl,
        default starttls), _CA_FILE, _TIMEOUT, _ATTEMPTS, _RETRY_DELAY."""
        def get(name: str) -> str | None:
            value = env.get(f"RADAR_SMTP_{name}")
            return value.strip() if value and value.strip() else None

        host = get("HOST")
        if not host:
            raise SmtpConfigError("RADAR_SMTP_HOST is not set: the SMTP server to send through")
        tls = (get("TLS") or "starttls").lower()
        if tls not in TLS_MODES:
            raise SmtpConfigError(f"RADAR_SMTP_TLS={tls!r}: expected one of {', '.join(TLS_MODES)}")
        sender = get("FROM")
        if not sender:
            raise SmtpConfigError("RADAR_SMTP_FROM is not set: the digest's sender address")
        try:
            check_address(sender)
        except ValueError as exc:
            raise SmtpConfigError(f"RADAR_SMTP_FROM: {exc}") from None
        user, password = get("USER"), env.get("RADAR_SMTP_PASSWORD") or None
        if bool(user) != bool(password):
            missing = "RADAR_SMTP_PASSWORD" if user else "RADAR_SMTP_USER"
            raise SmtpConfigError(f"{missing} is not set: login needs both RADAR_SMTP_USER and RADAR_SMTP_PASSWORD")
        if user and tls == "none" and not _is_loopback(host):
            raise SmtpConfigError(f"RADAR_SMTP_TLS=none with a login to {host}: refusing to send the password "
                                  "unencrypted; use starttls or ssl")
        return cls(
            host=host, port=_number(get("PORT"), "PORT", int, DEFAULT_PORTS[tls]), sender=sender, tls=tls,
            user=user, password=password, ca_file=get("CA_FILE"),
            timeout=_number(get("TIMEOUT"), "TIMEOUT", float, 30.0),
            attempts=max(1, _number(get("ATTEMPTS"), "ATTEMPTS", int, 3)),
            retry_delay=max(0.0, _number(get("RETRY_DELAY"), "RETRY_DELAY", float, 5.0)),
        )


def _number(value: str | None, name: str, kind: type, default):  # type: ignore[no-untyped-def]
    if value is None:
        return default
    try:
        return kind(value)
    except ValueError:
        raise SmtpConfigError(f"RADAR_SMTP_{name}={value!r}: expected a number") from None


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class SendResult:
    delivered: tuple[str, ...]
    refused: dict[str, str]  # address → the server's reply, for recipients it turned down
    attempts: int


def _tls_context(settings: SmtpSettings) -> ssl.SSLContext:
    # Certificates are always verified: against RADAR_SMTP_CA_FILE when given, else the system store.
    return ssl.create_default_context(cafile=settings.ca_file)


def _reply(code: int, text: bytes | str) -> str:
    text = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    return f"{code} {' '.join(text.split())}"


def classify(exc: BaseException) -> tuple[str, bool]:
    """A one-line reason for an SMTP failure and whether trying again later can help."""
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return f"login refused ({_reply(exc.smtp_code, exc.smtp_error)})", False
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        replies = {addr: _reply(code, text) for addr, (code, text) in exc.recipients.items()}
        transient = all(400 <= code < 500 for code, _ in exc.recipients.values())
        return "all recipients refused (" + "; ".join(f"{a}: {r}" for a, r in replies.items()) + ")", transient
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return f"server does not support it ({exc})", False
    if isinstance(exc, smtplib.SMTPResponseException):
        return _reply(exc.smtp_code, exc.smtp_error), 400 <= exc.smtp_code < 500
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return f"connection closed by the server ({exc or 'no reason given'})", True
    if isinstance(exc, ssl.SSLCertVerificationError):
        return f"TLS certificate not trusted ({exc.verify_message}); set RADAR_SMTP_CA_FILE for a private CA", False
    if isinstance(exc, ssl.SSLError):
        return f"TLS failed ({exc.reason or exc})", False
    if isinstance(exc, socket.gaierror):
        return f"cannot resolve the host ({exc.strerror})", False
    if isinstance(exc, (TimeoutError, socket.timeout)):
        return "timed out", True
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused", True
    if isinstance(exc, OSError):
        return f"network error ({exc.strerror or exc})", True
    return str(exc) or type(exc).__name__, False


def _send_once(message: EmailMessage, settings: SmtpSettings, recipients: list[str]) -> dict[str, str]:
    if settings.tls == "ssl":
        client: smtplib.SMTP = smtplib.SMTP_SSL(settings.host, settings.port, timeout=settings.timeout,
                                                context=_tls_context(settings))
    else:
        client = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
    with client:
        client.ehlo()
        if settings.tls == "starttls":
            client.starttls(context=_tls_context(settings))
            client.ehlo()
        if settings.user:
            client.login(settings.user, settings.password or "")
        refused = client.send_message(message, from_addr=check_address(settings.sender), to_addrs=recipients)
    return {address: _reply(code, text) for address, (code, text) in refused.items()}


def send_with_retries(message: EmailMessage, settings: SmtpSettings, recipients: list[str],
                      sleep: Callable[[float], None] = time.sleep,
                      on_retry: Callable[[int, str], None] | None = None) -> SendResult:
    """Send to `recipients`; try again after transient failures (4xx replies, network errors).

    Raises DeliveryError with a one-line reason naming the server when every attempt failed or the failure
    is permanent (5xx, refused login, untrusted certificate).
    """
    delay = settings.retry_delay
    for attempt in range(1, settings.attempts + 1):
        try:
            refused = _send_once(message, settings, recipients)
        except (smtplib.SMTPException, OSError) as exc:
            reason, transient = classify(exc)
            if not transient or attempt == settings.attempts:
                tries = f" after {attempt} attempts" if attempt > 1 else ""
                raise DeliveryError(f"{settings.where}: {reason}{tries}", transient, attempt) from exc
            if on_retry:
                on_retry(attempt, reason)
            sleep(delay)
            delay *= 2
            continue
        delivered = tuple(r for r in recipients if r not in refused)
        return SendResult(delivered=delivered, refused=refused, attempts=attempt)
    raise AssertionError("unreachable: the loop returns or raises")
